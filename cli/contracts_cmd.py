"""`dudao contracts template | import | list | show | review | clean | sweep | figures` — the contract clean-up
(经营合同清理)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import AsOf, By, Json

app = typer.Typer(help="经营合同清理：村级自查 → 镇级初审 → 区级联审，不规范合同整改或终止。", no_args_is_help=True)


@app.command("template")
def template(out: Annotated[Path, typer.Option("--out", help="写出的 .xlsx 文件。")], as_of: AsOf = None) -> None:
    """写出经营合同清理台账模板（每份合同一行，已有合同预先填好），填好后用 `dudao contracts import` 导入。"""
    from cli import context
    from cli.output import say
    from domain.contracts import write_contracts_sheet

    with context.work(as_of) as uow:
        written = write_contracts_sheet(uow, out)
    say(f"已写出 {written.path}（{written.rows} 行）")


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="经营合同清理台账（.xlsx 或 .csv）。")], as_of: AsOf = None,
            by: By = None, as_json: Json = False) -> None:
    """导入合同台账：全部通过才写入（逐行逐列列出问题）；按合同编号识别，重复导入不产生变化。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from domain.contracts import import_contracts

    table = read_table(file)
    with context.work(as_of, by, acting=True) as uow:
        report = import_contracts(uow, table)
    if as_json:
        emit_json(report)
        return
    say(f"{file.name}：{report.rows} 份，新增 {len(report.created)} 份，更新 {len(report.changed)} 份，"
        f"未变 {report.unchanged} 份；整改问题交办 {len(report.issues_opened)} 个、销号 {len(report.issues_closed)} 个")
    for code, what in report.changed.items():
        say(f"  {code}：{'；'.join(what)}")


@app.command("list")
def list_(village: Annotated[str | None, typer.Option(help="村（社区）编码或名称。")] = None,
          town: Annotated[str | None, typer.Option(help="镇街编码或名称。")] = None,
          result: Annotated[str | None, typer.Option(help="审查结论：合规 或 不合规。")] = None,
          cleaned: Annotated[bool | None, typer.Option("--cleaned/--not-cleaned", help="已清理或未清理。")] = None,
          as_of: AsOf = None, as_json: Json = False) -> None:
    """列出合同：所属村、承包方、标的、各级审查进度、结论与清理情况。"""
    from cli import context
    from cli.output import emit_json, table, yuan_wan
    from domain.contracts import list_contracts

    with context.work(as_of) as uow:
        rows = list_contracts(uow, village=village, town=town, result=result, cleaned=cleaned)
    if as_json:
        emit_json(rows)
        return
    table(f"经营合同（{len(rows)}份）", ["编号", "镇街", "村（社区）", "承包方", "标的", "年租金", "状态", "问题类型",
                                    "清理完成"],
          [[r.code, r.town, r.village, r.counterparty, r.subject, yuan_wan(r.rent_yuan), r.state,
            "、".join(r.reasons), r.cleaned_on] for r in rows])


@app.command("show")
def show(code: Annotated[str, typer.Argument(help="合同编号。")], as_of: AsOf = None, as_json: Json = False) -> None:
    """一份合同的详情：合同要素、各级审查（责任单位、期限、完成、结论）与清理。"""
    from cli import context
    from cli.output import emit_json, say, table, yuan_wan
    from domain.contracts import OUTCOME_NAMES, RESULT_NAMES, contract_detail

    with context.work(as_of) as uow:
        r = contract_detail(uow, code)
    if as_json:
        emit_json(r)
        return
    say(f"[bold]{r.code}[/bold] {r.town}{r.village}：{r.counterparty}，{r.subject}；"
        f"合同金额 {yuan_wan(r.amount_yuan)}，"
        f"年租金 {yuan_wan(r.rent_yuan)}，期限 {r.term_start or '—'}～{r.term_end or '—'}，签订 {r.signed_on or '—'}")
    table(f"审查（{r.review_started_on} 启动）", ["层级", "期限", "完成", "结论", "问题类型"],
          [[s["name"], s["deadline"], s["done_on"], RESULT_NAMES.get(s["result"], "") if s["result"] else "",
            "、".join(s["reasons"])] for s in r.stages])
    say(f"状态：{r.state}" + (f"；清理方式 {OUTCOME_NAMES[r.outcome]}" if r.outcome else "")
        + (f"，整改问题 {r.issue_id}" if r.issue_id else "") + (f"，完成于 {r.cleaned_on}" if r.cleaned_on else "")
        + (f"；追回 {yuan_wan(r.recovered_yuan)}" if r.recovered_yuan else "")
        + (f"；年增收 {yuan_wan(r.added_yuan_per_year)}" if r.added_yuan_per_year else ""))


