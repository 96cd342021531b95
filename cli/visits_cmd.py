"""`dudao visits record | import` — results of a round's visits (督查结果) and their findings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.findings import build_findings, issue_ids
from cli.options import AsOf, By, Finding, FindingCategory, FindingDueDays, FindingOwner, Json, within
from config.limits import SCORE

app = typer.Typer(help="Record inspection visits: methods, score, findings (督查结果).", no_args_is_help=True)


@app.command("record")
def record(
    round_id: Annotated[str, typer.Argument(metavar="ROUND", help="The round, e.g. R2022-10-10.")],
    village: Annotated[str, typer.Argument(
        metavar="VILLAGE", help="The village's code (or its name, if unique in the round).")],
    methods: Annotated[list[str] | None, typer.Option(
        "--methods", help="Methods used: 座谈了解, 实地查看, 查阅资料 (repeat, or separate with 、 or ,).")] = None,
    score: Annotated[int | None, typer.Option(help="得分（0–100）。", callback=within(SCORE, "--score"))] = None,
    not_visited: Annotated[str | None, typer.Option("--not-visited", help="Not visited: the reason.")] = None,
    finding: Finding = None,
    owner: FindingOwner = None,
    category: FindingCategory = None,
    due_days: FindingDueDays = None,
    by: By = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """Record one village's visit; each finding becomes an issue with its owner and deadline."""
    from cli import context
    from cli.output import emit_json, say
    from domain.rounds import VisitResult, record_visits, split_methods

    findings = build_findings(finding, owner, category, due_days)
    result = VisitResult(village, tuple(m for part in methods or [] for m in split_methods(part)), score,
                         not_visited, findings, where=f"{round_id} {village}")
    with context.work(as_of, by, acting=True) as uow:
        report = record_visits(uow, round_id, results=[result])
    if as_json:
        emit_json(report)
        return
    say(f"{round_id}：记录督查结果 {len(report.recorded)} 个，未变 {len(report.unchanged)} 个，"
        f"发现问题 {len(report.findings)} 个已交办" + issue_ids(report.issues))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A filled-in visit sheet (.xlsx) from `dudao rounds sheet`.")],
    by: By = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """Load a filled-in visit sheet: all or nothing, every bad row named."""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from domain.rounds import import_visit_sheet

    table = read_table(file)
    with context.work(as_of, by, acting=True) as uow:
        reports = import_visit_sheet(uow, table)
    if as_json:
        emit_json(reports)
        return
    if not reports:
        say(f"{file.name}：尚未填写督查结果；未记录")
    for r in reports:
        say(f"{file.name} → {r.round}：记录督查结果 {len(r.recorded)} 个，未变 {len(r.unchanged)} 个，"
            f"发现问题 {len(r.findings)} 个已交办" + issue_ids(r.issues))
