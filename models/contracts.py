"""The contract clean-up (经营合同清理): operating contracts per village, their review stages and clean-up.

Clean columns for the year's report: each stage's deadline, completion date and result; the contract's
verdict (the result of its latest completed stage) and the clean-up's outcome and date.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import JSON, Field, SQLModel

from models.types import enum_type


class ReviewResult(StrEnum):
    compliant = "compliant"  # 合规
    non_compliant = "non_compliant"  # 不合规


class CleanOutcome(StrEnum):
    rectify = "rectify"  # 整改 (an issue; cleaned when it is closed)
    terminate = "terminate"  # 终止 (解除合同)


class Contract(SQLModel, table=True):
    """经营合同: natural key `code` (合同编号)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    village_id: int = Field(foreign_key="village.id", index=True)
    counterparty: str = Field(max_length=128, description="承包方/承租方")
    subject: str = Field(max_length=128, description="合同标的")
    amount_yuan: int | None = Field(default=None, description="合同金额")
    rent_yuan: int | None = Field(default=None, description="年租金")
    signed_on: date | None = None
    term_start: date | None = None
    term_end: date | None = None
    review_started_on: date = Field(description="清理启动日期: the first stage's deadline counts from here")
    verdict: ReviewResult | None = Field(default=None, sa_type=enum_type(ReviewResult))
    verdict_stage: str | None = Field(default=None, max_length=32)
    verdict_on: date | None = None
    reasons: list[str] = Field(default_factory=list, sa_type=JSON)
    outcome: CleanOutcome | None = Field(default=None, sa_type=enum_type(CleanOutcome))
    cleaned_on: date | None = Field(default=None, index=True, description="清理完成: terminated, or the issue closed")
    issue_id: int | None = Field(default=None, foreign_key="issue.id", description="the rectification issue")
    recovered_yuan: int | None = Field(default=None, description="追回资金（元）")
    added_yuan_per_year: int | None = Field(default=None, description="每年增加收益（元/年）")
    note: str | None = Field(default=None, max_length=500)
    updated_at: datetime
    updated_by: str = Field(max_length=64)


class ContractReview(SQLModel, table=True):
    """审查: one stage of a contract's review (村级自查 → 镇级初审 → 区级联审)."""

    __table_args__ = (sa.UniqueConstraint("contract_id", "stage", name="uq_contract_review_stage"),)

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    stage: str = Field(max_length=32, description="the config's stage key")
    owner: str = Field(max_length=64, description="audience tag: village:<code>, town:<code>, department:<key>")
    deadline: date | None = Field(default=None, description="a working day; None until the previous stage is done")
    done_on: date | None = None
    result: ReviewResult | None = Field(default=None, sa_type=enum_type(ReviewResult))
    reasons: list[str] = Field(default_factory=list, sa_type=JSON)
