"""Demo step: the 2022 meeting season. Every weekly meeting (每周例会) and joint meeting (联席会议) of the example
config's cycles is recorded with the problems it raised, put on its agenda and settled (config/examples/
meetings-2022.csv); the weekly meeting of 2022-10-08 (moved from National Day's Monday) runs through its cycle's
flow first — the progress brief written and sent once, through the outbox, to a local endpoint — and its record
then carries the brief's agenda. Ends with the year's figures of each kind (seed slots #10–#12, #28–#31)."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from cli.demo.context import DemoContext

DATA = "meetings-2022.csv"
KINDS = {"每周例会": "weekly", "联席会议": "joint"}
FLOW_RUN = ("weekly-meeting", date(2022, 10, 8))


def step_meetings(ctx: DemoContext) -> None:
    from cli.demo.context import EXAMPLES
    from cli.output import say, table, yuan_wan
    from domain.calendar import preview, working_calendar
    from domain.meetings import KIND_NAMES, meeting_figures

    rows = list(csv.DictReader((EXAMPLES / DATA).open(encoding="utf-8")))
    with ctx.work(datetime(2022, 1, 1, tzinfo=DISTRICT_TZ)) as uow:
        found = preview(uow.config.cycles, working_calendar(uow), date(2022, 1, 1), date(2022, 12, 31))
    meetings = [(o.date, o.cycle) for o in found if o.cycle in {m.cycle for m in ctx.cfg.meetings}]
    ids: dict[str, int] = {}  # the data file's 序号 → issue id
    briefed = None
    for day, cycle in meetings:  # in date order; on one day the weekly meeting sits before the joint one
        if (cycle, day) == FLOW_RUN:
            briefed = _run_flow(ctx, cycle, day)
        _record(ctx, cycle, day, rows, ids)
    by_kind = defaultdict(int)
    for _, cycle in meetings:
        by_kind[ctx.cfg.meeting(cycle).kind] += 1
    say(f"2022年召开每周例会{by_kind['weekly']}次、联席会议{by_kind['joint']}次；{len(rows)}个问题上会，"
        f"其中{sum(1 for r in rows if r['解决日期'])}个在会上研究解决（按 {DATA} 重放）")
    with ctx.work(datetime(2022, 12, 31, 18, 0, tzinfo=DISTRICT_TZ)) as uow:
        figures = meeting_figures(uow, date(2022, 1, 1), date(2022, 12, 31))
    table("2022年会议成效（同一问题只计入解决它的会议类型）",
          ["会议", "召开次数", "研究解决问题", "增收村（社区）", "增收"],
          [[KIND_NAMES[k], f.meetings, f.solved, f.villages_helped, yuan_wan(f.income_added_yuan)]
           for k, f in figures.items()])
    ctx.look += [("meetings", ".venv/bin/dudao meetings list --year 2022"),
                 ("meeting figures (seed #10–#12, #28–#31)", ".venv/bin/dudao meetings figures --year 2022")]
    if briefed is not None:
        ctx.look.append(("meeting brief (进展简报)", f"{_here(briefed.with_suffix('.md'))} 及同名 .docx"))


def _record(ctx: DemoContext, cycle: str, day: date, rows: list[dict], ids: dict[str, int]) -> None:
    """Record one meeting after it sat: the problems it raised, put on its agenda and settled."""
    from domain.meetings import MeetingRecord, RaisedProblem, SettledProblem, record_meeting
    from models.meetings import MeetingKind

    setup = ctx.cfg.meeting(cycle)
    name = setup.kind_name
    on = day.isoformat()
    raised = [r for r in rows if r["提出会议"] == name and r["提出日期"] == on]
    agenda = [ids[r["序号"]] for r in rows if f"{name}:{on}" in r["列入议程"].split(";") and r["序号"] in ids]
    settled = [SettledProblem(ids[r["序号"]], int(r["增收元"]) if r["增收元"] else None)
               for r in rows if r["解决会议"] == name and r["解决日期"] == on and r["序号"] in ids]
    present = ["区委组织部", "领导小组办公室"] + (["各成员单位"] if setup.kind == "joint" else [])
    after = datetime.combine(day, setup.held_at, DISTRICT_TZ) + timedelta(hours=2)
    with ctx.work(after, actor="领导小组办公室") as uow:
        done = record_meeting(uow, MeetingRecord(
            MeetingKind(setup.kind), day, units_present=present, agenda=agenda, settled=settled,
            raised=[RaisedProblem(r["问题"], r["村社区编码"], owner=r["责任单位"] or None,
                                  due_days=int(r["整改期限工作日"]), category=r["类别"]) for r in raised],
            where=f"{DATA} {name} {on}"))
    ids.update({r["序号"]: i for r, i in zip(raised, done.raised, strict=True)})


def _run_flow(ctx: DemoContext, cycle: str, day: date):
    """The cycle's occurrence through Prefect, as of its scheduled time: the brief written, queued once and
    delivered to a local endpoint; a second run queues nothing."""
    from cli.demo.rounds import _deliver
    from cli.output import say
    from domain.calendar import occurrence_on, working_calendar

    with ctx.work(datetime.combine(day, time(8, 0), DISTRICT_TZ)) as uow:
        occ = occurrence_on(uow.config.cycles, working_calendar(uow), cycle, day)
    as_of = datetime.combine(day, occ.time, DISTRICT_TZ)
    if occ.moved:
        say(f"{ctx.cfg.cycle(cycle).display_name} {occ.original_date}（{occ.reason}）顺延至 {occ.date}（调休上班日）")
    state, summary = ctx.run_cycle(cycle, day, as_of)
    say(f"{ctx.cfg.cycle(cycle).display_name} {day}：{state} — {summary}")
    say(f"再次运行：{ctx.run_cycle(cycle, day, as_of)[1]}")
    _deliver(ctx, as_of.replace(hour=9, minute=5), ["区领导"])  # the send window opens at 09:00, before the meeting
    from domain.meetings import find_brief

    with ctx.work(as_of) as uow:
        return find_brief(uow, cycle, day).docx


def _here(path) -> str:
    from cli.demo.rounds import _here as here

    return here(path)
