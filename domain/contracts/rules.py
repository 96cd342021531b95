"""The contract clean-up's rules on plain values: each stage's working-day deadline, the verdict of a review,
a contract's state as people read it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from config.ledgers import ReviewStage
from domain.calendar import WorkingCalendar
from models.contracts import CleanOutcome, ReviewResult

RESULT_NAMES = {ReviewResult.compliant: "合规", ReviewResult.non_compliant: "不合规"}
RESULT_BY_TEXT = {**{r.value: r for r in ReviewResult}, **{n: r for r, n in RESULT_NAMES.items()}}
OUTCOME_NAMES = {CleanOutcome.rectify: "整改", CleanOutcome.terminate: "终止"}
OUTCOME_BY_TEXT = {**{o.value: o for o in CleanOutcome}, **{n: o for o, n in OUTCOME_NAMES.items()},
                   "解除": CleanOutcome.terminate, "解除合同": CleanOutcome.terminate}


class StageDone(NamedTuple):
    done_on: date | None
    result: ReviewResult | None
    reasons: tuple[str, ...] = ()


def stage_deadlines(started: date, stages: Sequence[ReviewStage], done: Sequence[date | None],
                    cal: WorkingCalendar, memo: dict | None = None) -> list[date | None]:
    """Each stage's deadline: its working days counted from the previous stage's completion (the first
    stage's from the clean-up's start); None while the previous stage is not done. `memo` caches
    (day, days) → deadline across contracts (many share their dates)."""
    memo = {} if memo is None else memo
    out: list[date | None] = []
    base: date | None = started
    for stage, finished in zip(stages, done, strict=True):
        if base is None:
            out.append(None)
        else:
            key = (base, stage.days)
            if key not in memo:
                memo[key] = cal.add_working_days(base, stage.days)
            out.append(memo[key])
        base = finished
    return out


class Verdict(NamedTuple):
    result: ReviewResult | None
    stage: str | None
    on: date | None
    reasons: tuple[str, ...]


def verdict(stages: Sequence[ReviewStage], done: Sequence[StageDone]) -> Verdict:
    """The result of the latest stage done (a later level confirms or overturns an earlier one)."""
    last = Verdict(None, None, None, ())
    for stage, d in zip(stages, done, strict=True):
        if d.done_on is not None and d.result is not None:
            last = Verdict(d.result, stage.key, d.done_on, tuple(d.reasons))
    return last


def contract_state(verdict_: ReviewResult | None, reviewing: str | None, outcome: CleanOutcome | None,
                   cleaned_on: date | None) -> str:
    """审查中（stage）/ 合规 / 不合规待清理 / 整改中 / 已清理（整改|终止）."""
    if cleaned_on is not None and outcome is not None:
        return f"已清理（{OUTCOME_NAMES[outcome]}）"
    if outcome is CleanOutcome.rectify:
        return "整改中"
    if reviewing is not None:
        return f"审查中（{reviewing}）"
    if verdict_ is ReviewResult.non_compliant:
        return "不合规待清理"
    if verdict_ is ReviewResult.compliant:
        return "合规"
    return "待审查"
