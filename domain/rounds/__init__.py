"""Rounds and trips (两周一督查、季度调研): the assignment of villages to teams, planning, visits and
findings, bulletins and closing a round; the quarterly research trips and their stops.
"""

from __future__ import annotations

from domain.rounds.adjust import Adjusted
from domain.rounds.assignment import InfeasibleRound, PlannedVisit, RoundPlan, plan_assignment
from domain.rounds.bulletin import BulletinFigures, Missed, Tally
from domain.rounds.close import RoundClosed
from domain.rounds.findings import FindingInput
from domain.rounds.flownet import FlowNet
from domain.rounds.plan import RoundPlanned, Window
from domain.rounds.plan_inputs import TeamToPlan, VillageToPlan
from domain.rounds.sheet import TeamSheet, split_methods
from domain.rounds.trip_record import StopReport
from domain.rounds.trips import PlannedStop, TripPlanned, TripSummary, quarter_key
from domain.rounds.use_cases import (
    adjust_round,
    close_round,
    close_rounds_before,
    import_visit_sheet,
    list_rounds,
    list_trips,
    plan_round,
    plan_table,
    plan_trip,
    record_stop,
    record_visits,
    round_detail,
    round_visits,
    trip_detail,
    trip_summary,
    write_team_sheet,
)
from domain.rounds.view import RoundLine, RunSummary, run_summary
from domain.rounds.visits import RecordReport, RoundVisit, VisitResult

__all__ = [
    "Adjusted",
    "BulletinFigures",
    "FindingInput",
    "FlowNet",
    "InfeasibleRound",
    "Missed",
    "PlannedStop",
    "PlannedVisit",
    "RecordReport",
    "RoundClosed",
    "RoundLine",
    "RoundPlan",
    "RoundPlanned",
    "RoundVisit",
    "RunSummary",
    "StopReport",
    "Tally",
    "TeamSheet",
    "TeamToPlan",
    "TripPlanned",
    "TripSummary",
    "VillageToPlan",
    "VisitResult",
    "Window",
    "adjust_round",
    "close_round",
    "close_rounds_before",
    "import_visit_sheet",
    "list_rounds",
    "list_trips",
    "plan_assignment",
    "plan_round",
    "plan_table",
    "plan_trip",
    "quarter_key",
    "record_stop",
    "record_visits",
    "round_detail",
    "round_visits",
    "run_summary",
    "split_methods",
    "trip_detail",
    "trip_summary",
    "write_team_sheet",
]
