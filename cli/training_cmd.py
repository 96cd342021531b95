"""`dudao training template | import | list` — 培训台账."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import party_io
from cli.options import Json

app = typer.Typer(help="农村党员和村（社区）干部培训：期次、类型、主办单位、参训人次或名单。", no_args_is_help=True)
party_io.register(app, {"sessions": "培训期次", "attendance": "参训人员"})


@app.command("list")
def list_(year: Annotated[int | None, typer.Option("--year", min=2000, max=2100, help="开班年度。")] = None,
          as_json: Json = False) -> None:
    """培训期次及参训人次（有名单的按名单计数，否则按登记人次）。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.party import TRAINING_KIND_NAMES, list_sessions

    with context.work() as uow:
        rows = list_sessions(uow, year)
    if as_json:
        emit_json(rows)
        return
    table(f"培训（{len(rows)}期）",
          ["期次", "名称", "类型", "主办单位", "开始", "结束", "干部人次", "党员人次", "名单"],
          [[r.code, r.title, TRAINING_KIND_NAMES.get(r.kind, r.kind), r.organiser, r.starts_on, r.ends_on, r.cadres,
            r.members, "有" if r.listed else ""] for r in rows]
          + [["合计", "", "", "", "", "", sum(r.cadres for r in rows), sum(r.members for r in rows), ""]])
