"""`dudao serve` behind the CLI: apply schedules, catch up, watch for late or failed runs, serve.

Catch-up: at start, the occurrences of the last 30 days that have no CycleRun run now (as-of: their
scheduled time), oldest first; those older than the cycle's `catch_up_days` are reported to the
coordinators instead (outbox rule `cycle-missed`). The watcher queues `cycle-late` / `cycle-failed`
notices for the served deployments' Late, Failed and Crashed runs (insert-or-ignore: the hooks' notice
for the same run is the same row), marks their CycleRun failed, and regenerates the schedules when the
date changes. A run whose process died sends no more heartbeats: the automation `ensure_heartbeat_automation`
installs turns it Crashed, which the watcher then reports (its own hooks cannot: the process is gone).
"""

from __future__ import annotations

import contextvars
import signal
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from domain.calendar import Occurrence, working_calendar
from domain.cycles import TroubledRun, catch_up, report_troubled_runs
from domain.outbox import deliver_outbox, delivery_summary
from flows.cycle import occurrence_of
from flows.deployments import CycleDeployment, apply_all, build_deployments
from flows.registry import flow_for
from flows.work import flow_work

WATCH_EVERY_S = 60
HEARTBEAT_AUTOMATION = "dudao: cycle runs without heartbeats crashed"
HEARTBEAT_RERUN_AUTOMATION = "dudao: cycle runs of a dead worker crashed and run again"
# Schedules are exact from a month back too, so a backfill over the catch-up window fires the preview's dates.
SCHEDULE_LOOKBACK = timedelta(days=31)


@dataclass
class Startup:
    deployments: list[CycleDeployment]
    deployment_ids: dict[str, str]
    caught_up: list[tuple[Occurrence, str]] = field(default_factory=list)  # (occurrence, final state)
    reported: list[Occurrence] = field(default_factory=list)
    provisional_years: set[int] = field(default_factory=set)


def start_serving(cfg: DistrictConfig, *, now: datetime) -> Startup:
    """Everything serve does before it blocks: (re-)apply the schedules and catch up. `now` is injectable."""
    with flow_work(now, config=cfg) as uow:
        calendar = working_calendar(uow)
        deployments = build_deployments(cfg, calendar, now.date() - SCHEDULE_LOOKBACK)
        plan = catch_up(uow)
    ids = apply_all(deployments)
    ensure_heartbeat_automation()
    startup = Startup(deployments, ids, reported=plan.report, provisional_years=set(calendar.provisional_years))
    by_key = {c.key: c for c in cfg.cycles}
    zone = DISTRICT_TZ
    for occ in plan.run:
        as_of = datetime.combine(occ.date, occ.time, tzinfo=zone) if occ.time else now
        state = flow_for(by_key[occ.cycle].kind)(cycle=occ.cycle, occurrence=occ.date, as_of=as_of, return_state=True)
        startup.caught_up.append((occ, state.name))
    return startup


