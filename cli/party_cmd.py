"""`dudao party template | import | list | weak | figures | transfer` — 村（社区）党组织台账."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import party_io
from cli.options import AsOf, By, Json

app = typer.Typer(help="村（社区）党组织：星级评定、软弱涣散整顿、党建品牌。", no_args_is_help=True)
party_io.register(app, {"orgs": "村（社区）党组织", "ratings": "星级评定", "weak": "软弱涣散党组织整顿",
                        "brands": "党建品牌"})
Year = Annotated[int, typer.Option("--year", min=2000, max=2100, help="年度。")]


@app.command("list")
def list_(year: Year, town: Annotated[str | None, typer.Option("--town", help="镇街编码或名称。")] = None,
          all_: Annotated[bool, typer.Option("--all", help="包括已撤并村的党组织。")] = False,
          as_json: Json = False) -> None:
    """党组织列表：年度市级星级、软弱涣散整顿状态、党建品牌。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.party import ORG_KIND_NAMES, STAR_NAMES, list_orgs

    with context.work() as uow:
        rows = list_orgs(uow, year, town=town, include_inactive=all_)
    if as_json:
        emit_json(rows)
        return
    table(f"{year}年村（社区）党组织（{len(rows)}个）", ["编码", "镇街", "村（社区）", "党组织", "类型", "书记", "党员",
                                                  "星级", "软弱涣散", "党建品牌"],
          [[r.village_code, r.town, r.village, r.name, ORG_KIND_NAMES.get(r.kind, r.kind), r.secretary, r.members,
            STAR_NAMES.get(r.stars, "") if r.stars else "", r.weak or "", "、".join(r.brands)] for r in rows])


@app.command("weak")
def weak(year: Annotated[int | None, typer.Option("--year", min=2000, max=2100, help="认定年度。")] = None,
         as_json: Json = False) -> None:
    """软弱涣散党组织：认定、整顿问题、期限与销号情况。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.issues import STATUS_NAMES
    from domain.party import list_weak

    with context.work() as uow:
        rows = list_weak(uow, year)
    if as_json:
        emit_json(rows)
        return
    table("软弱涣散党组织整顿", ["年度", "镇街", "党组织", "认定日期", "主要问题", "镇党委书记", "联系区领导", "问题",
                           "整顿期限", "状态"],
          [[r.year, r.town, r.org, r.designated_on, r.reasons, r.town_secretary, r.liaison_leader, r.issue_id,
            r.deadline, STATUS_NAMES.get(r.status, r.status) if r.status else ""] for r in rows])


@app.command("figures")
def figures(year: Year, as_of: AsOf = None, as_json: Json = False) -> None:
    """年度党建数据（工作汇报用）：党组织数、星级、品牌、整顿销号、资格审查、培训、评优。"""
    from cli import context
    from cli.output import emit_json, say
    from domain.party import party_figures

    with context.work(as_of) as uow:
        f = party_figures(uow, year)
    if as_json:
        emit_json(f.as_dict())
        return
    say(f"{year}年党建数据（截至{f.as_of}）")
    say(f"  村（社区）党组织{f.orgs}个；市级五星级{f.stars[5]}个、四星级{f.stars[4]}个、三星级{f.stars[3]}个")
    say(f"  党建品牌：{'、'.join(f.brands) or '（无数据）'}")
    say(f"  软弱涣散党组织认定{f.weak_designated}个，已整顿销号{f.weak_closed}个")
    say(f"  任职资格审查{f.cadres_reviewed}名（{'、'.join(f'{k}{v}人次' for k, v in f.reviews_by_level.items())}），"
        f"有违法记录{f.records_found}名，已会商处理{f.records_handled}名")
    say(f"  培训{f.sessions}期，村（社区）干部{f.cadre_attendances}人次，农村党员{f.member_attendances}人次")
    say(f"  {f.excellent_year}年度优秀村（社区）书记{f.excellent_secretaries}名、"
        f"优秀村（社区）干部{f.excellent_cadres}名")


@app.command("transfer")
def transfer(from_village: Annotated[str, typer.Option("--from", help="撤并的村（社区）编码。")],
             to_village: Annotated[str, typer.Option("--to", help="并入的村（社区）编码。")],
             reason: Annotated[str | None, typer.Option("--reason", help="原因。")] = None,
             as_of: AsOf = None, by: By = None, as_json: Json = False) -> None:
    """村（社区）撤并时，把其党组织移交并入的村（社区）：对方无党组织则移过去，有则并入对方党组织。"""
    from cli import context
    from cli.output import emit_json, say
    from domain.party import transfer_party_org

    with context.work(as_of, by, acting=True) as uow:
        org, action = transfer_party_org(uow, from_village, to_village, reason=reason)
    if as_json:
        emit_json({"org": org, "action": action})
        return
    say({"moved": f"党组织{org}已移至{to_village}", "merged": f"党组织{org}已并入{to_village}的党组织",
         "none": f"{from_village}没有在册党组织，无需移交"}[action])
