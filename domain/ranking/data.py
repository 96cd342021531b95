"""Indicator values from the ledger (红黑榜指标取数): one table of per-unit values for a period.

Each indicator is one set-based query (or a few) over the whole district; see docs/ranking.md for the
definitions. The data is read as of `min(period end, as_of)`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from config.ranking import YEARLY_ONLY, Indicator
from domain.calendar import Period, WorkingCalendar
from domain.campaign import active_villages, completion_by_village
from domain.ranking.engine import UnitData
from domain.ranking.issue_indicators import issue_indicators
from domain.ranking.scores import inspection_scores
from domain.ranking.units import VillageUnit
from models.records import IncomeRecord, PlanTarget


@dataclass(frozen=True)
class Units:
    """The active villages (id → code, name, town code) and the towns that have any (code → name)."""

    villages: dict[int, VillageUnit]
    towns: dict[str, str]


def active_units(session: Session) -> Units:
    villages = active_villages(session)
    return Units({v.id: VillageUnit(v.code, v.name, v.town_code) for v in villages},
                 {v.town_code: v.town_name for v in villages})


def applicable_indicators(cfg: DistrictConfig, period: Period) -> set[Indicator]:
    """The configured indicators that exist in `period`: income only for years, the campaign only while it runs."""
    keys = {i.key for i in cfg.ranking.indicators}
    if not period.is_yearly:
        keys -= YEARLY_ONLY
    c = cfg.campaign
    if c is None or not period.overlaps(c.start, c.end):
        keys.discard(Indicator.campaign_completion)
    return keys


def data_day(period: Period, as_of: datetime) -> date:
    """The last day whose data counts: the period's end, or the as-of day when the period is still running."""
    return min(period.end, as_of.astimezone(DISTRICT_TZ).date())


Values = dict[Indicator, float | None]


def unit_values(session: Session, cfg: DistrictConfig, period: Period, cal: WorkingCalendar, *, as_of: datetime
                ) -> tuple[list[UnitData], list[UnitData], set[Indicator]]:
    """(villages, towns, applicable indicators) for `period` as of `as_of`."""
    applicable = applicable_indicators(cfg, period)
    units = active_units(session)
    village_values: dict[int, Values] = defaultdict(dict)
    town_values: dict[str, Values] = defaultdict(dict)
    hard: dict[str, list[str]] = defaultdict(list)
    if applicable & YEARLY_ONLY:
        _income(session, period.year, units, applicable, village_values, town_values)
    if Indicator.campaign_completion in applicable:
        _campaign(session, cfg, cal, data_day(period, as_of), units, village_values, town_values)
    if Indicator.inspection_score in applicable:
        inspection_scores(session, period, until=data_day(period, as_of), villages=units.villages,
                          village_values=village_values, town_values=town_values)
    issue_indicators(session, cfg.ranking, period, cal, until=data_day(period, as_of), villages=units.villages,
                     towns=units.towns, applicable=applicable, village_values=village_values,
                     town_values=town_values, hard=hard)
    villages = [UnitData(code, name, tcode, dict(village_values.get(vid, {})), tuple(hard.get(code, ())))
                for vid, (code, name, tcode) in sorted(units.villages.items(), key=lambda kv: kv[1].code)]
    towns = [UnitData(tcode, tname, None, dict(town_values.get(tcode, {})), tuple(hard.get(f"town:{tcode}", ())))
             for tcode, tname in sorted(units.towns.items())]
    return villages, towns, applicable


def _income(session: Session, year: int, units: Units, applicable: set[Indicator],
            village_values: dict[int, Values], town_values: dict[str, Values]) -> None:
    """income_growth = (income Y − income Y−1) / income Y−1; income_vs_target = income Y / PlanTarget Y.
    A town's figure is the same ratio over the sums of its villages that have both numbers."""
    incomes: dict[int, dict[int, int]] = defaultdict(dict)
    for vid, y, amount in session.execute(sa.select(IncomeRecord.village_id, IncomeRecord.year,
                                                    IncomeRecord.amount_yuan).where(
            IncomeRecord.year.in_([year - 1, year]))).all():
        incomes[vid][y] = amount
    targets = dict(session.execute(sa.select(PlanTarget.village_id, PlanTarget.target_yuan)
                                   .where(PlanTarget.year == year)).all())
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # now, before, now (with target), target
    for vid, (_, _, tcode) in units.villages.items():
        now, before, target = incomes[vid].get(year), incomes[vid].get(year - 1), targets.get(vid)
        if Indicator.income_growth in applicable and now is not None and before:
            village_values[vid][Indicator.income_growth] = (now - before) / before
            sums[tcode][0] += now
            sums[tcode][1] += before
        if Indicator.income_vs_target in applicable and now is not None and target:
            village_values[vid][Indicator.income_vs_target] = now / target
            sums[tcode][2] += now
            sums[tcode][3] += target
    for tcode, (now, before, now_t, target) in sums.items():
        if Indicator.income_growth in applicable and before:
            town_values[tcode][Indicator.income_growth] = (now - before) / before
        if Indicator.income_vs_target in applicable and target:
            town_values[tcode][Indicator.income_vs_target] = now_t / target


def _campaign(session: Session, cfg: DistrictConfig, cal: WorkingCalendar, until: date, units: Units,
              village_values: dict[int, Values], town_values: dict[str, Values]) -> None:
    """campaign_completion = milestones due by the data day that were done by their due date ÷ milestones due."""
    assert cfg.campaign is not None
    done = completion_by_village(session, cfg.campaign, cal, until=until, village_ids=units.villages)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for vid, (hits, due) in done.items():
        if vid not in units.villages:
            continue
        village_values[vid][Indicator.campaign_completion] = hits / due
        tcode = units.villages[vid].town_code
        sums[tcode][0] += hits
        sums[tcode][1] += due
    for tcode, (hits, due) in sums.items():
        town_values[tcode][Indicator.campaign_completion] = hits / due
