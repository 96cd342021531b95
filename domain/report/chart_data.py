"""The numbers behind the report's charts (one grouped query each): income bands by town (this year against
last), issues raised and closed by month, red and black listings by round."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from config.district import DistrictConfig
from domain.report.basis import Window
from domain.report.roster_figures import active_at
from models.issues import Issue, IssueStatus
from models.org import Town, Village
from models.ranking import Listing, RankingEntry, RankingSnapshot, SnapshotStatus
from models.records import IncomeRecord

MAX_TOWNS = 30  # a chart stays readable; the caption says when a district has more towns


@dataclass(frozen=True)
class Series:
    """One chart: categories along the x axis, named series of values, and a caption."""

    key: str
    title: str
    categories: list[str]
    series: dict[str, list[int]]
    caption: str
    stacked_by: str | None = None  # series named "<group>|<stack>" are stacked within each group

    @property
    def empty(self) -> bool:
        return not self.categories or not any(any(v) for v in self.series.values())


def income_bands(session: Session, cfg: DistrictConfig, window: Window) -> Series:
    """Villages per income band and town, last year and this year (stacked per year)."""
    year = window.period.year
    floor, (low, high) = cfg.district.income_floor_yuan, cfg.district.income_bands_yuan[:2]
    f, lo, hi = floor // 10_000, low // 10_000, high // 10_000
    labels = [f"{f}万元以下", f"{f}–{lo}万元", f"{lo}–{hi}万元", f"{hi}万元以上"]
    amount = IncomeRecord.amount_yuan
    band = sa.case((amount < floor, 0), (amount < low, 1), (amount < high, 2), else_=3)
    rows = session.execute(
        sa.select(Town.code, Town.name, IncomeRecord.year, band, sa.func.count())
        .join(Village, Village.town_id == Town.id).join(IncomeRecord, IncomeRecord.village_id == Village.id)
        .where(active_at(window), IncomeRecord.year.in_((year - 1, year)))
        .group_by(Town.code, Town.name, IncomeRecord.year, band).order_by(Town.code)).all()
    towns: dict[str, str] = {}
    for code, name, *_ in rows:
        towns.setdefault(code, name)
    shown = list(towns)[:MAX_TOWNS]
    index = {code: i for i, code in enumerate(shown)}
    series = {f"{y}年|{label}": [0] * len(shown) for y in (year - 1, year) for label in labels}
    for code, _name, y, b, n in rows:
        if code in index:
            series[f"{y}年|{labels[b]}"][index[code]] = n
    more = f"（共{len(towns)}个镇街，图示前{MAX_TOWNS}个）" if len(towns) > MAX_TOWNS else ""
    return Series("income-bands", f"各镇街村级集体经济收入分档（{year - 1}年与{year}年）",
                  [towns[c] for c in shown], series,
                  f"各镇街村（社区）集体经济年收入分档，左{year - 1}年、右{year}年{more}",
                  stacked_by="year")


def issues_by_month(session: Session, window: Window, raised: dict[int, int] | None = None) -> Series:
    """Issues raised (opened) and closed in each month of the window. `raised`: the issues raised by month, when
    already counted (brief.issue_figures counts them in its pass over the issues)."""
    months = list(range(window.period.start.month, window.last_day.month + 1)) \
        if window.last_day >= window.period.start else []
    opened = sa.extract("month", Issue.opened_at)
    closed = sa.extract("month", Issue.closed_at)
    if raised is None:
        raised = dict(session.execute(sa.select(opened, sa.func.count()).where(window.moments(Issue.opened_at))
                                      .group_by(opened)).all())
    done = dict(session.execute(sa.select(closed, sa.func.count())
                                .where(Issue.status == IssueStatus.closed, window.moments(Issue.closed_at))
                                .group_by(closed)).all())
    return Series("issues-by-month", f"{window.period.label}各月问题交办与销号",
                  [f"{m}月" for m in months],
                  {"交办": [int(raised.get(m, 0)) for m in months], "销号": [int(done.get(m, 0)) for m in months]},
                  f"{window.period.label}各月交办与销号的问题数")


def listings_by_round(session: Session, window: Window) -> Series:
    """Villages on the red and the black list of each round published in the window (district-wide board)."""
    snap = RankingSnapshot
    rows = session.execute(
        sa.select(snap.period, RankingEntry.listing, sa.func.count())
        .join(RankingEntry, RankingEntry.snapshot_id == snap.id)
        .where(snap.status == SnapshotStatus.published, snap.period_kind == "round",
               window.days(snap.period_start), RankingEntry.board == "villages",
               RankingEntry.listing.in_((Listing.red, Listing.black)))
        .group_by(snap.period, RankingEntry.listing).order_by(snap.period)).all()
    rounds = sorted({p for p, _, _ in rows})
    at = {(p, listing): n for p, listing, n in rows}
    return Series("listings-by-round", "各督查轮次红黑榜上榜村（社区）数",
                  [f"{p[1:]}轮" for p in rounds],
                  {"红榜": [at.get((p, Listing.red), 0) for p in rounds],
                   "黑榜": [at.get((p, Listing.black), 0) for p in rounds]},
                  "各督查轮次红榜、黑榜上榜的村（社区）数")


def all_series(session: Session, cfg: DistrictConfig, window: Window, raised: dict[int, int] | None = None
               ) -> list[Series]:
    charts = [issues_by_month(session, window, raised), listings_by_round(session, window)]
    if window.period.is_yearly:
        charts.insert(0, income_bands(session, cfg, window))
    return charts
