"""What every cycle flow does around its body: resolve the occurrence, record the CycleRun, leave an artifact.

A cycle flow (flows/<kind>.py) is a thin `@flow(**CYCLE_FLOW)` calling `run_occurrence(…, body)` with its
kind's body `body(uow, occurrence) -> CycleOutcome` (the extension point, see docs/schedule.md): the body calls
its area's use cases on the unit of work it is given. Failures and crashes mark the CycleRun failed and queue a
coordinator notice.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.logging import get_logger
from prefect.runtime import flow_run as current_run

from config.cycles import KIND_NAMES
from config.dates import DISTRICT_TZ
from config.links import page
from config.settings import get_settings
from domain.calendar import Occurrence, WorkingCalendar, working_calendar
from domain.cycles import CycleOutcome, Start, TroubledRun, fail_occurrence, finish_occurrence, start_occurrence
from domain.outbox import deliver_outbox, delivery_summary
from domain.unit_of_work import UnitOfWork
from flows.followers import run_followers
from flows.work import district_config, flow_work

Body = Callable[[UnitOfWork, Occurrence], CycleOutcome]


def _day(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.astimezone(DISTRICT_TZ).date()
    return date.fromisoformat(str(value)[:10])


def scheduled_start() -> datetime:
    """This run's scheduled start (a scheduled run's as-of), in the district's time zone."""
    start = current_run.scheduled_start_time
    return datetime.fromtimestamp(start.timestamp(), DISTRICT_TZ)


def occurrence_of(parameters: dict, expected: datetime | None = None) -> date:
    """The occurrence date a run is for: its `occurrence` parameter, else its scheduled start's date."""
    return _day(parameters.get("occurrence")) or (expected or scheduled_start()).astimezone(DISTRICT_TZ).date()


def run_name() -> str:
    """`biweekly-inspection-2022-10-10`: the cycle and the occurrence date."""
    params = current_run.parameters
    return f"{params['cycle']}-{occurrence_of(params).isoformat()}"


def notify_failure(flow_, flow_run, state) -> None:
    """on_failure / on_crashed hook: mark the CycleRun failed and queue a notice to the coordinators."""
    params = dict(flow_run.parameters or {})
    run = TroubledRun(cycle=str(params.get("cycle", flow_.name)),
                      occurrence=occurrence_of(params, flow_run.expected_start_time), flow_run_id=str(flow_run.id),
                      flow_run_name=flow_run.name, state=state.name, message=state.message)
    with flow_work(datetime.now(DISTRICT_TZ)) as uow:
        ids = fail_occurrence(uow, run)
        try:  # now, if the send window is open; otherwise the row waits for the next delivery
            deliver_outbox(uow, only=ids)
        except Exception as exc:  # the notice stays queued; never mask the run's own failure
            get_logger("dudao").warning("failure notice queued, delivery postponed: %s", exc)


# Every cycle flow: `@flow(name="inspection-round", **CYCLE_FLOW)`. A cycle's result is its summary, kept in the
# ledger (CycleRun) and on the run's artifact, never read back from Prefect: `persist_result=False` says so, and a
# local `result_storage` path (never written to) spares each run the three API calls that ask the server for its
# default result storage (PREFECT_NOTES: a run's overhead is its API calls).
CYCLE_FLOW: dict[str, Any] = {"flow_run_name": run_name, "on_failure": [notify_failure], "on_crashed": [notify_failure],
                              "persist_result": False, "result_storage": Path(tempfile.gettempdir()) / "dudao-results"}


def run_occurrence(cycle_key: str, occurrence: date | None, as_of: datetime | None, rerun: bool, body: Body) -> str:
    """The flow's whole body: guard, record, run the body, record, artifact, wake `after:` followers."""
    try:
        return _run_occurrence(cycle_key, occurrence, as_of, rerun, body)
    finally:
        flush_events()


def flush_events() -> None:
    """Send what this process queued for the events stream (the engine's heartbeats) before the run's final
    state is set: a heartbeat the server sees after a run's Completed event makes the heartbeat automation
    mark the finished run Crashed three periods later (seen on a loaded machine: a worker's short run)."""
    from prefect.events.worker import EventsWorker

    for worker in list(EventsWorker._instances.values()):  # the running event workers of this process
        if isinstance(worker, EventsWorker):
            worker.wait_until_empty()


