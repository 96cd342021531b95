"""Plans (规划与实施方案): the three-year plan's targets at district, town and village level, each year's
three-level implementation plans, and progress against plan by town from the roster's incomes."""

from __future__ import annotations

from domain.plans.ledger import KIND_NAMES, LEVEL_NAMES, LEVELS, METRIC_NAMES, GoalRow, PlanRow, PlansLoaded, Progress
from domain.plans.use_cases import import_plans, list_goals, list_plans, plan_progress, plans_template

__all__ = [
    "KIND_NAMES",
    "LEVELS",
    "LEVEL_NAMES",
    "METRIC_NAMES",
    "GoalRow",
    "PlanRow",
    "PlansLoaded",
    "Progress",
    "import_plans",
    "list_goals",
    "list_plans",
    "plan_progress",
    "plans_template",
]
