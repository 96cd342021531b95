"""The progress brief (进展简报) a meeting cycle prepares before each meeting, from the ledger.

What it says, over the window since the previous brief of the same cycle (or the cycle's previous occurrence):
issues raised and closed (with their 增收), open and overdue now — district-wide and per town — the most
overdue open issues, which go on the meeting's agenda; the hundred-day campaign's progress while it runs; the
latest published red/black list; and the sections other ledgers add (`SECTIONS`: the support projects' progress
plugs in there). Set-based: one aggregate over the issues per town, one bounded query for the agenda, one for
the lists; nothing per village or per issue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from adapters.document import Document
from config.dates import DISTRICT_TZ, cn_date
from config.meetings import MeetingCycleConfig
from config.ranking import Board
from domain.calendar import WorkingCalendar
from models.audience import parse_tag
from models.issues import Issue, IssueStatus
from models.org import Department, InspectionTeam, Town, Village
from models.ranking import Listing, RankingEntry, RankingSnapshot, SnapshotStatus
from models.units import UnitDirectory


@dataclass(frozen=True)
class Window:
    """What a brief covers: issues from `since` to `as_of`; overdue means past its deadline on `today`."""

    since: datetime
    as_of: datetime
    today: date


@dataclass(frozen=True)
class TownLine:
    town: str
    raised: int
    closed: int
    income_added_yuan: int
    open: int
    overdue: int
    max_overdue_days: int


@dataclass(frozen=True)
class AgendaLine:
    issue_id: int
    place: str
    title: str
    owner: str
    deadline: date
    overdue_days: int


@dataclass(frozen=True)
class ListLine:
    board: str
    listing: str
    rank: int | None
    unit: str
    reasons: str


@dataclass(frozen=True)
class Section:
    """A section another ledger adds: a heading, lines of text and optionally a table."""

    heading: str
    lines: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[object]] = field(default_factory=list)


@dataclass
class BriefData:
    title: str
    window: Window
    towns: list[TownLine]
    agenda: list[AgendaLine]
    campaign: Section | None = None
    lists_period: str | None = None
    lists: list[ListLine] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def totals(self) -> TownLine:
        t = self.towns
        return TownLine("合计", sum(x.raised for x in t), sum(x.closed for x in t), sum(x.income_added_yuan for x in t),
                        sum(x.open for x in t), sum(x.overdue for x in t), max((x.max_overdue_days for x in t),
                                                                                  default=0))

    def figures(self) -> dict[str, int]:
        t = self.totals
        return {"raised": t.raised, "closed": t.closed, "income_added_yuan": t.income_added_yuan, "open": t.open,
                "overdue": t.overdue, "agenda": len(self.agenda)}


# --- the sections other ledgers add -------------------------------------------------------------------------------
# Each is `section(session, window) -> Section | None` (None: nothing to say, the section is left out). Other
# ledgers register theirs here, in this one list, in the order the brief prints them.


def support_project_progress(session: Session, window: Window) -> Section | None:
    """扶持项目进展: the hook for the support-projects ledger (branch ledgers-projects). It reads nothing until that
    ledger lands; then it reports the projects' milestones due and done in the window and those behind plan."""
    return None


SECTIONS: list[Callable[[Session, Window], Section | None]] = [support_project_progress]


# --- reading the ledger ---------------------------------------------------------------------------------------------

def _conditions(w: Window):
    in_window = sa.and_(Issue.opened_at >= w.since, Issue.opened_at < w.as_of)
    closed = sa.and_(Issue.status == IssueStatus.closed, Issue.closed_at >= w.since, Issue.closed_at < w.as_of)
    open_now = sa.not_(sa.and_(Issue.status == IssueStatus.closed, Issue.closed_at < w.as_of))
    # overdue: open, past its deadline, and not awaiting verification (a submitted issue's light is frozen)
    overdue = sa.and_(open_now, Issue.deadline < w.today,
                      sa.or_(Issue.submitted_at.is_(None), Issue.submitted_at >= w.as_of))
    return in_window, closed, open_now, overdue


class _Unit(NamedTuple):
    raised: int
    closed: int
    income: int
    open: int
    overdue: int
    first_overdue: date | None  # the earliest deadline of its overdue issues


def _per_unit(session: Session, w: Window, key, where) -> dict[int, _Unit]:
    """One aggregate per unit (village, or a town's own issues) over the covering index `ix_issue_village_stats`:
    every column it reads is in the index, so SQLite never touches the issue rows."""
    in_window, closed, open_now, overdue = _conditions(w)
    rows = session.execute(
        sa.select(key, sa.func.count().filter(in_window), sa.func.count().filter(closed),
                  sa.func.sum(Issue.income_added_yuan).filter(closed), sa.func.count().filter(open_now),
                  sa.func.count().filter(overdue), sa.func.min(Issue.deadline).filter(overdue))
        .where(where, Issue.opened_at < w.as_of).group_by(key))
    return {k: _Unit(r, c, int(i or 0), o, n, first) for k, r, c, i, o, n, first in rows if r or c or o}


