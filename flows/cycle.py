"""What every cycle flow does around its body: resolve the occurrence, record the CycleRun, leave an artifact.

A cycle flow (flows/<kind>.py) is a thin `@flow(**CYCLE_FLOW)` calling `run_occurrence(…, body)` with its
kind's body function `body(session, cfg, calendar, occurrence, as_of) -> CycleOutcome` (the extension
point, see docs/schedule.md). Failures and crashes mark the CycleRun failed and queue a coordinator notice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.logging import get_logger
from prefect.runtime import flow_run as current_run

from config.district import DistrictConfig, load_district_config
from config.settings import get_settings
from domain.calendar import WorkingCalendar, load_calendar
from domain.cycle_runs import CycleOutcome, Start, begin_run, fail_run, failure_notice, finish_run
from domain.outbox import enqueue
from domain.schedule import Occurrence, occurrence_on
from flows.delivery import deliver_due, delivery_summary
from models.db import session_scope

Body = Callable[[Any, DistrictConfig, WorkingCalendar, Occurrence, datetime], CycleOutcome]


def district_config() -> DistrictConfig:
    """The district config, parsed again only when the file changed (a served process runs many flows)."""
    path = get_settings().config_path
    return _config_at(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _config_at(path: str, _mtime_ns: int) -> DistrictConfig:
    return load_district_config(path)


def _tz() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def _day(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.astimezone(_tz()).date()
    return date.fromisoformat(str(value)[:10])


def scheduled_start() -> datetime:
    """This run's scheduled start (a scheduled run's as-of), in the district's time zone."""
    start = current_run.scheduled_start_time
    return datetime.fromtimestamp(start.timestamp(), _tz())


def occurrence_of(parameters: dict, expected: datetime | None = None) -> date:
    """The occurrence date a run is for: its `occurrence` parameter, else its scheduled start's date."""
    return _day(parameters.get("occurrence")) or (expected or scheduled_start()).astimezone(_tz()).date()


def run_name() -> str:
    """`biweekly-inspection-2022-10-10`: the cycle and the occurrence date."""
    params = current_run.parameters
    return f"{params['cycle']}-{occurrence_of(params).isoformat()}"


def notify_failure(flow_, flow_run, state) -> None:
    """on_failure / on_crashed hook: mark the CycleRun failed and queue a notice to the coordinators."""
    params = dict(flow_run.parameters or {})
    cycle = str(params.get("cycle", flow_.name))
    occurrence = occurrence_of(params, flow_run.expected_start_time)
    now = datetime.now(_tz())
    with session_scope() as session:
        fail_run(session, cycle=cycle, occurrence=occurrence, error=state.message or state.name, at=now,
                 flow_run_id=str(flow_run.id), flow_run_name=flow_run.name)
        ids = enqueue(session, [failure_notice(cycle=cycle, occurrence=occurrence, flow_run_id=str(flow_run.id),
                                               flow_run_name=flow_run.name, state=state.name,
                                               message=state.message)], at=now)
        calendar = load_calendar(session)
    try:  # now, if the send window is open; otherwise the row waits for the next delivery
        deliver_due(district_config(), calendar, now, only=ids)
    except Exception as exc:  # the notice stays queued; never mask the run's own failure
        get_logger("dudao").warning("failure notice queued, delivery postponed: %s", exc)


# Every cycle flow: `@flow(name="inspection-round", **CYCLE_FLOW)`.
CYCLE_FLOW: dict[str, Any] = {"flow_run_name": run_name, "on_failure": [notify_failure], "on_crashed": [notify_failure]}


def run_occurrence(cycle_key: str, occurrence: date | None, as_of: datetime | None, rerun: bool, body: Body) -> str:
    """The flow's whole body: guard, record, run the body, record, artifact, wake `after:` followers."""
    logger = get_run_logger()
    cfg = district_config()
    try:
        cycle = cfg.cycle(cycle_key)
    except KeyError:
        raise ValueError(f"no cycle {cycle_key!r} in {get_settings().config_path}") from None
    as_of = (as_of or scheduled_start()).astimezone(_tz())
    day = occurrence or as_of.date()
    with session_scope() as session:
        calendar = load_calendar(session)
        occ = occurrence_on(cfg.cycles, calendar, cycle.key, day)
        if occ is None:
            return _report(cycle_key, day, f"{day} 不是 {cycle.display_name}（{cycle.key}）的发生日，本次不执行。",
                           "nothing to do: not an occurrence date")
        row, start = begin_run(session, cycle=cycle.key, occurrence=occ.date, as_of=as_of,
                               flow_run_id=str(current_run.id), flow_run_name=current_run.name,
                               at=datetime.now(_tz()), rerun=rerun)
    if start is not Start.run:
        what = "已完成" if start is Start.done else "正在由另一次运行处理"
        return _report(cycle_key, occ.date, f"{cycle.display_name} {occ.date} {what}（flow run "
                       f"{row.flow_run_name or row.flow_run_id}），本次不重复执行。"
                       f"如需重跑：`dudao run {cycle_key} --occurrence {occ.date}`。", f"nothing to do: {start.value}")
    for year in sorted(calendar.provisional_years):
        logger.warning("%s is provisional: holidays without make-up working days (enter overrides)", year)
    with session_scope() as session:
        outcome = body(session, cfg, calendar, occ, as_of)
        finish_run(session, row, outcome, at=datetime.now(_tz()))
    if not outcome.delivered:  # what the body queued goes out now if the send window is open
        report = deliver_due(cfg, calendar, as_of)
        if report.busy:
            logger.info(delivery_summary(report))
    _artifact(cycle, occ, as_of, outcome, row.runs, calendar)
    logger.info(outcome.summary)
    if outcome.closed:
        from flows.followers import run_followers

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
              calendar: WorkingCalendar) -> None:
    lines = [f"# {cycle.display_name} — {occ.date.isoformat()}", "",
             "| 项目 | 内容 |", "|---|---|",
             f"| 周期 | {cycle.key}（{cycle.kind.value}） |",
             f"| 发生日 | {occ.date.isoformat()} {occ.time.strftime('%H:%M') if occ.time else ''} |",
             f"| 截至（as-of） | {as_of.isoformat(timespec='minutes')} |",
             f"| 第几次运行 | {runs} |"]
    if occ.moved:
        lines.append(f"| 调整 | 原定 {occ.original_date}（{occ.reason or '非工作日'}） |")
    if occ.follows:
        lines.append(f"| 跟随 | {occ.follows} {occ.date} |")
    lines += ["", f"**结果：** {outcome.summary}", ""]
    if outcome.details:
        lines += [outcome.details, ""]
    if calendar.provisional_years:
        lines.append(f"> 注意：{'、'.join(map(str, sorted(calendar.provisional_years)))} 年节假日为暂定（无调休）。")
    create_markdown_artifact(key=artifact_key(cycle.key, occ.date), markdown="\n".join(lines),
                             description=outcome.summary[:500])
