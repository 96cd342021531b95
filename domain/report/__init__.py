"""The work report (工作汇报) and the periodic brief: the seed's 46 slots filled from the config and the ledger,
written from a Word template with charts, and every figure traced to its rows in an explain workbook.
"""

from __future__ import annotations

from domain.report.engine import SlotValue
from domain.report.rules import NO_DATA, approx_count, approx_wan, percent
from domain.report.slots import SLOTS, Slot
from domain.report.use_cases import Report, Written, compile_report, template_context, write_report

__all__ = [
    "NO_DATA",
    "SLOTS",
    "Report",
    "Slot",
    "SlotValue",
    "Written",
    "approx_count",
    "approx_wan",
    "compile_report",
    "percent",
    "template_context",
    "write_report",
]