@app.command("review")
def review(code: Annotated[str, typer.Argument(help="合同编号。")],
           stage: Annotated[str, typer.Argument(help="审查层级：村级自查、镇级初审、区级联审（或其键）。")],
           result: Annotated[str, typer.Option("--result", help="合规 或 不合规。")],
           reason: Annotated[list[str] | None, typer.Option("--reason", help="不合规的问题类型（可重复）。")] = None,
           on: Annotated[str | None, typer.Option("--on", help="完成日期（默认当天）。")] = None,
           as_of: AsOf = None, by: By = None) -> None:
    """记录一级审查的结论；下一级的期限按工作日随之确定（留痕）。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from domain.contracts import record_review

    with context.work(as_of, by, acting=True) as uow:
        report = record_review(uow, code, stage, result=result, reasons=reason or [], done_on=parse_date(on, "--on"))
    say(f"{code}：" + ("；".join(report.changed.get(code, [])) or "未变"))


@app.command("clean")
def clean(code: Annotated[str, typer.Argument(help="合同编号。")],
          terminate: Annotated[bool, typer.Option("--terminate/--rectify",
                                                  help="终止合同，或整改（为村交办一个整改问题）。")] = False,
          on: Annotated[str | None, typer.Option("--on", help="终止之日或整改完成之日。")] = None,
          recovered: Annotated[int | None, typer.Option("--recovered", min=0, help="追回资金（元）。")] = None,
          added: Annotated[int | None, typer.Option("--added", min=0, help="每年增加收益（元/年）。")] = None,
          as_of: AsOf = None, by: By = None) -> None:
    """清理一份不合规合同：整改（交办问题，销号即清理完成）或终止；记录追回资金与年增收。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from domain.contracts import clean_contract

    with context.work(as_of, by, acting=True) as uow:
        report = clean_contract(uow, code, outcome="terminate" if terminate else "rectify",
                                cleaned_on=parse_date(on, "--on"), recovered_yuan=recovered,
                                added_yuan_per_year=added)
    say(f"{code}：" + ("；".join(report.changed.get(code, [])) or "未变")
        + (f"；整改问题 {', '.join(map(str, report.issues_opened))} 已交办" if report.issues_opened else ""))


@app.command("sweep")
def sweep(as_of: AsOf = None, by: By = None,
          deliver: Annotated[bool, typer.Option("--deliver/--no-deliver", help="同时投递到期消息。")] = True,
          as_json: Json = False) -> None:
    """审查期限检查：期限前提醒、逾期通知（每条一次）；整改问题已销号的合同记为清理完成。"""
    from cli import context
    from cli.notify_cmd import delivery_json, print_delivery
    from cli.output import emit_json, say
    from domain.contracts import sweep_contracts
    from domain.outbox import deliver_outbox

    with context.work(as_of, by or "dudao:contracts", acting=True) as uow:
        result = sweep_contracts(uow)
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
    """年度数字（工作汇报用）：审查、认定不合规、清理（整改、终止）合同数，追回资金与年增收，问题类型分布。"""
    from cli import context
    from cli.output import emit_json, say, yuan_wan
    from domain.contracts import contract_figures

    with context.work(as_of) as uow:
        f = contract_figures(uow, year)
    if as_json:
        emit_json(f)
        return
    say(f"{year}年合同清理（截至{f.as_of}）：台账 {f.contracts} 份，审查 {f.reviewed} 份，"
        f"认定不合规 {f.non_compliant} 份，"
        f"清理 {f.cleaned} 份（整改 {f.rectified}、终止 {f.terminated}），追回资金 {yuan_wan(f.recovered_yuan)}，"
        f"年增收 {yuan_wan(f.added_yuan_per_year)}")
    if f.reasons:
        say("问题类型：" + "、".join(f"{r} {n}份" for r, n in f.reasons.items()))