def issue_lines(session: Session, w: Window, calendar: WorkingCalendar, limit: int
                ) -> tuple[list[TownLine], list[AgendaLine]]:
    """Per town: issues raised and closed in the window (with their 增收), open and overdue at its end, the
    longest overdue; and the agenda: the `limit` overdue issues with the earliest deadlines. Villages that left
    the roster are left out. Two aggregates (the villages' issues, the towns' own) and one bounded search."""
    villages = _per_unit(session, w, Issue.village_id, Issue.village_id.is_not(None))
    own = _per_unit(session, w, Issue.town_id, Issue.village_id.is_(None))
    town_of = {vid: tid for vid, tid, active in session.execute(sa.select(Village.id, Village.town_id,
                                                                          Village.active)) if active}
    villages = {vid: u for vid, u in villages.items() if vid in town_of}
    towns: dict[int, list[_Unit]] = {}
    for vid, u in villages.items():
        towns.setdefault(town_of[vid], []).append(u)
    for tid, u in own.items():
        towns.setdefault(tid, []).append(u)
    names = dict(session.execute(sa.select(Town.id, Town.name)).all())
    lines = []
    for tid, units in towns.items():
        firsts = [u.first_overdue for u in units if u.first_overdue]
        lines.append(TownLine(names.get(tid, str(tid)), sum(u.raised for u in units), sum(u.closed for u in units),
                              sum(u.income for u in units), sum(u.open for u in units), sum(u.overdue for u in units),
                              calendar.working_days_between(min(firsts), w.today) if firsts else 0))
    lines.sort(key=lambda t: (-t.overdue, -t.open, t.town))
    return lines, _agenda(session, w, calendar, limit, villages, own)


def _agenda(session: Session, w: Window, calendar: WorkingCalendar, limit: int, villages: dict[int, _Unit],
            own: dict[int, _Unit]) -> list[AgendaLine]:
    """The `limit` overdue issues with the earliest deadlines, found among few units: with T the limit-th
    smallest of the units' earliest overdue deadlines, at least `limit` overdue issues are due by T (one per such
    unit), so every issue of the agenda is due by T and belongs to a unit whose earliest one is."""
    if limit <= 0:
        return []
    firsts = sorted([(u.first_overdue, "v", k) for k, u in villages.items() if u.first_overdue]
                    + [(u.first_overdue, "t", k) for k, u in own.items() if u.first_overdue])
    if not firsts:
        return []
    bound = firsts[min(limit, len(firsts)) - 1][0]
    vids = [k for d, kind, k in firsts if kind == "v" and d <= bound]
    tids = [k for d, kind, k in firsts if kind == "t" and d <= bound]
    *_, overdue = _conditions(w)
    among = sa.or_(Issue.village_id.in_(sa.bindparam("vids", vids, expanding=True, literal_execute=True)),
                   sa.and_(Issue.village_id.is_(None),
                           Issue.town_id.in_(sa.bindparam("tids", tids, expanding=True, literal_execute=True))))
    ids = session.scalars(sa.select(Issue.id).where(among, Issue.opened_at < w.as_of, Issue.deadline <= bound,
                                                    overdue).order_by(Issue.deadline, Issue.id).limit(limit)).all()
    rows = session.execute(sa.select(Issue.id, Issue.town_id, Issue.village_id, Issue.title, Issue.owner,
                                     Issue.deadline).where(Issue.id.in_(ids))
                           .order_by(Issue.deadline, Issue.id)).all()
    units = _directory(session, {r.village_id for r in rows if r.village_id is not None})
    return [AgendaLine(i, units.place(t, v), title, units.label(owner), deadline,
                       calendar.working_days_between(deadline, w.today))
            for i, t, v, title, owner, deadline in rows]


def _directory(session: Session, village_ids: set[int]) -> UnitDirectory:
    """The units the agenda names (a few villages of many)."""
    return UnitDirectory.load(session, village_ids=village_ids, village_codes=set())


def latest_lists(session: Session, w: Window, per_board: int = 5) -> tuple[str | None, list[ListLine]]:
    """The latest red/black list published by the as-of moment: its towns' red and black lists and the
    district-wide villages' black list (at most `per_board` of each)."""
    snap = session.execute(
        sa.select(RankingSnapshot.id, RankingSnapshot.period)
        .where(RankingSnapshot.status == SnapshotStatus.published, RankingSnapshot.published_at <= w.as_of)
        .order_by(RankingSnapshot.published_at.desc(), RankingSnapshot.id.desc()).limit(1)).first()
    if snap is None:
        return None, []
    lines = []
    for board, listing in ((Board.towns, Listing.red), (Board.towns, Listing.black), (Board.villages, Listing.black)):
        rows = session.execute(
            sa.select(RankingEntry.rank, RankingEntry.unit_name, RankingEntry.reasons)
            .where(RankingEntry.snapshot_id == snap.id, RankingEntry.board == board, RankingEntry.listing == listing)
            .order_by(RankingEntry.rank, RankingEntry.id).limit(per_board)).all()
        lines += [ListLine(BOARD_NAMES[board], LIST_NAMES[listing], rank, name, "；".join(reasons or []))
                  for rank, name, reasons in rows]
    return snap.period, lines


