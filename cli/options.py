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
    "--due-days", help="Deadline in working days per finding (one value applies to all).",
    callback=lambda value: within(_limits().WORKING_DAYS, "--due-days")(value))]


def within(limits, option: str):
    """A typer callback refusing a number outside `limits` (config/limits.py) with a message naming the option
    and the range (exit 1, nothing written); a list option is checked item by item."""

    def check(value):
        from config.errors import InputError, Problem

        for item in value if isinstance(value, list | tuple) else [value]:
            if item is not None and (problem := limits.problem(item)):
                raise InputError(f"{option} 超出范围，未执行（未写入任何内容）", [Problem(option, problem)])
        return value

    return check


def _limits():
    from config import limits

    return limits


IssueId = Annotated[int, typer.Argument(help="问题编号。", callback=within(_limits().ID, "问题编号"))]
DueDays = Annotated[int | None, typer.Option(
    "--due-days", help="整改期限：自今天起的工作日数（1–500）。",
    callback=within(_limits().WORKING_DAYS, "--due-days"))]
Income = Annotated[int | None, typer.Option(
    "--income", help="增收金额（元）。", callback=within(_limits().YUAN, "--income"))]