def watch_once(deployment_ids: dict[str, str], *, since: datetime, now: datetime) -> int:
    """Queue a coordinator notice for each Late, Failed or Crashed run of the served deployments."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterDeploymentId,
        FlowRunFilterExpectedStartTime,
        FlowRunFilterState,
        FlowRunFilterStateName,
    )

    cycles = {v: k for k, v in deployment_ids.items()}
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(
            deployment_id=FlowRunFilterDeploymentId(any_=list(cycles)),
            state=FlowRunFilterState(name=FlowRunFilterStateName(any_=["Late", "Failed", "Crashed"])),
            expected_start_time=FlowRunFilterExpectedStartTime(after_=since)), limit=200)
    troubled = [TroubledRun(cycle=cycles[str(r.deployment_id)],
                            occurrence=occurrence_of(r.parameters, r.expected_start_time), flow_run_id=str(r.id),
                            flow_run_name=r.name, state=r.state.name if r.state else "Unknown",
                            message=r.state.message if r.state else None) for r in runs]
    with flow_work(now) as uow:
        return report_troubled_runs(uow, troubled)


def ensure_heartbeat_automation(*, rerun: bool = False) -> None:
    """Install (once) Prefect's zombie-run automation: no heartbeat for 3 periods → the run is Crashed. With
    `rerun` (`dudao deploy`, workers): the run is also scheduled again (AwaitingRetry) for a live worker — in the
    same automation, because Prefect does not evaluate other automations on a state its automation set."""
    from prefect.automations import Automation
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import EventTrigger, Posture
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    name = HEARTBEAT_RERUN_AUTOMATION if rerun else HEARTBEAT_AUTOMATION
    try:
        Automation.read(name=name)
        return
    except ValueError:
        pass
    every = PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() or 180
    actions = [ChangeFlowRunState(state=StateType.CRASHED,
                                  message=f"{3 * every} 秒没有心跳：运行它的进程已不在")]
    if rerun:
        actions.append(ChangeFlowRunState(state=StateType.SCHEDULED, name="AwaitingRetry",
                                          message="已崩溃（其工作进程已不在）：重新排程，由其他工作进程运行"))
    Automation(
        name=name,
        description="dudao 的周期运行若其进程停止发送心跳，即标记为 Crashed；"
                    + ("随后重新排程，由仍在运行的工作进程执行（同一发生日的运行是幂等的）。"
                       if rerun else "随后由 `dudao serve` 通知协调人。"),
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={"prefect.flow-run.heartbeat", "prefect.flow-run.Completed", "prefect.flow-run.Failed",
                    "prefect.flow-run.Cancelled", "prefect.flow-run.Crashed"},
            match={"prefect.resource.id": ["prefect.flow-run.*"]},
            **({"match_related": {"prefect.resource.role": "tag", "prefect.resource.id": "prefect.tag.dudao"}}
               if rerun else {}),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=timedelta(seconds=3 * every),
        ),
        actions=actions,
    ).create()


class Watcher(threading.Thread):
    """Every minute: late/failed notices; on a new day: the schedules regenerated (calendar overrides apply)."""

    def __init__(self, cfg: DistrictConfig, startup: Startup, *, since: datetime, every: float = WATCH_EVERY_S):
        super().__init__(name="dudao-watcher", daemon=True)
        self.cfg, self.startup, self.since, self.every = cfg, startup, since, every
        self.stopping = threading.Event()
        self.errors: list[str] = []
        # Prefect's settings (the API URL `dudao serve` chose) are context-local and a new thread starts from
        # an empty context: without this the watcher's client would start a second, ephemeral server.
        self.context = contextvars.copy_context()

    def run(self) -> None:
        self.context.run(self.watch)

    def watch(self) -> None:
        from prefect.logging import get_logger

        logger = get_logger("dudao.serve")
        applied_on = self.since.date()
        while not self.stopping.wait(self.every):
            now = datetime.now(DISTRICT_TZ)
            try:
                if queued := watch_once(self.startup.deployment_ids, since=self.since - timedelta(days=1), now=now):
                    logger.warning("queued %s coordinator notice(s) about late or failed cycle runs", queued)
                with flow_work(now, config=self.cfg) as uow:
                    report = deliver_outbox(uow)  # notices and anything else due
                    if report.busy:
                        logger.info(delivery_summary(report))
                    if now.date() != applied_on:
                        apply_all(build_deployments(self.cfg, working_calendar(uow), now.date() - SCHEDULE_LOOKBACK))
                        applied_on = now.date()
            except Exception as exc:  # keep watching; say what went wrong
                logger.exception("watcher: %s", exc)
                self.errors.append(str(exc))


def serve_forever(cfg: DistrictConfig, startup: Startup, *, since: datetime) -> None:
    """Serve the deployments until Ctrl-C; scheduled runs survive the stop (pause_on_shutdown=False)."""
    from prefect import serve

    from config.settings import get_settings

    watcher = Watcher(cfg, startup, since=since, every=get_settings().watch_every_s)
    watcher.start()
    previous = signal.signal(signal.SIGINT, _interrupt)
    try:
        serve(*(d.deployment for d in startup.deployments), pause_on_shutdown=False, print_starting_message=False)
    finally:
        signal.signal(signal.SIGINT, previous)
        watcher.stopping.set()


def _interrupt(signum, frame) -> None:
    """Ctrl-C takes the runner's graceful SIGTERM path (measured: asyncio's own SIGINT handling could leave
    `prefect.serve` running when the interrupt came during a flow run). Before the runner starts, it is a
    plain KeyboardInterrupt."""
    handler = signal.getsignal(signal.SIGTERM)
    if callable(handler):
        handler(signum, frame)
    else:
        raise KeyboardInterrupt
