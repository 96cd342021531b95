"""One Prefect deployment per configured cycle, with schedules that fire only on the preview's dates.

A dated cycle's schedule is its own RRULE set plus wall-clock EXDATE/RDATE lines regenerated from the
working-day calendar for a horizon ahead (domain.calendar.occurrences.prefect_rrule), in the district's time zone.
An `after:` cycle gets a deployment without a schedule: it runs when the occurrence it follows closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prefect.deployments.runner import RunnerDeployment
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


def build_deployments(cfg: DistrictConfig, calendar: WorkingCalendar, start: date, *,
                      horizon_days: int = 400) -> list[CycleDeployment]:
    """A deployment per enabled cycle; schedules exact from `start` for `horizon_days` (shrunk to fit)."""
    built = []
    for cycle in cfg.cycles:
        if not cycle.enabled:
            continue
        flow = flow_for(cycle.kind)
        common = {"name": cycle.key, "parameters": {"cycle": cycle.key}, "tags": ["dudao", f"cycle:{cycle.key}"],
                  "description": f"{cycle.display_name}（{cycle.key}）：{cycle.trigger.replace(chr(10), ' ')}；"
                                 f"节假日：{cycle.holiday_policy.value}"}
        if cycle.after is not None:
            built.append(CycleDeployment(cycle.key, flow.to_deployment(**common), None, None))
            continue
        text, until = prefect_rrule(cycle, calendar, start, horizon_days)
        schedule = RRule(text, timezone=DISTRICT_TZ.key, slug=SCHEDULE_SLUG)
        built.append(CycleDeployment(cycle.key, flow.to_deployment(**common, schedules=[schedule]), text, until))
    return built


def apply_all(deployments: list[CycleDeployment]) -> dict[str, str]:
    """Register (or update) every deployment with the API; return cycle key → deployment id."""
    return {d.cycle: str(d.deployment.apply()) for d in deployments}
