"""A village leaving the roster (村社区撤并、撤销): deactivated, and every ledger's open items moved to the village it
merged into or closed with the reason — one registered step per ledger kind (`steps.STEPS`).
"""

from __future__ import annotations

from domain.roster_exit.steps import STEPS, Exit, ExitStep, StepResult
from domain.roster_exit.use_cases import VillageExit, held_items, retire_village

__all__ = ["STEPS", "Exit", "ExitStep", "StepResult", "VillageExit", "held_items", "retire_village"]
