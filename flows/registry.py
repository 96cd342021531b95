"""The flow of each cycle kind."""

from __future__ import annotations

from prefect import Flow

from config.cycles import CycleKind
from flows.campaign import campaign
from flows.deadline_sweep import deadline_sweep
from flows.inspection_round import inspection_round
from flows.ranking import ranking
from flows.research_trip import research_trip

FLOWS: dict[CycleKind, Flow] = {
    CycleKind.inspection_round: inspection_round,
    CycleKind.research_trip: research_trip,
    CycleKind.campaign: campaign,
    CycleKind.deadline_sweep: deadline_sweep,
    CycleKind.ranking: ranking,
}
