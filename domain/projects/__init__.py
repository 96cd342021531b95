"""Support projects (扶持项目): kinds, lead departments, benefiting villages, funds, milestones planned and done,
expected and actual income; a sheet out and in, milestone reminders once and one issue per missed milestone.
"""

from __future__ import annotations

from domain.projects.figures import KindFigures, ProjectFigures
from domain.projects.ledger import ImportReport, MilestoneChange, ProjectRow
from domain.projects.notices import ProjectSweep
from domain.projects.rules import MILESTONE_NAMES, MILESTONES, STATUS_NAMES, milestone_due, project_status
from domain.projects.transfer import ProjectsTransferred, open_village_projects, transfer_village_projects
from domain.projects.use_cases import (
    SheetWritten,
    import_projects,
    list_projects,
    project_detail,
    project_figures,
    record_milestone,
    sweep_projects,
    write_projects_sheet,
)

__all__ = [
    "MILESTONES",
    "MILESTONE_NAMES",
    "STATUS_NAMES",
    "ImportReport",
    "KindFigures",
    "MilestoneChange",
    "ProjectFigures",
    "ProjectRow",
    "ProjectSweep",
    "ProjectsTransferred",
    "SheetWritten",
    "import_projects",
    "list_projects",
    "milestone_due",
    "open_village_projects",
    "project_detail",
    "project_figures",
    "project_status",
    "record_milestone",
    "sweep_projects",
    "transfer_village_projects",
    "write_projects_sheet",
]
