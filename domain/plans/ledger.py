"""The plans ledger (规划与实施方案): a sheet of targets, one row per plan, level, unit, year and metric, loaded
all or nothing by natural key; and progress against plan by town, from the roster's incomes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from adapters.ledger_sheet import Column, SheetSpec, choice, collect_sheet, lookup, text, whole
from adapters.sheets import Table
from config.errors import InputError, Problem
from domain.party import Synced, sync_by_key
from models.org import District, Town, Village
from models.plans import Plan, PlanGoal, PlanKind, PlanLevel, PlanMetric
from models.records import IncomeRecord

KINDS = {"三年规划": PlanKind.three_year, "年度实施方案": PlanKind.annual, "实施方案": PlanKind.annual,
         "three_year": PlanKind.three_year, "annual": PlanKind.annual}
KIND_NAMES = {PlanKind.three_year: "三年规划", PlanKind.annual: "年度实施方案"}
LEVELS = {"区": PlanLevel.district, "镇": PlanLevel.town, "村": PlanLevel.village, "区级": PlanLevel.district,
          "镇级": PlanLevel.town, "村级": PlanLevel.village, "村（社区）": PlanLevel.village,
          "district": PlanLevel.district, "town": PlanLevel.town, "village": PlanLevel.village}
LEVEL_NAMES = {PlanLevel.district: "区", PlanLevel.town: "镇", PlanLevel.village: "村"}
METRICS = {"集体经济收入（元）": PlanMetric.income_yuan, "收入（元）": PlanMetric.income_yuan,
           "10万元以上村数": PlanMetric.villages_100k, "20万元以上村数": PlanMetric.villages_200k,
           "最低收入（元）": PlanMetric.min_income_yuan, "income_yuan": PlanMetric.income_yuan,
           "villages_100k": PlanMetric.villages_100k, "villages_200k": PlanMetric.villages_200k,
           "min_income_yuan": PlanMetric.min_income_yuan}
METRIC_NAMES = {PlanMetric.income_yuan: "集体经济收入（元）", PlanMetric.villages_100k: "10万元以上村数",
                PlanMetric.villages_200k: "20万元以上村数", PlanMetric.min_income_yuan: "最低收入（元）"}
YEAR = whole(2000, 2100)


def plan_spec(units: Mapping[str, tuple[PlanLevel, str]] | None = None) -> SheetSpec:
    """`units`: every code a goal may name → (its level, the code) — the district's, the towns', the villages'."""
    return SheetSpec("规划目标", (
        Column("方案编号", "key", text(32), True, "GH2022"),
        Column("方案类型", "kind", choice(KINDS, "方案类型"), True, "三年规划"),
        Column("方案名称", "title", text(128), True, "示范区发展壮大村级集体经济三年规划（2022—2024年）"),
        Column("起始年度", "year_from", YEAR, True, 2022),
        Column("终止年度", "year_to", YEAR, True, 2024),
        Column("方案层级", "plan_level", choice(LEVELS, "层级"), True, "区"),
        Column("目标层级", "level", choice(LEVELS, "层级"), True, "镇"),
        Column("单位编码", "unit", lookup(units or {}, "区、镇街或在册村（社区）的编码"), True, "T01"),
        Column("年度", "year", YEAR, True, 2022),
        Column("指标", "metric", choice(METRICS, "指标"), True, "10万元以上村数"),
        Column("目标值", "target", whole(0, 10**12), True, 12),
    ), key=("key", "level", "unit", "year", "metric"), check=_check)


