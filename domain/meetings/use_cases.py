"""The meetings' operations (每周例会、联席会议): record one, load a sheet of them, list them with their figures —
each on a unit of work. CLI commands and the demo call these and nothing below them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import select

from adapters.sheets import Table
from config.dates import DISTRICT_TZ, cn_date, cn_month_day
from config.errors import ConfigError, NotFound, Problem
from config.settings import get_settings
from domain.calendar import latest_occurrence, working_calendar
from domain.campaign import campaign_status
from domain.issues import policy_of
from domain.meetings import brief, ledger
from domain.meetings.ledger import KIND_NAMES, KindFigures, MeetingList, MeetingRecord, Recorded
from domain.meetings.sheet import parse_meetings
from domain.outbox import Outgoing, enqueue
from models.audit import record_audit
from models.meetings import MeetingBrief, MeetingKind
from models.units import UnitDirectory

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def record_meeting(uow: UnitOfWork, record: MeetingRecord) -> Recorded:
    """`meetings record`: record a meeting (idempotent on kind, day and title), open the issues it raised and
    close the issues it settled with the meeting as evidence — all or nothing, as the acting user."""
    return ledger.record_meeting(uow.session, record, at=uow.as_of, actor=uow.who, policy=policy_of(uow))


def import_meetings(uow: UnitOfWork, table: Table) -> list[Recorded]:
    """`meetings import`: the meetings of a sheet (one row per problem raised or settled), every bad row
    reported before anything is written; loading it again changes nothing."""
    return [record_meeting(uow, record) for record in parse_meetings(table)]


def list_meetings(uow: UnitOfWork, *, kind: MeetingKind | None = None, year: int | None = None) -> MeetingList:
    """`meetings list`: the meetings (of a kind, of a year) with their figures, and the totals counting each
    issue once."""
    return ledger.meeting_rows(uow.session, kind=kind, year=year)


@dataclass(frozen=True)
class PreparedBrief:
    """A meeting cycle's brief for one occurrence: the meeting it prepares, its files, the messages queued (0 on a
    re-run: each participant gets it once) and the earlier meetings of the cycle recorded now that they were held."""

    cycle: str
    kind: MeetingKind
    held_on: date
    title: str
    markdown: Path
    docx: Path
    figures: dict[str, int]
    agenda: list[int]
    queued: int
    recipients: int
    recorded: list[Recorded]

    @property
    def line(self) -> str:
        f = self.figures
        done = f"；补记已召开会议{len(self.recorded)}次" if self.recorded else ""
        return (f"{self.title}进展简报：新交办{f['raised']}个、销号{f['closed']}个、未销号{f['open']}个（逾期"
                f"{f['overdue']}个），{len(self.agenda)}个问题列入议程；发送{self.queued}/{self.recipients}位参会对象"
                f"{done}")


def prepare_brief(uow: UnitOfWork, cycle_key: str, occurrence: date, *,
                  outputs_dir: Path | None = None) -> PreparedBrief:
    """A meeting cycle's occurrence: first record the cycle's earlier meetings that have been held since their
    brief (the "after" of those occurrences; each once), then prepare the brief of the meeting held on
    `occurrence` — from the ledger as of the unit of work — write it (.md, .docx), keep its agenda and queue it
    to the participants (once: outbox key meeting-brief:<cycle>:<day>, whatever the number of runs)."""
    try:
        setup = uow.config.meeting(cycle_key)
    except KeyError:
        raise ConfigError("会议周期未配置", [Problem(f"meetings (cycle {cycle_key!r})",
                                                 "请在 [[meetings]] 中为该周期配置 kind 与 participants")]) from None
    calendar = working_calendar(uow)
    kind = MeetingKind(setup.kind)
    recorded = record_held_meetings(uow, cycle_key)
    title = f"{occurrence:%Y年%m月%d日}{KIND_NAMES[kind]}"
    window = brief.Window(_since(uow, cycle_key, occurrence, calendar), uow.as_of, uow.today)
    session = uow.session
    towns, agenda_lines = brief.issue_lines(session, window, calendar, setup.agenda_limit)
    data = brief.BriefData(title, window, towns, agenda_lines, _campaign(uow, occurrence))
    data.lists_period, data.lists = brief.latest_lists(session, window)
    data.sections = [s for make in brief.SECTIONS if (s := make(session, window)) is not None]
    folder = (outputs_dir or get_settings().outputs_dir) / "meetings"
    md, docx = brief.write_brief(data, folder, f"{cycle_key}-{occurrence.isoformat()}-进展简报")
    agenda = [a.issue_id for a in data.agenda]
    row = session.exec(select(MeetingBrief).where(MeetingBrief.cycle == cycle_key,
                                                  MeetingBrief.occurrence == occurrence)).first()
    values = {"kind": kind, "held_on": occurrence, "title": title, "since": window.since, "prepared_at": uow.as_of,
              "figures": data.figures(), "markdown": str(md), "docx": str(docx)}
    if row is None:
        row = MeetingBrief(cycle=cycle_key, occurrence=occurrence, agenda=agenda, **values)
    elif row.meeting_id is None:  # a re-run before the meeting was recorded: the brief as it stands now
        for k, v in {**values, "agenda": agenda}.items():
            setattr(row, k, v)
    session.add(row)
    session.flush()
    record_audit(session, at=uow.as_of, actor=uow.who, entity="meeting-brief", entity_id=f"{cycle_key}:{occurrence}",
                 action="prepare", note=f"{title}进展简报：{len(row.agenda)}个问题列入议程")
    recipients = brief.participants(session, setup)
    not_before = uow.as_of
    text = (f"【会前简报】{title}（{cn_month_day(occurrence)} {setup.held_at:%H:%M}）进展简报：新交办"
            f"{row.figures['raised']}个，销号{row.figures['closed']}个，逾期{row.figures['overdue']}个，"
            f"{len(row.agenda)}个问题提请研究。详见附件。")
    queued = enqueue(session, [Outgoing(r, f"meeting-brief:{cycle_key}:{occurrence.isoformat()}", "meeting-brief",
                                        occurrence.isoformat(), {"title": f"{title}进展简报", "text": text,
                                                                 "attachments": [str(docx)]}, not_before)
                               for r in recipients], at=uow.as_of)
    return PreparedBrief(cycle_key, kind, occurrence, title, md, docx, dict(row.figures), list(row.agenda),
                         len(queued), len(recipients), recorded)


def record_held_meetings(uow: UnitOfWork, cycle_key: str) -> list[Recorded]:
    """Record the meetings of a cycle's earlier briefs that have been held by now and are not recorded yet
    (held at the configured time on the brief's day, the participants present, the brief's agenda)."""
    setup = uow.config.meeting(cycle_key)
    pending = uow.session.exec(select(MeetingBrief).where(
        MeetingBrief.cycle == cycle_key, MeetingBrief.meeting_id.is_(None),
        MeetingBrief.held_on <= uow.today).order_by(MeetingBrief.held_on)).all()
    out = []
    for b in pending:
        if brief.held_moment(b.held_on, setup) > uow.as_of:
            continue
        units = UnitDirectory.of(uow.session)
        present = [EVERY.get(t) or units.label(t) for t in setup.participants]
        out.append(record_meeting(uow, MeetingRecord(b.kind, b.held_on, b.title, present, "由会议周期按进展简报记录",
                                                     where=f"meeting-brief {cycle_key}:{b.occurrence}")))
    return out


EVERY = {"town:*": "各镇（街道）", "village:*": "各村（社区）", "department:*": "各成员单位", "team:*": "各督导组"}


def _since(uow: UnitOfWork, cycle_key: str, occurrence: date, calendar) -> datetime:
    """The window's start: the previous brief of this cycle, else the cycle's previous occurrence, else 1 January."""
    prev = uow.session.exec(select(MeetingBrief.prepared_at).where(
        MeetingBrief.cycle == cycle_key, MeetingBrief.occurrence < occurrence)
        .order_by(MeetingBrief.occurrence.desc())).first()
    if prev is not None:
        return prev
    before = latest_occurrence(uow.config.cycles, calendar, cycle_key, occurrence - timedelta(days=1))
    if before is not None and before.date.year == occurrence.year:
        return datetime.combine(before.date, before.time or time(0), DISTRICT_TZ)
    return brief.start_of_year(occurrence)


def _campaign(uow: UnitOfWork, day: date) -> brief.Section | None:
    """The hundred-day campaign's progress while it runs (and on its last week's meeting)."""
    c = uow.config.campaign
    if c is None or not c.start <= day <= c.end + timedelta(days=7):
        return None
    st = campaign_status(uow, on=min(day, c.end))
    return brief.Section(
        f"{st.name}进展",
        [f"截至{cn_date(st.as_of)}{'（' + st.phase + '阶段）' if st.phase else ''}：{st.villages}个村（社区）中"
         f"{st.on_target}个按期完成已到期节点，占{st.share_on_target:.1%}；清单事项完成{st.items_done}/"
         f"{st.items_total}项。"],
        ["节点", "截止日期", "按期完成", "逾期完成", "未完成"],
        [[m.item, f"{m.due:%Y-%m-%d}" + ("（已到期）" if m.is_due else ""), m.done_on_time, m.done_late, m.not_done]
         for m in st.milestones])


def meeting_figures(uow: UnitOfWork, start: date, end: date) -> dict[MeetingKind, KindFigures]:
    """The seed's meeting figures for [start, end] (slots #10–#12 weekly, #28–#31 joint): meetings held, and the
    issues they raised or had on their agenda that were solved in the window — each counted once, in the kind
    that settled it — with the villages helped and the 增收."""
    return ledger.kind_figures(uow.session, start, end)


@dataclass(frozen=True)
class BriefFiles:
    title: str
    markdown: Path
    docx: Path
    agenda: list[int]
    meeting_id: int | None


def find_brief(uow: UnitOfWork, cycle_key: str, occurrence: date) -> BriefFiles:
    """The brief a meeting cycle prepared for an occurrence: its files, its agenda and the meeting it went to."""
    row = uow.session.exec(select(MeetingBrief).where(MeetingBrief.cycle == cycle_key,
                                                      MeetingBrief.occurrence == occurrence)).first()
    if row is None:
        raise NotFound("没有这份进展简报", [Problem(f"{cycle_key} {occurrence}",
                                            f"请先运行 dudao run {cycle_key} --occurrence {occurrence}")])
    return BriefFiles(row.title, Path(row.markdown), Path(row.docx), list(row.agenda), row.meeting_id)
