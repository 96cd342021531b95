"""Reminder and escalation stages (提醒与督办): which messages an issue's deadline calls for on a given day.

A stage is due once its condition holds ("≥ N"), and stays due: the sweep queues every due stage
whose key (recipient, issue, rule, deadline) is not in the outbox yet, so a missed sweep loses nothing.

| rule          | to                         | due when (working days)              |
|---------------|----------------------------|--------------------------------------|
| remind-N      | the owner                  | N or fewer left (for each N configured) |
| due           | the owner                  | the due day has come                 |
| overdue       | the owner                  | overdue by ≥ 1                       |
| escalate-N    | the ladder step's audience | overdue by ≥ N (blacklist flag too)  |
| verify-due    | coordinators               | the verification deadline has come   |
| verify-overdue| coordinators               | verification overdue by ≥ 1          |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from config.rules import IssueRules
from domain.calendar import WorkingCalendar
from domain.issues.lights import days_left, overdue_by

OWNER = "@owner"  # the issue's owner unit
TOWN = "@town"  # the issue's town (its leader): town:<code>
LADDER_TARGETS = {"town-leader": TOWN, "owner": OWNER}

OWNER_RULES = ("remind-", "due", "overdue")  # prefixes of the owner's deadline stages
ESCALATION = "escalate-"
VERIFY_RULES = ("verify-due", "verify-overdue")


@dataclass(frozen=True)
class Stage:
    rule: str
    target: str  # OWNER, TOWN or an audience tag
    days: int  # working days left (reminders, due) or overdue (overdue, escalations)
    blacklist: bool = False


def stage_name(rule: str) -> str:
    """A stage as a coordinator reads it (提前3个工作日提醒, 逾期10个工作日督办…); keys stay in logs and --json."""
    if rule.startswith("remind-"):
        return f"提前{rule.removeprefix('remind-')}个工作日提醒"
    if rule.startswith(ESCALATION):
        return f"逾期{rule.removeprefix(ESCALATION)}个工作日督办"
    return {"due": "到期提醒", "overdue": "逾期通知", "verify-due": "验收到期提醒",
            "verify-overdue": "验收逾期提醒"}.get(rule, rule)


def deadline_stages(deadline: date, day: date, calendar: WorkingCalendar, rules: IssueRules) -> list[Stage]:
    """Every stage due on `day` for an issue in rectification whose deadline is `deadline`."""
    left = days_left(deadline, day, calendar)
    late = overdue_by(deadline, day, calendar)
    stages = [Stage(f"remind-{n}", OWNER, max(left, 0)) for n in sorted(rules.remind_days_before, reverse=True)
              if left <= n]
    if day >= deadline:
        stages.append(Stage("due", OWNER, 0))
    if late >= 1:
        stages.append(Stage("overdue", OWNER, late))
    stages += [Stage(f"{ESCALATION}{step.overdue_days}", LADDER_TARGETS.get(step.notify, step.notify), late,
                     step.blacklist)
               for step in rules.escalation if late >= step.overdue_days]
    return stages


def verification_stages(verify_deadline: date, day: date, calendar: WorkingCalendar) -> list[Stage]:
    """Coordinators' own deadline: a reminder on the day, another once it has passed."""
    stages = []
    if day >= verify_deadline:
        stages.append(Stage("verify-due", "coordinators", 0))
    late = overdue_by(verify_deadline, day, calendar)
    if late >= 1:
        stages.append(Stage("verify-overdue", "coordinators", late))
    return stages


def horizon(day: date, calendar: WorkingCalendar, rules: IssueRules) -> date:
    """Deadlines before this date have a stage due on `day` (the furthest reminder decides)."""
    furthest = max(rules.remind_days_before, default=0)
    return calendar.add_working_days(day, furthest + 1) if furthest else day + timedelta(days=1)
