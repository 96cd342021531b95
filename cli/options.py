"""Options shared by the commands (one definition each, the same help everywhere)."""

from __future__ import annotations

from typing import Annotated

import typer

By = Annotated[str | None, typer.Option("--by", help="Who is acting (audit trail); default the acting user.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON only.")]
AsOf = Annotated[str | None, typer.Option(
    "--as-of", help="Moment to act at: 2022-10-12 (09:00) or 2022-10-12T15:30; default now.")]

# Findings of a visit or a trip: each --finding becomes an issue; the options at the same position belong to it.
Finding = Annotated[list[str] | None, typer.Option("--finding", help="A problem found (repeat for more).")]
FindingOwner = Annotated[list[str] | None, typer.Option(
    "--owner", help="Owner of the finding at the same position: a town, department or village "
                    "(name or code), 村, 镇, or a tag like department:finance.")]
FindingCategory = Annotated[list[str] | None, typer.Option(
    "--category", help="Category per finding (one value applies to all); default 其他.")]
FindingDueDays = Annotated[list[int] | None, typer.Option(
    "--due-days", help="Deadline in working days per finding (one value applies to all).")]
