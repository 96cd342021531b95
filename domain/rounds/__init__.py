"""Rounds and trips (两周一督查、季度调研): the assignment of villages to teams, planning, visits and
findings, bulletins and closing a round; the quarterly research trips and their stops.
"""

from __future__ import annotations

from domain.rounds.assignment import plan_assignment
from domain.rounds.close import close_round
from domain.rounds.cycle import close_rounds, open_rounds_before, plan_next_round, run_round, run_summary
from domain.rounds.findings import FindingInput
from domain.rounds.plan_inputs import TeamToPlan, VillageToPlan
from domain.rounds.sheet import parse_visit_sheet, split_methods, write_team_sheet
from domain.rounds.trip_record import record_stop, trip_detail, trip_lines
from domain.rounds.trips import plan_trip, trip_summary
from domain.rounds.view import plan_table, round_detail, round_lines
from domain.rounds.visits import VisitResult, record_visits, round_visits

__all__ = [
    "FindingInput",
    "TeamToPlan",
    "VillageToPlan",
    "VisitResult",
    "close_round",
    "close_rounds",
    "open_rounds_before",
    "parse_visit_sheet",
    "plan_assignment",
    "plan_next_round",
    "plan_table",
    "plan_trip",
    "record_stop",
    "record_visits",
    "round_detail",
    "round_lines",
    "round_visits",
    "run_round",
    "run_summary",
    "split_methods",
    "trip_detail",
    "trip_lines",
    "trip_summary",
    "write_team_sheet",
]
