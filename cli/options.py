"""Options shared by the commands (one definition each, the same help everywhere)."""

from __future__ import annotations

from typing import Annotated

import typer

By = Annotated[str | None, typer.Option("--by", help="操作人（记入审计记录）；默认为设置的操作人。")]
Json = Annotated[bool, typer.Option("--json", help="只输出 JSON。")]
AsOf = Annotated[str | None, typer.Option(
    "--as-of", help="操作时刻：2022-10-12（09:00）或 2022-10-12T15:30；默认现在。")]

# Findings of a visit or a trip: each --finding becomes an issue; the options at the same position belong to it.
Finding = Annotated[list[str] | None, typer.Option("--finding", help="发现的问题（可重复）。")]
FindingOwner = Annotated[list[str] | None, typer.Option(
    "--owner", help="同一位置的问题的责任单位：镇街、成员单位或村（社区）"
                    "（名称或编码）、村、镇，或 department:finance 这样的标签。")]
FindingCategory = Annotated[list[str] | None, typer.Option(
    "--category", help="每个问题的类别（只给一个则全部适用）；默认 其他。")]
FindingDueDays = Annotated[list[int] | None, typer.Option(
    "--due-days", help="每个问题的整改期限（工作日，只给一个则全部适用）。",
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
