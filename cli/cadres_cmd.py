"""`dudao cadres template | import | reviews | handle | sweep | assessments | excellent` — 村干部台账."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import party_io
from cli.options import AsOf, By, Json

app = typer.Typer(help="村（社区）干部：任职资格审查与会商处理、书记述职评议考核、评优。", no_args_is_help=True)
party_io.register(app, {"reviews": "任职资格审查", "assessments": "书记述职评议考核", "excellent": "评优"})
OptYear = Annotated[int | None, typer.Option("--year", min=2000, max=2100, help="年度。")]


@app.command("reviews")
def reviews(year: OptYear = None, found: Annotated[bool, typer.Option("--found", help="只列发现问题的。")] = False,
            as_json: Json = False) -> None:
    """任职资格审查（区级、镇级）：发现的情形、处理期限与会商处理结果。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.party import FINDING_NAMES, REVIEW_LEVEL_NAMES, list_reviews

    with context.work() as uow:
        rows = list_reviews(uow, year, found_only=found)
    if as_json:
        emit_json(rows)
        return
    table(f"任职资格审查（{len(rows)}条）", ["编号", "年度", "层级", "镇街", "村（社区）", "姓名", "职务", "审查日期",
                                     "审查结果", "处理期限", "会商处理", "处理日期"],
          [[r.id, r.year, REVIEW_LEVEL_NAMES.get(r.level, r.level), r.town, r.village, r.cadre, r.post, r.reviewed_on,
            FINDING_NAMES.get(r.finding, r.finding), r.handle_by, r.handling, r.handled_on] for r in rows])


@app.command("handle")
def handle(review_id: Annotated[int, typer.Argument(help="审查编号（见 cadres reviews）。")],
           handling: Annotated[str, typer.Option("--handling", help="会商处理结果，如：依法依规罢免。")],
           on: Annotated[str | None, typer.Option("--on", help="处理日期 YYYY-MM-DD，默认今天。")] = None,
           as_of: AsOf = None, by: By = None, as_json: Json = False) -> None:
    """记录发现问题的会商处理结果；此后不再提醒。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import emit_json, say
    from domain.party import handle_review_case

    day = parse_date(on, "--on") if on else None
    with context.work(as_of, by, acting=True) as uow:
        r = handle_review_case(uow, review_id, handling=handling, handled_on=day)
        out = {"id": r.id, "cadre": r.cadre, "handling": r.handling, "handled_on": r.handled_on}
    if as_json:
        emit_json(out)
        return
    say(f"已记录{out['cadre']}的会商处理：{out['handling']}（{out['handled_on']}）")


@app.command("sweep")
def sweep(as_of: AsOf = None, by: By = None, as_json: Json = False) -> None:
    """会商处理期限检查：对未处理的情形发送到期前提醒、到期和逾期通知（每条只发一次）。"""
    from cli import context
    from cli.output import emit_json, say
    from domain.party import sweep_reviews

    with context.work(as_of, by, acting=True) as uow:
        n = sweep_reviews(uow)
    if as_json:
        emit_json({"queued": n})
        return
    say(f"会商处理期限检查：入队通知{n}条")


@app.command("assessments")
def assessments(year: OptYear = None, as_json: Json = False) -> None:
    """书记述职评议考核等次。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.party import GRADE_NAMES, list_assessments

    with context.work() as uow:
        rows = list_assessments(uow, year)
    if as_json:
        emit_json(rows)
        return
    table(f"书记述职评议考核（{len(rows)}人）", ["年度", "镇街", "村（社区）", "书记", "等次"],
          [[r.year, r.town, r.village, r.name, GRADE_NAMES.get(r.what, r.what)] for r in rows])


@app.command("excellent")
def excellent(year: OptYear = None, as_json: Json = False) -> None:
    """评选出的优秀村（社区）书记和优秀村（社区）干部（按考核年度）。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.party import CATEGORY_NAMES, list_excellent

    with context.work() as uow:
        rows = list_excellent(uow, year)
    if as_json:
        emit_json(rows)
        return
    table(f"评优（{len(rows)}人）", ["考核年度", "类别", "镇街", "村（社区）", "姓名", "职务"],
          [[r.year, CATEGORY_NAMES.get(r.what, r.what), r.town, r.village, r.name, r.post] for r in rows])
