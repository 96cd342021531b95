"""The red/black list of a period end to end (红黑榜): compute (preview), publish (snapshot, bulletin,
messages), revoke. The area's use cases (use_cases.py) compose them on a unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from adapters.bulk import gc_paused
from config.cycles import CycleKind
from config.district import DistrictConfig
from config.errors import ConfigError, Problem
from config.ranking import BOARD_NAMES, Board, Indicator
from domain.calendar import Occurrence, Period, WorkingCalendar, period_for_run
from domain.outbox import enqueue
from domain.ranking.bulletin import bulletin_document, ranking_messages, revoke_messages
from domain.ranking.data import applicable_indicators, unit_values
from domain.ranking.engine import Ranked, climb_ladder, rank_boards
from domain.ranking.rule import SCORING_RULE, LeftOut
from domain.ranking.snapshot import previous_streaks, publish, revoke
from models.org import Town
from models.ranking import Listing, RankingSnapshot, SnapshotStatus


@dataclass(frozen=True)
class Lists:
    """红黑榜（未发布）: the lists of a period as computed now."""

    period: Period
    as_of: datetime
    indicators: frozenset[Indicator]
    ranked: list[Ranked]
    left_out: tuple[LeftOut, ...] = ()  # the indicators left out of a board: every unit there was equal
    scoring_rule: int = SCORING_RULE

    def board(self, board: Board) -> list[Ranked]:
        return [r for r in self.ranked if r.board is board]

    def count(self, board: Board, listing: Listing) -> int:
        return sum(1 for r in self.ranked if r.board is board and r.listing is listing)

    def counts_text(self) -> str:
        """全区村（社区）红3黑4；… for the boards that have units."""
        return "；".join(f"{BOARD_NAMES[b]}红{self.count(b, Listing.red)}黑{self.count(b, Listing.black)}"
                        for b in Board if any(r.board is b for r in self.ranked))


def check_rankable(cfg: DistrictConfig, period: Period) -> None:
    """Refuse a period the configured indicators cannot rank (no indicators, or none that exist in it)."""
    if not cfg.ranking.indicators:
        raise ConfigError("未配置红黑榜指标", [Problem(
            "ranking.indicators", "请在区配置中添加指标，例如 { key = \"closure_rate\", weight = 0.3 }")])
    if not applicable_indicators(cfg, period):
        raise ConfigError(f"没有适用于{period.label}的已配置指标", [Problem(
            "ranking.indicators", "收入类指标只适用于年度，campaign_completion 只在百日攻坚期间适用；"
                                  "请配置问题类或督查类指标")])


def compute_lists(session: Session, cfg: DistrictConfig, period: Period, cal: WorkingCalendar, *, as_of: datetime
                  ) -> Lists:
    """Indicator values → scores, ranks, lists → streaks and ladder steps. Writes nothing."""
    check_rankable(cfg, period)
    with gc_paused():  # ~200k objects for 20k villages, all alive until the end (adapters/bulk.py)
        villages, towns, applicable = unit_values(session, cfg, period, cal, as_of=as_of)
        boards = rank_boards(villages, towns, cfg.ranking, applicable=applicable)
        previous = previous_streaks(session, period, {(r.board, r.code) for r in boards.ranked})
        return Lists(period, as_of, frozenset(applicable), climb_ladder(boards.ranked, previous, cfg.ranking),
                     tuple(boards.left_out))


@dataclass(frozen=True)
class Published:
    snapshot: RankingSnapshot
    markdown: Path
    docx: Path
    queued: int

    def summary(self, lists: Lists) -> str:
        """“红黑榜 2022-10 第1版已发布（计分规则第2版）：全区村（社区）红4黑9；…；消息30条”."""
        s = self.snapshot
        return (f"红黑榜 {lists.period.key} 第{s.version}版已发布（计分规则第{s.scoring_rule}版）："
                f"{lists.counts_text()}；消息{self.queued}条")


def publish_lists(session: Session, cfg: DistrictConfig, lists: Lists, *, at: datetime, actor: str,
                  outputs_dir: Path, reason: str | None = None) -> Published:
    """Freeze the lists, write the bulletin (markdown and .docx) and queue the messages, in one unit of work."""
    snapshot = publish(session, lists.period, lists.ranked, cfg.ranking, [i.value for i in lists.indicators],
                       as_of=lists.as_of, at=at, actor=actor, reason=reason, scoring_rule=lists.scoring_rule,
                       left_out=lists.left_out)
    rows = lists.ranked
    towns = dict(session.execute(sa.select(Town.code, Town.name).order_by(Town.code)).all())
    doc = bulletin_document(cfg.district.name, lists.period, snapshot, rows, cfg.ranking, towns)
    stem = f"红黑榜-{lists.period.key}" + (f"-v{snapshot.version}" if snapshot.version > 1 else "")
    folder = outputs_dir / "ranking"
    md, docx = doc.write_markdown(folder / f"{stem}.md"), doc.write_docx(folder / f"{stem}.docx")
    snapshot.bulletin = str(md)
    session.add(snapshot)
    ranked_towns = [r.code for r in rows if r.board is Board.towns] or list(towns)
    queued = len(enqueue(session, ranking_messages(cfg.district.name, lists.period, snapshot, rows, ranked_towns,
                                               [str(docx)], at=at), at=at))
    return Published(snapshot, md, docx, queued)


def revoke_lists(session: Session, cfg: DistrictConfig, period: Period, *, reason: str, at: datetime, actor: str
                 ) -> tuple[RankingSnapshot, int]:
    """Revoke the period's published list (kept, marked revoked) and tell the towns and leadership."""
    snapshot = revoke(session, period.key, reason=reason, at=at, actor=actor)
    towns = list(session.execute(sa.select(Town.code).order_by(Town.code)).scalars())
    return snapshot, len(enqueue(session, revoke_messages(cfg.district.name, period, snapshot, towns), at=at))


@dataclass(frozen=True)
class CycleResult:
    """What a ranking cycle run did: published now, or found the period already published or revoked."""

    period: Period
    lists: Lists | None
    published: Published | None
    existing: RankingSnapshot | None

    @property
    def summary(self) -> str:
        if self.published:
            return self.published.summary(self.lists)
        s = self.existing
        if s is None:
            return f"红黑榜 {self.period.key}：台账中还没有镇（街道）和村（社区），本期不排名"
        if s.status == SnapshotStatus.published:
            return f"红黑榜 {self.period.key} 已于{s.published_at:%Y-%m-%d}发布（第{s.version}版），本次不重复发布"
        return (f"红黑榜 {self.period.key} 已撤销，不自动重新发布：请核实后用 "
                f"`dudao ranking publish --period {self.period.key} --reason …` 重新发布")


def cycle_period(cfg: DistrictConfig, occurrence: Occurrence) -> Period:
    """The period a red-black-list run ranks: the round it follows (`after:` an inspection cycle), else the last
    complete month / quarter / year of `ranking.scheduled_period` before the occurrence."""
    follows = occurrence.follows and cfg.cycle(occurrence.follows).kind is CycleKind.inspection_round
    return period_for_run(occurrence.date, follows_round=bool(follows), scheduled=cfg.ranking.scheduled_period)


def has_towns(session: Session) -> bool:
    """Whether the ledger has any towns yet (before the roster is loaded, a cycle run ranks nothing)."""
    return bool(session.execute(sa.select(sa.func.count()).select_from(Town)).scalar_one())
