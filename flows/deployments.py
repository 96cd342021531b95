"""One Prefect deployment per configured cycle, with schedules that fire only on the preview's dates.

A dated cycle's schedule is its own RRULE set plus wall-clock EXDATE/RDATE lines regenerated from the
working-day calendar for a horizon ahead (domain.calendar.occurrences.prefect_rrule), in the district's time zone.
An `after:` cycle gets a deployment without a schedule: it runs when the occurrence it follows closes.

Applying a deployment that is already registered as it is leaves it alone: Prefect's update deletes the
deployment's future scheduled runs and its scheduler recreates them (same dates, new ids), so a restart of
`dudao serve` on an unchanged schedule would churn every scheduled run. `KeptDeployment.apply` compares first.

`dudao deploy` (flows/workers.py) registers the same deployments on a process work pool, with module-path
entry points (`flows.deadline_sweep.deadline_sweep`): each worker host has dudao installed, nothing is pulled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.exceptions import ObjectNotFound
from prefect.schedules import RRule

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from domain.calendar import WorkingCalendar, prefect_rrule
from flows.registry import flow_for

SCHEDULE_SLUG = "working-days"


@dataclass(frozen=True)
class CycleDeployment:
    cycle: str
    deployment: RunnerDeployment
    rrule: str | None  # None for `after:` cycles
    exact_until: date | None  # the schedule equals the preview up to this date

    @property
    def full_name(self) -> str:
        return f"{self.deployment.flow_name}/{self.deployment.name}"


class KeptDeployment(RunnerDeployment):
    """A deployment whose apply changes nothing when the API already holds it as it is (same schedules,
    parameters, description, tags, entry point and work pool): its scheduled runs keep their ids."""

    def _same_as(self, current: Any) -> bool:
        mine = [(s.schedule.model_dump(mode="json"), s.active is not False, s.slug) for s in self.schedules or []]
        theirs = [(s.schedule.model_dump(mode="json"), s.active, s.slug) for s in current.schedules or []]
        return (sorted(mine, key=str) == sorted(theirs, key=str) and current.parameters == self.parameters
                and current.description == self.description and sorted(current.tags) == sorted(self.tags)
                and current.entrypoint == self.entrypoint and not current.paused
                and (current.work_pool_name or None) == (self.work_pool_name or None))

    async def aapply(self, schedules=None, work_pool_name=None, image=None, version_info=None) -> UUID:
        if not (schedules or work_pool_name or image):
            async with get_client() as client:
                try:
                    current = await client.read_deployment_by_name(self.full_name)
                except ObjectNotFound:
                    current = None
            if current is not None and self._same_as(current):
                return current.id
        return await super().aapply(schedules=schedules, work_pool_name=work_pool_name, image=image,
                                    version_info=version_info)

    def apply(self, schedules=None, work_pool_name=None, image=None, version_info=None) -> UUID:
        if not (schedules or work_pool_name or image):
            with get_client(sync_client=True) as client:
                try:
                    current = client.read_deployment_by_name(self.full_name)
                except ObjectNotFound:
                    current = None
            if current is not None and self._same_as(current):
                return current.id
        return RunnerDeployment.apply(self, schedules=schedules, work_pool_name=work_pool_name, image=image,
                                      version_info=version_info, _sync=True)


def _kept(deployment: RunnerDeployment) -> KeptDeployment:
    object.__setattr__(deployment, "__class__", KeptDeployment)  # same fields and private state; only apply differs
    return deployment


def build_deployments(cfg: DistrictConfig, calendar: WorkingCalendar, start: date, *,
                      horizon_days: int = 400, work_pool: str | None = None) -> list[CycleDeployment]:
    """A deployment per enabled cycle; schedules exact from `start` for `horizon_days` (shrunk to fit). With
    `work_pool`, the deployments run on that pool's workers (module-path entry points) instead of `serve`."""
    built = []
    for cycle in cfg.cycles:
        if not cycle.enabled:
            continue
        flow = flow_for(cycle.kind)
        common = {"name": cycle.key, "parameters": {"cycle": cycle.key}, "tags": ["dudao", f"cycle:{cycle.key}"],
                  "description": f"{cycle.display_name}（{cycle.key}）：{cycle.trigger.replace(chr(10), ' ')}；"
                                 f"节假日：{cycle.holiday_policy.value}"}
        if work_pool:
            common.update(work_pool_name=work_pool, entrypoint_type=EntrypointType.MODULE_PATH)
        if cycle.after is not None:
            built.append(CycleDeployment(cycle.key, _kept(flow.to_deployment(**common)), None, None))
            continue
        text, until = prefect_rrule(cycle, calendar, start, horizon_days)
        schedule = RRule(text, timezone=DISTRICT_TZ.key, slug=SCHEDULE_SLUG)
        built.append(CycleDeployment(cycle.key, _kept(flow.to_deployment(**common, schedules=[schedule])), text,
                                     until))
    return built


def apply_all(deployments: list[CycleDeployment]) -> dict[str, str]:
    """Register (or update) every deployment with the API; return cycle key → deployment id."""
    return {d.cycle: str(d.deployment.apply()) for d in deployments}