BOARD_NAMES = {Board.towns: "镇（街道）", Board.villages: "村（社区）"}
LIST_NAMES = {Listing.red: "红榜", Listing.black: "黑榜"}


def participants(session: Session, cfg: MeetingCycleConfig) -> list[str]:
    """The participants' audience tags, `kind:*` expanded to every unit of that kind in the ledger."""
    every = {"town": (Town, Town.code), "village": (Village, Village.code),
             "department": (Department, Department.key), "team": (InspectionTeam, InspectionTeam.key)}
    tags: list[str] = []
    for tag in cfg.participants:
        t = parse_tag(tag) if not tag.endswith(":*") else None
        if t is None:
            kind = tag.removesuffix(":*")
            model, column = every[kind]
            query = sa.select(column).order_by(column)
            if model is Village:
                query = query.where(Village.active)
            tags += [f"{kind}:{key}" for key in session.scalars(query)]
        else:
            tags.append(tag)
    return list(dict.fromkeys(tags))


# --- the document ---------------------------------------------------------------------------------------------------

def brief_document(data: BriefData) -> Document:
    w, t = data.window, data.totals
    doc = Document(data.title)
    doc.para(f"统计区间：{_moment(w.since)}至{_moment(w.as_of)}（上次简报以来）。")
    doc.para(f"本期新交办问题{t.raised}个，销号{t.closed}个（增收{_yuan(t.income_added_yuan)}）；"
             f"截至目前未销号{t.open}个，其中逾期{t.overdue}个"
             + (f"，最长逾期{t.max_overdue_days}个工作日。" if t.overdue else "。"))
    doc.heading("一、各镇（街道）问题整改情况")
    if data.towns:
        doc.table(["镇（街道）", "新交办", "销号", "增收", "未销号", "逾期", "最长逾期（工作日）"],
                  [[x.town, x.raised, x.closed, _yuan(x.income_added_yuan), x.open, x.overdue, x.max_overdue_days]
                   for x in [*data.towns, t]])
    else:
        doc.para("（无数据）")
    doc.heading(f"二、提请会议研究的逾期问题（{len(data.agenda)}个，列入议程）")
    if data.agenda:
        doc.table(["编号", "镇街·村社区", "问题", "责任单位", "整改期限", "逾期（工作日）"],
                  [[a.issue_id, a.place, a.title, a.owner, f"{a.deadline:%Y-%m-%d}", a.overdue_days]
                   for a in data.agenda])
    else:
        doc.para("暂无逾期问题。")
    n = 3
    if data.campaign is not None:
        _section(doc, f"{_NUMBERS[n]}、{data.campaign.heading}", data.campaign)
        n += 1
    doc.heading(f"{_NUMBERS[n]}、最新红黑榜" + (f"（{data.lists_period}）" if data.lists_period else ""))
    n += 1
    if data.lists:
        doc.table(["榜单", "类别", "名次", "单位", "原因"],
                  [[x.board, x.listing, x.rank if x.rank is not None else "", x.unit, x.reasons] for x in data.lists])
    else:
        doc.para("截至目前尚未发布红黑榜。")
    for s in data.sections:
        _section(doc, f"{_NUMBERS[n]}、{s.heading}", s)
        n += 1
    return doc


_NUMBERS = "〇一二三四五六七八九十"


def _section(doc: Document, heading: str, s: Section) -> None:
    doc.heading(heading)
    for line in s.lines:
        doc.para(line)
    if s.rows:
        doc.table(s.headers, s.rows)


def _moment(at: datetime) -> str:
    local = at.astimezone(DISTRICT_TZ)
    return f"{cn_date(local.date())}{local:%H:%M}"


def _yuan(amount: int) -> str:
    return f"{amount / 10_000:.1f}万元" if amount >= 10_000 else f"{amount}元"


def write_brief(data: BriefData, folder: Path, stem: str) -> tuple[Path, Path]:
    doc = brief_document(data)
    return doc.write_markdown(folder / f"{stem}.md"), doc.write_docx(folder / f"{stem}.docx")


def held_moment(day: date, cfg: MeetingCycleConfig) -> datetime:
    return datetime.combine(day, cfg.held_at, DISTRICT_TZ)


def start_of_year(day: date) -> datetime:
    return datetime.combine(date(day.year, 1, 1), time(0), DISTRICT_TZ)