def _run_occurrence(cycle_key: str, occurrence: date | None, as_of: datetime | None, rerun: bool,
                    body: Body) -> str:
    logger = get_run_logger()
    cfg = district_config()
    try:
        cycle = cfg.cycle(cycle_key)
    except KeyError:
        raise ValueError(f"no cycle {cycle_key!r} in {get_settings().config_path}") from None
    as_of = (as_of or scheduled_start()).astimezone(DISTRICT_TZ)
    day = occurrence or as_of.date()
    with flow_work(as_of, actor=f"dudao:{cycle.key}") as uow:
        started = start_occurrence(uow, cycle.key, day, flow_run_id=str(current_run.id),
                                   flow_run_name=current_run.name, started=datetime.now(DISTRICT_TZ), rerun=rerun)
        calendar = working_calendar(uow)
        occ = started.occurrence
        if occ is not None and started.start is Start.run:
            uow.commit()  # the occurrence is held (running) before the body runs: a second run sees it
            for year in sorted(calendar.provisional_years):
                logger.warning("%s is provisional: holidays without make-up working days (enter overrides)", year)
            outcome = body(uow, occ)
            finish_occurrence(uow, occ, outcome, finished=datetime.now(DISTRICT_TZ))
            if not outcome.delivered:  # what the body queued goes out now if the send window is open
                report = deliver_outbox(uow)
                if report.busy:
                    logger.info(delivery_summary(report))
    if occ is None:
        return _report(cycle.display_name, day, f"{day} 不是{cycle.display_name}的发生日，本次不执行。",
                       "无需执行：不是发生日")
    if started.start is not Start.run:
        what = "已完成" if started.start is Start.done else "正在由另一次运行处理"
        return _report(cycle.display_name, occ.date, f"{cycle.display_name} {occ.date} {what}（flow run "
                       f"{started.flow_run_name}），本次不重复执行。"
                       f"如需重跑，请协调人执行 `dudao run {cycle_key} --occurrence {occ.date}`；"
                       f"各次运行见{page('网页工作台「运行记录」', 'runs')}。",
                       f"无需执行：{what}")
    _artifact(cycle, occ, as_of, outcome, started.runs, calendar,
              cfg.cycle(occ.follows).display_name if occ.follows in {c.key for c in cfg.cycles} else None)
    logger.info(outcome.summary)
    if outcome.closed:
        run_followers(cfg, cycle.key, occ.date, as_of)
    return outcome.summary


def artifact_key(cycle: str, day: date) -> str:
    return f"{cycle}-{day.isoformat()}".lower()


def _report(cycle: str, day: date, markdown: str, summary: str) -> str:
    """A run that did nothing says so on its own page (no key: the occurrence's keyed artifact stays the result)."""
    get_run_logger().info(summary)
    create_markdown_artifact(markdown=f"# {cycle} {day}\n\n{markdown}\n", description=summary)
    return summary


def _artifact(cycle, occ: Occurrence, as_of: datetime, outcome: CycleOutcome, runs: int,
              calendar: WorkingCalendar, follows_name: str | None = None) -> None:
    lines = [f"# {cycle.display_name} — {occ.date.isoformat()}", "",
             "| 项目 | 内容 |", "|---|---|",
             f"| 周期 | {cycle.display_name}（{KIND_NAMES[cycle.kind]}） |",
             f"| 发生日 | {occ.date.isoformat()} {occ.time.strftime('%H:%M') if occ.time else ''} |",
             f"| 截至（as-of） | {as_of.isoformat(timespec='minutes')} |",
             f"| 第几次运行 | {runs} |"]
    if occ.moved:
        lines.append(f"| 调整 | 原定 {occ.original_date}（{occ.reason or '非工作日'}） |")
    if occ.follows:
        lines.append(f"| 跟随 | {follows_name or occ.follows} {occ.date} 本期结束后 |")
    lines += ["", f"**结果：** {outcome.summary}", ""]
    if outcome.details:
        lines += [outcome.details, ""]
    if calendar.provisional_years:
        lines.append(f"> 注意：{'、'.join(map(str, sorted(calendar.provisional_years)))} 年节假日为暂定（无调休）。")
    create_markdown_artifact(key=artifact_key(cycle.key, occ.date), markdown="\n".join(lines),
                             description=outcome.summary[:500])
