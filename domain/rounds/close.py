"""Closing a round (督查通报): publish the bulletin as markdown and .docx and notify towns and leadership.

Idempotent: closing a closed round writes nothing and queues nothing again. The use case `close_round`
(domain/rounds/use_cases.py) is the one way to close a round: it adds the occurrence's close on its CycleRun,
what `after:` cycles follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from config.district import DistrictConfig
from config.errors import InputError, Problem
from domain.outbox import Outgoing, enqueue
from domain.rounds.bulletin import BulletinFigures, bulletin_document, bulletin_figures, town_summary
from domain.rounds.finding_issues import closed_between
from domain.rounds.plan import get_round
from models.audit import record_audit
from models.org import Town, Village
from models.rounds import InspectionRound, RoundStatus, Visit


@dataclass(frozen=True)
class RoundClosed:
    """A round's bulletin published (`created` False: it was closed already; nothing was written or queued)."""

    key: str
    cycle_key: str
    occurrence: date
    created: bool
    markdown: Path
    docx: Path
    figures: BulletinFigures
    messages: int


def bulletin_paths(outputs_dir: Path, key: str) -> tuple[Path, Path]:
    base = Path(outputs_dir).resolve() / "bulletins" / f"{key}-督查通报"  # absolute: delivery may run elsewhere
    return base.with_suffix(".md"), base.with_suffix(".docx")


def open_rounds_before(session: Session, occurrence: date) -> list[str]:
    """The keys of the rounds still planned (not closed) before an occurrence, oldest first."""
    return list(session.exec(select(InspectionRound.key).where(
        InspectionRound.status == RoundStatus.planned, InspectionRound.occurrence < occurrence)
        .order_by(InspectionRound.occurrence)))


def publish_bulletin(session: Session, cfg: DistrictConfig, key: str, *, at: datetime, actor: str,
                     outputs_dir: Path) -> RoundClosed:
    """Publish the round's bulletin, mark the round closed and queue the bulletin messages (the use case
    `close_round` adds the occurrence's close)."""
    rnd = get_round(session, key)
    # two closes at once (a flow and a coordinator): the second waits here for the first to commit and then
    # finds the round closed (a row lock on PostgreSQL; SQLite lets one writer at a time anyway)
    session.refresh(rnd, with_for_update=True)
    until = rnd.closed_at or at
    figures = bulletin_figures(session, rnd, cfg.issues.categories, closed_between(session, since(session, rnd), until))
    if rnd.status is RoundStatus.closed:
        return RoundClosed(key, rnd.cycle_key, rnd.occurrence, False, Path(rnd.bulletin_md), Path(rnd.bulletin_docx),
                           figures, 0)
    md, docx = bulletin_paths(outputs_dir, key)
    doc = bulletin_document(figures)
    doc.write_markdown(md)
    doc.write_docx(docx)
    done = session.execute(sa.update(InspectionRound).where(
        InspectionRound.id == rnd.id, InspectionRound.status == RoundStatus.planned).values(
        status=RoundStatus.closed, closed_at=at, bulletin_md=str(md), bulletin_docx=str(docx))
        .execution_options(preserve_rowcount=True))
    if done.rowcount == 0:  # another `rounds close` closed it since we read it: its bulletin and messages stand
        raise InputError(f"轮次 {key} 已被另一个进程同时关闭，本次未重复发布（未写入任何内容）", [Problem(
            f"轮次 {key}", "通报与消息以先完成的一次为准；用 `dudao rounds show` 查看")])
    record_audit(session, at=at, actor=actor, entity="round", entity_id=key, action="close", from_state="planned",
                 to_state="closed", note=f"bulletin {docx.name}")
    messages = enqueue(session, bulletin_messages(session, rnd, figures, docx), at=at)
    session.expire_all()
    return RoundClosed(key, rnd.cycle_key, rnd.occurrence, True, md, docx, figures, len(messages))


def since(session: Session, rnd: InspectionRound) -> datetime:
    """Where "issues closed since the last round" starts: the previous round's close, else this round's plan."""
    before = session.execute(sa.select(InspectionRound.closed_at).where(
        InspectionRound.occurrence < rnd.occurrence, InspectionRound.closed_at.is_not(None))
        .order_by(InspectionRound.occurrence.desc()).limit(1)).scalar()
    return before or rnd.planned_at


def bulletin_messages(session: Session, rnd: InspectionRound, f: BulletinFigures, docx: Path) -> list[Outgoing]:
    """Leadership gets the summary and the .docx; each town with visits gets its own line and the .docx."""
    title = f"{f.district}两周一督查通报（{rnd.key}）"
    t = f.total
    text = (f"{title}：应督查{t.planned}个村（社区），已督查{t.done}个，未走访{t.not_visited}个，"
            f"未报送{t.unreported}个" + (f"，平均得分{t.average:.1f}分" if t.average is not None else "")
            + f"，新发现问题{f.new_issue_total}个。全文见附件 {docx.name}。")
    item = f"round:{rnd.key}"
    out = [Outgoing("leadership", item, "bulletin", rnd.key,
                    {"title": title, "text": text, "attachments": [str(docx)]})]
    towns = session.execute(sa.select(Town.code, Town.name).distinct().join(Village, Village.town_id == Town.id)
                            .join(Visit, Visit.village_id == Village.id).where(Visit.round_id == rnd.id)
                            .order_by(Town.code)).all()
    for code, name in towns:
        out.append(Outgoing(f"town:{code}", item, "bulletin", rnd.key, {
            "title": title, "text": town_summary(f, name) + f"全文见附件 {docx.name}。", "attachments": [str(docx)]}))
    return out
