"""Cycle runs (周期运行记录): one CycleRun per occurrence — begun once, finished or failed, closed for its
`after:` followers — and the missed-occurrence and failure notices to the coordinators.
"""

from __future__ import annotations

from domain.cycles.runs import (
    CycleOutcome,
    Start,
    begin_run,
    close_occurrence,
    fail_run,
    failure_notice,
    find_run,
    finish_run,
    missed_notices_for,
    missed_occurrences,
)
from domain.cycles.use_cases import (
    OccurrenceStart,
    TroubledRun,
    catch_up,
    close_cycle_occurrence,
    fail_occurrence,
    finish_occurrence,
    list_runs,
    report_troubled_runs,
    start_occurrence,
)

__all__ = [
    "CycleOutcome",
    "OccurrenceStart",
    "Start",
    "TroubledRun",
    "begin_run",
    "catch_up",
    "close_cycle_occurrence",
    "close_occurrence",
    "fail_occurrence",
    "fail_run",
    "failure_notice",
    "find_run",
    "finish_occurrence",
    "finish_run",
    "list_runs",
    "missed_notices_for",
    "missed_occurrences",
    "report_troubled_runs",
    "start_occurrence",
]
