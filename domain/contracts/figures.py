"""The contract clean-up's figures for a year (the work report's slot #41 and its drill-down), one statement:
contracts reviewed (a stage done in the year), found non-compliant (the verdict reached in the year), cleaned
(rectified — the issue closed — or terminated, in the year, of contracts found non-compliant), yuan recovered and
added per year by those cleaned, and the reasons of the non-compliant ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from models.contracts import CleanOutcome, Contract, ContractReview, ReviewResult


@dataclass(frozen=True)
class ContractFigures:
    year: int
    as_of: date
    contracts: int
    reviewed: int
    non_compliant: int
    cleaned: int  # slot #41
    rectified: int
    terminated: int
    recovered_yuan: int
    added_yuan_per_year: int
    reasons: dict[str, int] = field(default_factory=dict)


def contract_figures(session: Session, year: int, *, today: date) -> ContractFigures:
    start, until = date(year, 1, 1), min(date(year, 12, 31), today)
    bad = Contract.verdict == ReviewResult.non_compliant
    cleaned = sa.and_(bad, Contract.cleaned_on.between(start, until))
    reviewed = sa.select(ContractReview.contract_id).where(ContractReview.done_on.between(start, until)).distinct()
    row = session.execute(sa.select(
        sa.func.count(),
        sa.func.count().filter(Contract.id.in_(reviewed)),
        sa.func.count().filter(bad, Contract.verdict_on.between(start, until)),
        sa.func.count().filter(cleaned),
        sa.func.count().filter(cleaned, Contract.outcome == CleanOutcome.rectify),
        sa.func.count().filter(cleaned, Contract.outcome == CleanOutcome.terminate),
        sa.func.coalesce(sa.func.sum(Contract.recovered_yuan).filter(cleaned), 0),
        sa.func.coalesce(sa.func.sum(Contract.added_yuan_per_year).filter(cleaned), 0))).one()
    reasons = Counter(r for (rs,) in session.execute(sa.select(Contract.reasons).where(
        bad, Contract.verdict_on.between(start, until))) for r in (rs or []))
    return ContractFigures(year, until, *[int(x) for x in row], dict(reasons.most_common()))
