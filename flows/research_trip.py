"""季度督导调研 (research-trip): the flow of every `research_trip` cycle.

The body (the extension point, docs/schedule.md) plans the quarter's trip — every town, one per day per group,
with the partner departments — and queues the itineraries; the itinerary is the run's table artifact.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow
from prefect.artifacts import create_table_artifact

from config.links import page
from domain.calendar import Occurrence
from domain.cycles import CycleOutcome
from domain.rounds import plan_trip, trip_summary
from domain.unit_of_work import UnitOfWork
from flows.cycle import CYCLE_FLOW, artifact_key, run_occurrence


def body(uow: UnitOfWork, occurrence: Occurrence) -> CycleOutcome:
    trip = plan_trip(uow, occurrence.date, cycle_key=occurrence.cycle)
    summary = trip_summary(uow, trip)
    create_table_artifact(key=f"{artifact_key(occurrence.cycle, occurrence.date)}-itinerary", table=summary.rows,
                          description=f"{trip.key} 调研行程")
    return CycleOutcome(summary.line, f"- 行程：{page(f'{trip.key} 调研行程', 'trips')}", closed=True)


@flow(name="research-trip", description="季度督导调研", **CYCLE_FLOW)
def research_trip(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 季度督导调研 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
