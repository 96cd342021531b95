"""The party ledgers' sheets (党建台账表): one SheetSpec per ledger, its columns in the words users write.

Codes are looked up in the ledger (a village code names an active village of the roster; an organisation is
named by its village's code; a session by its 期次编号), so a wrong code is reported with its row and column
like any other bad cell. Each spec's natural key makes importing it again change nothing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from adapters.ledger_sheet import Column, Parser, SheetSpec, choice, day, lookup, text, whole
from domain.calendar import WorkingCalendar
from domain.party.rules import (
    CATEGORIES,
    FINDINGS,
    GRADES,
    ORG_KINDS,
    RATING_LEVELS,
    REVIEW_LEVELS,
    ROLES,
    STARS,
    TRAINING_KINDS,
)
from models.party import OrgKind, RatingLevel, ReviewFinding

YEAR = whole(2000, 2100)
SHEETS = ("orgs", "ratings", "weak", "brands", "reviews", "assessments", "excellent", "sessions", "attendance")
SHEET_NAMES = {"orgs": "村（社区）党组织", "ratings": "星级评定", "weak": "软弱涣散党组织整顿", "brands": "党建品牌",
               "reviews": "任职资格审查", "assessments": "书记述职评议考核", "excellent": "评优",
               "sessions": "培训期次", "attendance": "参训人员"}


def _village(villages: Mapping[str, int]) -> Column:
    return Column("村（社区）编码", "village_id", lookup(villages, "花名册中在册的村（社区）编码"), True, "330101001")


def _org(orgs: Mapping[str, int]) -> Column:
    return Column("村（社区）编码", "org_id", lookup(orgs, "有党组织的在册村（社区）编码（先导入党组织台账）"), True,
                  "330101001")


def _stars(value: object) -> int:
    from adapters.sheets import cell_text

    s = cell_text(value)
    if s not in STARS:
        raise ValueError("应为五星、四星、三星（或5、4、3）")
    return STARS[s]


def _working_day(cal: WorkingCalendar | None) -> Parser:
    """A date that must be a working day (a deadline): the holiday is named and the next working day offered."""
    def parse(value: object) -> date:
        d = day(value)
        if cal is not None and not cal.is_working_day(d):
            raise ValueError(f"不是工作日（{cal.day(d).reason or '休息日'}）；下一个工作日是{cal.next_working_day(d)}")
        return d
    return parse


def spec(kind: str, *, villages: Mapping[str, int], orgs: Mapping[str, int], sessions: Mapping[str, int],
         calendar: WorkingCalendar | None = None) -> SheetSpec:
    """The sheet of one ledger (`kind` in SHEETS), its lookups from the ledger; deadlines must be working days
    of `calendar`."""
    name = SHEET_NAMES[kind]
    if kind == "orgs":
        return SheetSpec(name, (
            _village(villages),
            Column("党组织名称", "name", text(64), True, "青山镇安宝村党支部"),
            Column("组织类型", "kind", choice(ORG_KINDS, "组织类型"), False, "党支部", OrgKind.branch),
            Column("书记", "secretary", text(32), False, "王伟"),
            Column("党员数", "members", whole(0, 100000), False, 45),
        ), key=("village_id",))
    if kind == "ratings":
        return SheetSpec(name, (
            _org(orgs),
            Column("年度", "year", YEAR, True, 2022),
            Column("星级", "stars", _stars, True, "五星"),
            Column("评定层级", "level", choice(RATING_LEVELS, "评定层级"), False, "市级", RatingLevel.city),
            Column("评定日期", "rated_on", day, False, "2022-06-30"),
        ), key=("org_id", "year", "level"))
    if kind == "weak":
        return SheetSpec(name, (
            _org(orgs),
            Column("年度", "year", YEAR, True, 2022),
            Column("认定日期", "designated_on", day, True, "2022-03-15"),
            Column("主要问题", "reasons", text(200), True, "班子不团结，集体经济薄弱"),
            Column("联系区领导", "liaison_leader", text(32), True, "张明"),
            Column("镇党委书记", "town_secretary", text(32), False, "（默认镇街书记）"),
            Column("整顿期限", "deadline", _working_day(calendar), False, "2022-10-10"),
            Column("整顿期限（工作日）", "due_days", whole(1, 500), False, ""),
        ), key=("org_id", "year"), check=_weak_check)
    if kind == "brands":
        return SheetSpec(name, (
            Column("品牌名称", "name", text(64), True, "幸福里小区党支部"),
            _org(orgs),
            Column("年度", "year", YEAR, False, 2022),
            Column("排序", "rank", whole(0, 100000), False, 1, 0),
        ), key=("name",))
    if kind == "reviews":
        return SheetSpec(name, (
            Column("年度", "year", YEAR, True, 2022),
            Column("审查层级", "level", choice(REVIEW_LEVELS, "审查层级"), True, "区级"),
            _village(villages),
            Column("姓名", "cadre", text(32), True, "李强"),
            Column("职务", "post", text(32), False, "村委会委员"),
            Column("审查日期", "reviewed_on", day, True, "2022-01-20"),
            Column("审查结果", "finding", choice(FINDINGS, "审查结果"), False, "符合任职条件", ReviewFinding.clear),
            Column("情况说明", "finding_note", text(200), False, ""),
            Column("处理期限", "handle_by", _working_day(calendar), False, ""),
            Column("会商处理结果", "handling", text(200), False, ""),
            Column("处理日期", "handled_on", day, False, ""),
        ), key=("year", "level", "village_id", "cadre"), check=_review_check)
    if kind == "assessments":
        return SheetSpec(name, (
            Column("年度", "year", YEAR, True, 2021),
            _village(villages),
            Column("书记姓名", "secretary", text(32), True, "王伟"),
            Column("等次", "grade", choice(GRADES, "考核等次"), True, "好"),
            Column("考核日期", "assessed_on", day, False, "2022-01-25"),
        ), key=("year", "village_id"))
    if kind == "excellent":
        return SheetSpec(name, (
            Column("考核年度", "year", YEAR, True, 2021),
            Column("类别", "category", choice(CATEGORIES, "评优类别"), True, "优秀村（社区）书记"),
            _village(villages),
            Column("姓名", "name", text(32), True, "王伟"),
            Column("职务", "post", text(32), False, "党支部书记"),
        ), key=("year", "category", "village_id", "name"))
    if kind == "sessions":
        return SheetSpec(name, (
            Column("期次编号", "code", text(32), True, "PX2022-01"),
            Column("培训名称", "title", text(128), True, "村（社区）“两委”干部集体经济专题培训班"),
            Column("培训类型", "kind", choice(TRAINING_KINDS, "培训类型"), True, "轮训"),
            Column("主办单位", "organiser", text(64), True, "区委组织部"),
            Column("开始日期", "starts_on", day, True, "2022-03-08"),
            Column("结束日期", "ends_on", day, False, "2022-03-10"),
            Column("村（社区）干部人次", "cadres", whole(0, 1000000), False, 150),
            Column("农村党员人次", "members", whole(0, 1000000), False, 600),
        ), key=("code",), check=_session_check)
    if kind == "attendance":
        return SheetSpec(name, (
            Column("期次编号", "session_id", lookup(sessions, "已登记的培训期次编号（先导入培训期次）"), True,
                   "PX2022-01"),
            Column("身份", "role", choice(ROLES, "参训身份"), True, "村（社区）干部"),
            _village(villages),
            Column("姓名", "name", text(32), True, "李强"),
        ), key=("session_id", "role", "village_id", "name"))
    raise KeyError(kind)


def _weak_check(row: dict[str, Any]) -> list[tuple[str, str]]:
    if row["deadline"] is not None and row["due_days"] is not None:
        return [("整顿期限", "整顿期限和整顿期限（工作日）只填一个")]
    if row["deadline"] is not None and row["deadline"] < row["designated_on"]:
        return [("整顿期限", f"{row['deadline']} 早于认定日期 {row['designated_on']}")]
    if row["designated_on"].year != row["year"]:
        return [("认定日期", f"{row['designated_on']} 不在{row['year']}年度内")]
    return []


def _review_check(row: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    if row["finding"] == ReviewFinding.clear and (row["handling"] or row["handled_on"]):
        out.append(("会商处理结果", "审查结果为符合任职条件时无需会商处理；请核对审查结果"))
    if bool(row["handling"]) != bool(row["handled_on"]):
        out.append(("处理日期", "会商处理结果和处理日期须同时填写"))
    if row["handled_on"] is not None and row["handled_on"] < row["reviewed_on"]:
        out.append(("处理日期", f"{row['handled_on']} 早于审查日期 {row['reviewed_on']}"))
    if row["reviewed_on"].year != row["year"]:
        out.append(("审查日期", f"{row['reviewed_on']} 不在{row['year']}年度内"))
    return out


def _session_check(row: dict[str, Any]) -> list[tuple[str, str]]:
    if row["ends_on"] is not None and row["ends_on"] < row["starts_on"]:
        return [("结束日期", f"{row['ends_on']} 早于开始日期 {row['starts_on']}")]
    return []
