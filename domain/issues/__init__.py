"""Issues tracked to closure (问题整改): raising, the lifecycle, lights, deadline stages, extensions, the
daily sweep, the ledger's listing, sheet and statistics; every other area raises issues through it.
"""

from __future__ import annotations

from domain.issues.lifecycle import edit_issue, settle_issue, transition
from domain.issues.lights import end_of_day, local_day
from domain.issues.query import Filters, IssueBoard, IssuePage, IssueRow, names
from domain.issues.raising import IssuePolicy, NewIssue, issue_policy, open_issues
from domain.issues.stats import IssueStats, unit_stats, village_stats
from domain.issues.sweep import run_sweep, sweep_table
from domain.issues.transfer import Transferred, open_village_issues, transfer_village_issues
from domain.issues.transitions import STATUS_NAMES, Action
from domain.issues.use_cases import (
    IssueChanged,
    Verified,
    count_issues,
    decide_extension,
    export_issues,
    import_issues,
    issue_board,
    issue_detail,
    issue_page,
    ledger_version,
    list_issues,
    open_issue,
    policy_of,
    request_extension,
    sweep_deadlines,
    update_issue,
    verify_issue,
)

__all__ = [
    "STATUS_NAMES",
    "Action",
    "Filters",
    "IssueBoard",
    "IssueChanged",
    "IssuePage",
    "IssuePolicy",
    "IssueRow",
    "IssueStats",
    "NewIssue",
    "Transferred",
    "Verified",
    "count_issues",
    "decide_extension",
    "edit_issue",
    "end_of_day",
    "export_issues",
    "import_issues",
    "issue_board",
    "issue_detail",
    "issue_page",
    "issue_policy",
    "ledger_version",
    "list_issues",
    "local_day",
    "names",
    "open_issue",
    "open_issues",
    "open_village_issues",
    "policy_of",
    "request_extension",
    "run_sweep",
    "settle_issue",
    "sweep_deadlines",
    "sweep_table",
    "transfer_village_issues",
    "transition",
    "unit_stats",
    "update_issue",
    "verify_issue",
    "village_stats",
]
