"""`dudao deploy`: every configured cycle as a deployment on a process work pool, for `prefect worker start
--pool dudao` on each host — the several-machines mode (`dudao serve` stays the one-machine mode).

The deployments carry the same schedules and holiday guard as `dudao serve` applies (flows/deployments.py:
EXDATE/RDATE from the working-day calendar, in the district's zone) and module-path entry points: each worker
host has dudao installed and the same DUDAO_DATABASE_URL (a PostgreSQL ledger) and DUDAO_CONFIG_PATH; nothing
is pulled. Re-run `dudao deploy` after a calendar change (`dudao calendar set`) and at least once a year: it
regenerates the holiday lines; a deployment whose schedule did not change keeps its scheduled runs.

Two automations make a dead worker harmless: a run whose process stops sending heartbeats is marked Crashed and
scheduled again (AwaitingRetry) for a live worker (flows/serving.ensure_heartbeat_automation(rerun=True): one
automation, since Prefect does not evaluate another automation on a state that an automation set — measured:
a reactive "on Crashed" automation did not fire for such a run); and a run Crashed otherwise (a worker saw its
flow process die) is scheduled again by a reactive automation. The cycle body is idempotent for its occurrence
(one CycleRun; the same flow run id counts as a retry of an unfinished run, and a finished one is not run
again), so the ledger shows one result.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime

from config.district import DistrictConfig
from domain.calendar import working_calendar
from flows.deployments import CycleDeployment, apply_all, build_deployments
from flows.serving import SCHEDULE_LOOKBACK, ensure_heartbeat_automation
from flows.work import flow_work

DEFAULT_POOL = "dudao"
RERUN_AUTOMATION = "dudao: crashed cycle runs are run again"


@dataclass
class Deployed:
    pool: str
    deployments: list[CycleDeployment]
    deployment_ids: dict[str, str]
    provisional_years: set[int] = field(default_factory=set)


def deploy(cfg: DistrictConfig, *, now: datetime, pool: str = DEFAULT_POOL) -> Deployed:
    """Create the process work pool if missing, register (or update) a deployment per cycle on it, and
    install the crash automations. `now` is injectable."""
    with flow_work(now, config=cfg) as uow:
        calendar = working_calendar(uow)
        deployments = build_deployments(cfg, calendar, now.date() - SCHEDULE_LOOKBACK, work_pool=pool)
    ensure_pool(pool)
    ids = apply_all(deployments)
    ensure_heartbeat_automation(rerun=True)
    ensure_rerun_automation()
    return Deployed(pool, deployments, ids, set(calendar.provisional_years))


def ensure_pool(name: str) -> None:
    """A process work pool named `name` (created once; an existing pool is left as it is)."""
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # another host created it meanwhile
                client.create_work_pool(WorkPoolCreate(
                    name=name, type="process", description="dudao 的督导周期：每台主机 `prefect worker start --pool "
                                                            f"{name}`"))


def ensure_rerun_automation() -> None:
    """Install (once): a Crashed run of a dudao deployment goes back to Scheduled (AwaitingRetry) at once, so a
    worker that is alive runs it again. A run that crashes every time is rescheduled every time: the
    coordinators see it in the Prefect UI and in `dudao history` (run count)."""
    from datetime import timedelta

    from prefect.automations import Automation
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import EventTrigger, Posture

    try:
        Automation.read(name=RERUN_AUTOMATION)
        return
    except ValueError:
        pass
    Automation(
        name=RERUN_AUTOMATION,
        description="dudao 的周期运行若崩溃（其工作进程或主机停止），即重新排程，由任一工作进程执行；"
                    "同一发生日的运行是幂等的。",
        trigger=EventTrigger(
            expect={"prefect.flow-run.Crashed"},
            match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={"prefect.resource.role": "tag", "prefect.resource.id": "prefect.tag.dudao"},
            posture=Posture.Reactive,
            threshold=1,
            within=timedelta(0),
        ),
        actions=[ChangeFlowRunState(state=StateType.SCHEDULED, name="AwaitingRetry",
                                    message="已崩溃（工作进程已不在）：重新排程，由其他工作进程运行")],
    ).create()
