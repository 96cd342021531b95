"""What the contract clean-up sends (合同审查提醒与逾期通知): before a review stage's deadline a reminder to its
owner, and after it an overdue notice, each once (outbox key: <owner> / contract:<code>:<stage> /
contract-remind | contract-overdue / <deadline>). A stage whose deadline moves gets its own messages for the
new deadline; a cleaned contract is reminded of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ, cn_date
from config.ledgers import ContractRules
from domain.calendar import WorkingCalendar
from domain.outbox import Outgoing, enqueue
from models.contracts import Contract, ContractReview
from models.org import Town, Village

REMIND_AT = time(9, 0)
REMIND, OVERDUE = "contract-remind", "contract-overdue"


@dataclass(frozen=True)
class ContractSweep:
    reminders_queued: int
    overdue_queued: int
    cleaned: list[str]  # rectified contracts whose issue closed since the last pass

    @property
    def text(self) -> str:
        out = f"合同清理：审查提醒入队 {self.reminders_queued} 条，逾期通知入队 {self.overdue_queued} 条"
        return out + (f"，{len(self.cleaned)} 份合同整改销号后清理完成" if self.cleaned else "")


def stage_notices(session: Session, rules: ContractRules, cal: WorkingCalendar, *, as_of: datetime
                  ) -> tuple[list[Outgoing], list[Outgoing]]:
    """(reminders, overdue notices) due at `as_of` for every stage with a deadline and not done."""
    today = as_of.astimezone(DISTRICT_TZ).date()
    names = {s.key: s.name for s in rules.stages}
    rows = session.execute(
        sa.select(Contract.code, Contract.subject, Village.name, Town.name, ContractReview.stage,
                  ContractReview.owner, ContractReview.deadline)
        .join(Contract, Contract.id == ContractReview.contract_id).join(Village, Village.id == Contract.village_id)
        .join(Town, Town.id == Village.town_id)
        .where(ContractReview.done_on.is_(None), ContractReview.deadline.is_not(None),
               Contract.cleaned_on.is_(None), Contract.outcome.is_(None), Village.active)
        .order_by(Contract.code)).all()
    reminders, overdue = [], []
    remind_memo: dict = {}
    for code, subject, village, town, stage, owner, deadline in rows:
        if deadline not in remind_memo:
            remind_memo[deadline] = cal.subtract_working_days(deadline, rules.remind_days_before)
        remind_on = remind_memo[deadline]
        what = f"{town}{village}经营合同{code}（{subject}）的{names.get(stage, stage)}"
        item = f"contract:{code}:{stage}"
        if remind_on <= today <= deadline:
            reminders.append(Outgoing(owner, item, REMIND, deadline.isoformat(), {
                "title": f"合同清理审查提醒：{names.get(stage, stage)}",
                "text": f"【合同清理提醒】{what}须于{cn_date(deadline)}前完成，请按期报送审查结论。"},
                max(as_of, datetime.combine(remind_on, REMIND_AT, DISTRICT_TZ))))
        elif today > deadline:
            overdue.append(Outgoing(owner, item, OVERDUE, deadline.isoformat(), {
                "title": f"合同清理审查逾期：{names.get(stage, stage)}",
                "text": f"【合同清理逾期】{what}期限为{cn_date(deadline)}，已逾期"
                        f"{cal.working_days_between(deadline, today)}个工作日，请尽快完成。"}))
    return reminders, overdue


def queue_stage_notices(session: Session, rules: ContractRules, cal: WorkingCalendar, *, as_of: datetime
                        ) -> tuple[int, int]:
    reminders, overdue = stage_notices(session, rules, cal, as_of=as_of)
    return len(enqueue(session, reminders, at=as_of)), len(enqueue(session, overdue, at=as_of))
