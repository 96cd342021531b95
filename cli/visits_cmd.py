"""`dudao visits record | import` — results of a round's visits (督查结果) and their findings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.findings import build_findings, issue_ids
from cli.options import AsOf, By, Finding, FindingCategory, FindingDueDays, FindingOwner, Json, within
from config.limits import SCORE

app = typer.Typer(help="记录督查结果：督查方式、得分、发现问题。", no_args_is_help=True)


@app.command("record")
def record(
    round_id: Annotated[str, typer.Argument(metavar="ROUND", help="督查轮次，例如 R2022-10-10。")],
    village: Annotated[str, typer.Argument(
        metavar="VILLAGE", help="村（社区）编码（或本轮中唯一的名称）。")],
    methods: Annotated[list[str] | None, typer.Option(
        "--methods", help="督查方式：座谈了解、实地查看、查阅资料（可重复，或用 、 或 , 分隔）。")] = None,
    score: Annotated[int | None, typer.Option(help="得分（0–100）。", callback=within(SCORE, "--score"))] = None,
    not_visited: Annotated[str | None, typer.Option("--not-visited", help="未走访：原因。")] = None,
    finding: Finding = None,
    owner: FindingOwner = None,
    category: FindingCategory = None,
    due_days: FindingDueDays = None,
    by: By = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """记录一个村（社区）的督查结果；每个发现的问题交办给其责任单位并定期限。"""
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
    file: Annotated[Path, typer.Argument(help="填好的督查记录表（.xlsx，由 `dudao rounds sheet` 生成）。")],
    by: By = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """导入填好的督查记录表：全部导入或全部不导入，每个错误行都会列出。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from cli.progress import shown
    from domain.rounds import import_visit_sheet

    table = read_table(file)
    with shown(as_json), context.work(as_of, by, acting=True) as uow:
        reports = import_visit_sheet(uow, table)
    if as_json:
        emit_json(reports)
        return
    if not reports:
        say(f"{file.name}：尚未填写督查结果；未记录")
    for r in reports:
        say(f"{file.name} → {r.round}：记录督查结果 {len(r.recorded)} 个，未变 {len(r.unchanged)} 个，"
            f"发现问题 {len(r.findings)} 个已交办" + issue_ids(r.issues))