def _check(row: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    if row["year_to"] < row["year_from"]:
        out.append(("终止年度", f"{row['year_to']} 早于起始年度 {row['year_from']}"))
    elif not row["year_from"] <= row["year"] <= row["year_to"]:
        out.append(("年度", f"{row['year']} 不在方案的{row['year_from']}—{row['year_to']}年度内"))
    unit_level, code = row["unit"]
    if unit_level != row["level"]:
        out.append(("单位编码", f"{code} 是{LEVEL_NAMES[unit_level]}级单位，"
                                f"与目标层级“{LEVEL_NAMES[row['level']]}”不符"))
    if row["level"] == PlanLevel.village and row["metric"] != PlanMetric.income_yuan:
        out.append(("指标", "村级目标只有集体经济收入（元）"))
    return out


def units(session: Session) -> dict[str, tuple[PlanLevel, str]]:
    out: dict[str, tuple[PlanLevel, str]] = {}
    for (code,) in session.execute(sa.select(District.code)):
        out[code] = (PlanLevel.district, code)
    for (code,) in session.execute(sa.select(Town.code)):
        out[code] = (PlanLevel.town, code)
    for (code,) in session.execute(sa.select(Village.code).where(Village.active)):
        out[code] = (PlanLevel.village, code)
    return out


@dataclass(frozen=True)
class PlansLoaded:
    plans: Synced
    goals: Synced

    def as_dict(self) -> dict[str, Any]:
        return {"plans": self.plans.as_dict(), "goals": self.goals.as_dict()}


def load_plans(session: Session, table: Table, *, at: datetime, actor: str) -> PlansLoaded:
    rows, problems = collect_sheet(table, plan_spec(units(session)))
    name = table.path.name
    heads: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, v in rows:
        head = {"key": v["key"], "kind": v["kind"], "level": v["plan_level"], "title": v["title"],
                "year_from": v["year_from"], "year_to": v["year_to"]}
        first = heads.setdefault(v["key"], (n, head))
        if first[1] != head:
            diff = [h for f, h in (("kind", "方案类型"), ("level", "方案层级"), ("title", "方案名称"),
                                   ("year_from", "起始年度"), ("year_to", "终止年度")) if first[1][f] != head[f]]
            problems.append(Problem(f"{name} 第{n}行 “{diff[0]}”", f"与第{first[0]}行同一方案（{v['key']}）的"
                                    f"{'、'.join(diff)}不一致"))
    if problems:
        raise InputError(f"{name} 有 {len(problems)} 处错误，未写入任何数据", problems)
    plans = sync_by_key(session, Plan, [h for _, h in heads.values()], ("key",), at=at, actor=actor, entity="plan")
    ids = dict(session.execute(sa.select(Plan.key, Plan.id).where(Plan.key.in_(list(heads)))).all())
    goals = [{"plan_id": ids[v["key"]], "level": v["level"], "unit": v["unit"][1], "year": v["year"],
              "metric": v["metric"], "target": v["target"]} for _, v in rows]
    synced = sync_by_key(session, PlanGoal, goals, ("plan_id", "level", "unit", "year", "metric"), at=at,
                         actor=actor, entity="plan-goal")
    return PlansLoaded(plans, synced)


@dataclass(frozen=True)
class PlanRow:
    key: str
    kind: str
    level: str
    title: str
    year_from: int
    year_to: int
    goals: int


def plan_rows(session: Session) -> list[PlanRow]:
    q = (sa.select(Plan.key, Plan.kind, Plan.level, Plan.title, Plan.year_from, Plan.year_to,
                   sa.func.count(PlanGoal.id))
         .join(PlanGoal, PlanGoal.plan_id == Plan.id, isouter=True).group_by(Plan.id)
         .order_by(Plan.year_from, Plan.key))
    return [PlanRow(k, str(kind), str(lv), t, a, b, n) for k, kind, lv, t, a, b, n in session.execute(q)]


@dataclass(frozen=True)
class GoalRow:
    plan: str
    kind: str
    level: str
    unit: str
    year: int
    metric: str
    target: int


def goal_rows(session: Session, *, plan: str | None = None, year: int | None = None,
              level: PlanLevel | None = None) -> list[GoalRow]:
    q = (sa.select(Plan.key, Plan.kind, PlanGoal.level, PlanGoal.unit, PlanGoal.year, PlanGoal.metric, PlanGoal.target)
         .join(Plan, Plan.id == PlanGoal.plan_id)
         .order_by(Plan.key, PlanGoal.year, PlanGoal.level, PlanGoal.unit, PlanGoal.metric))
    if plan:
        q = q.where(Plan.key == plan)
    if year is not None:
        q = q.where(PlanGoal.year == year)
    if level is not None:
        q = q.where(PlanGoal.level == level)
    return [GoalRow(p, str(k), str(lv), u, y, str(m), t) for p, k, lv, u, y, m, t in session.execute(q)]


@dataclass(frozen=True)
class Progress:
    """One unit's figure of the year against its target (年度实施方案 first, else the three-year plan)."""

    unit: str  # the town's code, or the district's
    name: str
    metric: str
    target: int | None
    actual: int | None
    rate: float | None  # actual ÷ target (for min_income: 1.0 when every village reaches it)
    source: str | None  # 年度实施方案 / 三年规划


def progress(session: Session, year: int) -> list[Progress]:
    """Progress against plan by town (and the district) for the year, from the roster's incomes: total income,
    villages ≥ 10万 and ≥ 20万, the lowest income, and villages that reached their own village-level target."""
    incomes = session.execute(
        sa.select(Town.code, Village.code, IncomeRecord.amount_yuan).join(Town, Town.id == Village.town_id)
        .join(IncomeRecord, sa.and_(IncomeRecord.village_id == Village.id, IncomeRecord.year == year), isouter=True)
        .where(Village.active).order_by(Town.code, Village.code)).all()
    goals: dict[tuple[str, str], tuple[int, str]] = {}
    for kind, unit, metric, target in session.execute(
            sa.select(Plan.kind, PlanGoal.unit, PlanGoal.metric, PlanGoal.target)
            .join(Plan, Plan.id == PlanGoal.plan_id)
            .where(PlanGoal.year == year).order_by(Plan.kind.desc())):  # three_year first, annual overrides
        goals[(unit, str(metric))] = (target, KIND_NAMES[PlanKind(kind)])
    towns = dict(session.execute(sa.select(Town.code, Town.name)).all())
    district = session.execute(sa.select(District.code, District.name)).first()
    groups: dict[str, list[tuple[str, int | None]]] = {}
    for town, village, amount in incomes:
        groups.setdefault(town, []).append((village, amount))
    every = [v for vs in groups.values() for v in vs]
    out: list[Progress] = []
    units = [(t, towns[t], vs) for t, vs in sorted(groups.items())]
    if district is not None:
        units.append((district[0], district[1], every))
    for code, name, vs in units:
        known = [a for _, a in vs if a is not None]
        actual = {PlanMetric.income_yuan: sum(known) if known else None,
                  PlanMetric.villages_100k: sum(a >= 100_000 for a in known) if known else None,
                  PlanMetric.villages_200k: sum(a >= 200_000 for a in known) if known else None,
                  PlanMetric.min_income_yuan: min(known) if known else None}
        for metric, value in actual.items():
            target, source = goals.get((code, str(metric)), (None, None))
            rate = None
            if target and value is not None:
                rate = (1.0 if value >= target else round(value / target, 3)) if metric == PlanMetric.min_income_yuan \
                    else round(value / target, 3)
            out.append(Progress(code, name, METRIC_NAMES[metric], target, value, rate, source))
        with_target = [(goals[(v, "income_yuan")][0], a) for v, a in vs if (v, "income_yuan") in goals]
        if with_target:
            met = sum(a is not None and a >= t for t, a in with_target)
            out.append(Progress(code, name, "达到村级目标的村数", len(with_target), met,
                                round(met / len(with_target), 3), None))
    return out
