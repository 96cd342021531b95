"""Demo steps of the rounds area: the 2022-Q4 trip and the round's messages on 2022-10-10; round R2022-10-10
recorded and closed, its bulletin delivered on 2022-10-24."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from cli.demo.context import DemoContext
    from domain.rounds import RoundVisit, VisitResult

OCCURRENCE = date(2022, 10, 10)
TRIP_CYCLE = "quarterly-research"
PLANNED_AT = datetime(2022, 10, 10, 9, 0, tzinfo=DISTRICT_TZ)
RECORDED_AT = datetime(2022, 10, 21, 17, 0, tzinfo=DISTRICT_TZ)
CLOSED_AT = datetime(2022, 10, 24, 9, 0, tzinfo=DISTRICT_TZ)
FINDINGS = [("合同未按规定备案", "镇", "合同管理"), ("集体资产台账不完整", "村", "资产管理"),
            ("项目进度滞后于年度方案", "区农业农村局", "项目建设"), ("收益分配方案未公示", "村", "财务管理")]


def demo_results(rows: list[RoundVisit]) -> list[VisitResult]:
    """A deterministic season's worth of results: most villages scored, a few findings, two not visited,
    and the last day's visits of one team not reported yet."""
    from domain.rounds import FindingInput, VisitResult

    results = []
    for i, visit in enumerate(rows):
        if visit.team == "team-5" and visit.day == date(2022, 10, 21):
            continue
        if i in (17, 88):
            why = "村两委换届，主要负责人外出学习" if i == 17 else "道路施工无法通行"
            results.append(VisitResult(visit.village, reason=why))
            continue
        findings = (FindingInput(*FINDINGS[(i // 13) % len(FINDINGS)]),) if i % 13 == 5 else ()
        methods = ("座谈了解", "实地查看", "查阅资料") if i % 3 else ("座谈了解", "查阅资料")
        results.append(VisitResult(visit.village, methods, 70 + (i * 37) % 31, findings=findings))
    return results


def step_round(ctx: DemoContext) -> None:
    """两周一督查: R2022-10-10 (planned by its cycle run), the teams' results recorded, the round closed and its
    bulletin published; the red/black list follows the closed round."""
    from cli.output import say
    from cli.rounds_cmd import wake_followers
    from domain.rounds import close_round, close_rounds_before, plan_round, record_visits, round_visits

    out = ctx.settings.outputs_dir
    with ctx.work(PLANNED_AT) as uow:  # the cycle run of step 3 planned it already; this changes nothing then
        close_rounds_before(uow, OCCURRENCE, outputs_dir=out)
        p = plan_round(uow, OCCURRENCE)
    say(f"R2022-10-10：{p.teams} 个督导组督查 {p.visits} 个村（社区），{p.window.first}…{p.window.last}，"
        f"每组至多 {p.max_load} 个，均回避组员家乡镇街")
    with ctx.work(RECORDED_AT, actor="各督导组") as uow:
        report = record_visits(uow, "R2022-10-10", results=demo_results(round_visits(uow, "R2022-10-10")))
    say(f"已记录 {len(report.recorded)} 个村（社区）的督查结果；发现问题 {len(report.issues)} 个已交办 "
        f"{report.issues[0]}…{report.issues[-1]}，已通知各责任单位")
    with ctx.work(CLOSED_AT) as uow:
        closed = close_round(uow, "R2022-10-10", outputs_dir=out)
    t = closed.figures.total
    say(f"已结束：已督查 {t.done}/{t.planned}，平均得分 {t.average}，未走访 {t.not_visited}，"
        f"未报送 {t.unreported}；通报 → {_here(closed.docx)}")
    for key, state in wake_followers(ctx.cfg, closed.cycle_key, closed.occurrence, CLOSED_AT):
        say(f"本轮结束后：{ctx.cfg.cycle(key).display_name} {closed.occurrence} {state}")
    _deliver(ctx, CLOSED_AT.replace(minute=30), ["区领导", "青山镇"])
    ctx.look += [("bulletin", _here(closed.markdown)), ("round", ".venv/bin/dudao rounds show R2022-10-10"),
                 ("team sheet", ".venv/bin/dudao rounds sheet R2022-10-10 --team team-1 --out 第一督导组.xlsx")]


def _deliver(ctx: DemoContext, at: datetime, show: list[str]) -> None:
    """Deliver what is due at `at` to a local json:// endpoint (the demo never posts to real bots) and print the
    digests of the recipients in `show`."""
    from cli.demo.issues import _clip, _Sink
    from cli.output import say
    from domain.outbox import deliver_outbox, dispatcher

    sink = _Sink()
    try:
        with ctx.work(at) as uow:
            report = deliver_outbox(uow, through=dispatcher(uow, urls=sink.urls([c.name for c in
                                                                                 ctx.cfg.notifications.channels])))
        say(f"{at:%m-%d %H:%M} 送达 {report.delivered} 条消息，合并为 {len(sink.posts)} 份汇总")
        for channel, title, body in sorted(sink.posts):
            if any(name in title for name in show):
                say(f"[bold]{_clip(title, 60)}[/bold] → {channel}")
                for line in body.splitlines()[:8]:
                    say("    " + _clip(line, 74))
    finally:
        sink.close()


def step_plans_delivered(ctx: DemoContext) -> None:
    """2022-10-10: the 2022-Q4 research trip is planned; the round's plan reaches each team leader and the trip's
    itinerary each town and department (one digest per recipient)."""
    from cli.output import say

    state, summary = ctx.run_cycle(TRIP_CYCLE, OCCURRENCE, PLANNED_AT)  # the 季度督导调研 cycle, through Prefect
    say(f"{ctx.cfg.cycle(TRIP_CYCLE).display_name} {OCCURRENCE}（Prefect 运行 {state}）：{summary}")
    _deliver(ctx, PLANNED_AT.replace(minute=30), ["第一督导组", "区财政局"])
    ctx.look.append(("research trip", ".venv/bin/dudao trips list"))


def _here(path) -> str:
    """A path relative to the working directory when it is below it (shorter to read)."""
    from pathlib import Path

    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)
