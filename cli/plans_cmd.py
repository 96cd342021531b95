"""`dudao plans template | import | list | goals | progress` — 三年规划与区镇村三级实施方案."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import AsOf, By, Json

app = typer.Typer(help="三年规划和每年的区、镇、村三级实施方案：目标与完成进度。", no_args_is_help=True)


@app.command("template")
def template(out: Annotated[Path, typer.Argument(help="写出的空白模板（.xlsx）。")]) -> None:
    """写出规划目标表的空白模板。"""
    from cli.output import say
    from domain.plans import plans_template

    say(f"已写出规划目标模板：{plans_template(out)}")


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="规划目标表（.xlsx 或 .csv），每行一个目标。")],
            as_of: AsOf = None, by: By = None, as_json: Json = False) -> None:
    """导入规划与实施方案的目标：全部正确才写入，按自然键更新，重复导入不产生变化。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from domain.plans import import_plans

    table = read_table(file)
    with context.work(as_of, by, acting=True) as uow:
        done = import_plans(uow, table)
    if as_json:
        emit_json(done.as_dict())
        return
    say(f"方案：{done.plans.summary()}；目标：{done.goals.summary()}")


@app.command("list")
def list_(as_json: Json = False) -> None:
    """规划与实施方案列表。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.plans import KIND_NAMES, LEVEL_NAMES, list_plans

    with context.work() as uow:
        rows = list_plans(uow)
    if as_json:
        emit_json(rows)
        return
    table("规划与实施方案", ["编号", "类型", "层级", "名称", "年度", "目标数"],
          [[r.key, KIND_NAMES.get(r.kind, r.kind), LEVEL_NAMES.get(r.level, r.level), r.title,
            f"{r.year_from}—{r.year_to}" if r.year_to != r.year_from else r.year_from, r.goals] for r in rows])


@app.command("goals")
def goals(plan: Annotated[str | None, typer.Option("--plan", help="方案编号。")] = None,
          year: Annotated[int | None, typer.Option("--year", min=2000, max=2100, help="年度。")] = None,
          level: Annotated[str | None, typer.Option("--level", help="区、镇或村。")] = None,
          as_json: Json = False) -> None:
    """方案的目标（按方案、年度、层级筛选）。"""
    from cli import context
    from cli.output import emit_json, table
    from config.errors import InputError, Problem
    from domain.plans import LEVEL_NAMES, LEVELS, METRIC_NAMES, list_goals

    if level is not None and level not in LEVELS:
        raise InputError("层级不对", [Problem("--level", f"“{level}”：应为区、镇或村")])
    with context.work() as uow:
        rows = list_goals(uow, plan=plan, year=year, level=LEVELS[level] if level else None)
    if as_json:
        emit_json(rows)
        return
    table(f"目标（{len(rows)}项）", ["方案", "层级", "单位", "年度", "指标", "目标值"],
          [[r.plan, LEVEL_NAMES.get(r.level, r.level), r.unit, r.year, METRIC_NAMES.get(r.metric, r.metric), r.target]
           for r in rows])


@app.command("progress")
def progress(year: Annotated[int, typer.Option("--year", min=2000, max=2100, help="年度。")],
             as_json: Json = False) -> None:
    """各镇街（及全区）对照规划目标的完成进度，按花名册中的集体经济收入计算。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.plans import plan_progress

    with context.work() as uow:
        rows = plan_progress(uow, year)
    if as_json:
        emit_json(rows)
        return
    table(f"{year}年规划完成进度", ["单位", "指标", "目标", "实际", "完成率", "目标来源"],
          [[r.name, r.metric, r.target, r.actual, f"{r.rate:.1%}" if r.rate is not None else "", r.source or ""]
           for r in rows])
