"""`dudao projects template | import | list | show | milestone | sweep | figures` — support projects (扶持项目)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import AsOf, By, Json

app = typer.Typer(help="扶持项目台账：中央扶持、财政试点、省扶持、区级项目的受益村、资金、节点与收益。",
                  no_args_is_help=True)

Year = Annotated[int | None, typer.Option("--year", min=2000, max=2999, help="申报年度。")]


@app.command("template")
def template(out: Annotated[Path, typer.Option("--out", help="写出的 .xlsx 文件。")], as_of: AsOf = None) -> None:
    """写出扶持项目台账模板（按受益村一行，已有项目预先填好），填好后用 `dudao projects import` 导入。"""
    from cli import context
    from cli.output import say
    from domain.projects import write_projects_sheet

    with context.work(as_of) as uow:
        written = write_projects_sheet(uow, out)
    say(f"已写出 {written.path}（{written.rows} 行）")


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="扶持项目台账（.xlsx 或 .csv）。")], as_of: AsOf = None,
            by: By = None, as_json: Json = False) -> None:
    """导入扶持项目台账：全部通过才写入（逐行逐列列出问题）；按项目编号识别，重复导入不产生变化。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from domain.projects import import_projects

    table = read_table(file)
    with context.work(as_of, by, acting=True) as uow:
        report = import_projects(uow, table)
    if as_json:
        emit_json(report)
        return
    say(f"{file.name}：{report.rows} 行，新增项目 {len(report.created)} 个，更新 {len(report.changed)} 个，"
        f"未变 {report.unchanged} 个")
    for code, what in report.changed.items():
        say(f"  {code}：{'；'.join(what)}")


@app.command("list")
def list_(kind: Annotated[str | None, typer.Option(help="项目类型（键或名称，如 central、pilot）。")] = None,
          year: Year = None,
          status: Annotated[str | None, typer.Option(help="状态：申报、立项、在建、建成、验收、投产、撤销。")] = None,
          as_of: AsOf = None, as_json: Json = False) -> None:
    """列出扶持项目：类型、牵头部门、受益村、资金、节点与收益。"""
    from cli import context
    from cli.output import emit_json, table, yuan_wan
    from domain.projects import list_projects

    with context.work(as_of) as uow:
        rows = list_projects(uow, kind=kind, year=year, status=status)
    if as_json:
        emit_json(rows)
        return

    def next_step(r) -> str:
        m = next((m for m in r.milestones if m["done_on"] is None and m["planned_on"] is not None), None)
        return f"{m['name']} {m['planned_on']}" if m else ""

    table(f"扶持项目（{len(rows)}个）", ["编号", "项目", "类型", "牵头部门", "申报", "状态", "受益村", "资金",
                                    "预计年收益", "下一节点"],
          [[r.code, r.name, r.kind_name, r.lead_name, r.applied_year, r.status_name,
            "、".join(v["name"] for v in r.villages), yuan_wan(r.total_funds_yuan),
            yuan_wan(sum(v["expected_income_yuan"] or 0 for v in r.villages)), next_step(r)] for r in rows])


@app.command("show")
def show(code: Annotated[str, typer.Argument(help="项目编号。")], as_of: AsOf = None, as_json: Json = False) -> None:
    """一个项目的详情：受益村、资金来源、各节点计划与完成日期、实际收益。"""
    from cli import context
    from cli.output import emit_json, say, table, yuan_wan
    from domain.projects import project_detail

    with context.work(as_of) as uow:
        r = project_detail(uow, code)
    if as_json:
        emit_json(r)
        return
    say(f"[bold]{r.name}[/bold]（{r.code}）{r.kind_name}，牵头部门：{r.lead_name}，{r.applied_year}年申报，状态：{r.status_name}")
    table("受益村（社区）", ["镇街", "村（社区）", "编码", "预计年收益"],
          [[v["town"], v["name"], v["code"], yuan_wan(v["expected_income_yuan"])] for v in r.villages])
    table("资金", ["来源", "金额"], [[s, yuan_wan(y)] for s, y in r.funds_yuan.items()])
    table("节点", ["节点", "计划日期", "完成日期", "逾期问题"],
          [[m["name"], m["planned_on"], m["done_on"], m["issue_id"]] for m in r.milestones])
    if r.income_yuan:
        table("实际收益", ["年度", "金额"], [[y, yuan_wan(v)] for y, v in r.income_yuan.items()])


@app.command("milestone")
def milestone(code: Annotated[str, typer.Argument(help="项目编号。")],
              name: Annotated[str, typer.Argument(help="节点：立项、开工、建成、验收、投产。")],
              done: Annotated[str | None, typer.Option("--done", help="完成日期（YYYY-MM-DD）。")] = None,
              planned: Annotated[str | None, typer.Option("--planned", help="计划日期（YYYY-MM-DD）。")] = None,
              as_of: AsOf = None, by: By = None, as_json: Json = False) -> None:
    """记录一个节点的计划或完成日期（留痕），项目状态随之更新。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import emit_json, say
    from config.errors import InputError, Problem
    from domain.projects import MILESTONE_NAMES, STATUS_NAMES, record_milestone

    if done is None and planned is None:
        raise InputError("没有要记录的日期", [Problem("--done/--planned", "至少给出一个")])
    with context.work(as_of, by, acting=True) as uow:
        change = record_milestone(uow, code, name, planned_on=parse_date(planned, "--planned"),
                                  done_on=parse_date(done, "--done"))
    if as_json:
        emit_json(change)
        return
    say(f"{code} {MILESTONE_NAMES[change.milestone]}：计划 {change.planned_on or '—'}，完成 {change.done_on or '—'}；"
        f"状态 {STATUS_NAMES[change.status]}" + ("" if change.changed else "（未变）"))


@app.command("sweep")
def sweep(as_of: AsOf = None, by: By = None,
          deliver: Annotated[bool, typer.Option("--deliver/--no-deliver", help="同时投递到期消息。")] = True,
          as_json: Json = False) -> None:
    """节点检查：计划节点前提醒牵头部门（每条一次），逾期未完成的节点为牵头部门立一个问题（只立一次）。"""
    from cli import context
    from cli.notify_cmd import delivery_json, print_delivery
    from cli.output import emit_json, say
    from domain.outbox import deliver_outbox
    from domain.projects import sweep_projects

    with context.work(as_of, by or "dudao:projects", acting=True) as uow:
        result = sweep_projects(uow)
        report = deliver_outbox(uow) if deliver else None
    if as_json:
        emit_json({"sweep": result, "delivery": delivery_json(report)})
        return
    say(result.text)
    if report is not None:
        print_delivery(report)


@app.command("figures")
def figures(year: Annotated[int, typer.Option("--year", min=2000, max=2999, help="年度。")],
            as_of: AsOf = None, as_json: Json = False) -> None:
    """年度数字（工作汇报用）：各类型项目年内计划建成数、受益村、最低预计年收益、已建成、当年申报。"""
    from cli import context
    from cli.output import emit_json, table, yuan_wan
    from domain.projects import project_figures

    with context.work(as_of) as uow:
        f = project_figures(uow, year)
        names = {k.key: k.name for k in uow.config.projects.kinds}
    if as_json:
        emit_json(f)
        return
    table(f"{year}年扶持项目（截至{f.as_of}）", ["类型", "项目", "年内计划建成", "受益村", "每村最低预计年收益",
                                           "已建成", "当年申报"],
          [[names.get(k, k), x.projects, x.due, x.villages_due, yuan_wan(x.min_expected_yuan), x.built, x.applied]
           for k, x in f.kinds.items()])
