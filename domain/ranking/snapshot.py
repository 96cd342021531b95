"""Publishing red/black lists (红黑榜发布): frozen snapshots, revoke and republish with a reason, streaks, history.

A snapshot copies everything it shows (rule version, the rules, each unit's values, score, rank, list,
reasons, streak and ladder step): later data changes never alter it. Revoking keeps it, marked revoked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import orjson
import sqlalchemy as sa
from sqlmodel import Session, select

from adapters.bulk import gc_paused
from config.errors import IllegalTransition, InputError, NotFound, Problem
from config.ranking import Board, Indicator, RankingRules
from domain.calendar import Period
from domain.ranking.engine import Ranked
from domain.ranking.rule import SCORING_RULE, LeftOut
from models.audit import record_audit
from models.ranking import Listing, RankingEntry, RankingSnapshot, SnapshotStatus

ENTITY = "ranking"


def published(session: Session, period: str) -> RankingSnapshot | None:
    """The period's published (not revoked) snapshot, if any."""
    return session.exec(select(RankingSnapshot).where(
        RankingSnapshot.period == period, RankingSnapshot.status == SnapshotStatus.published)).first()


def snapshots(session: Session, period: str | None = None) -> list[RankingSnapshot]:
    """Every snapshot (revoked ones too), newest first; of one period when given."""
    q = select(RankingSnapshot)
    if period:
        q = q.where(RankingSnapshot.period == period)
    return list(session.exec(q.order_by(RankingSnapshot.period_start.desc(), RankingSnapshot.version.desc())))


def current(found: list[RankingSnapshot]) -> RankingSnapshot:
    """Of snapshots newest first, the one to show: the newest published, else the newest (revoked)."""
    return next((s for s in found if s.status == SnapshotStatus.published), found[0])


def previous_streaks(session: Session, period: Period, keys: Iterable[tuple[Board, str]]
                     ) -> dict[tuple[Board, str], int]:
    """Each unit's black-list streak going into `period` (DOMAIN.md): the streak stored on the unit's entry in
    the latest earlier published snapshot of the same period kind that lists it. Entries carry the streak
    forward through no-data periods and reset it to 0 when ranked and not black, so one query usually
    suffices (an older snapshot is read only for units missing from a newer one)."""
    wanted = set(keys)
    earlier = session.exec(select(RankingSnapshot.id).where(
        RankingSnapshot.period_kind == period.kind.value, RankingSnapshot.status == SnapshotStatus.published,
        RankingSnapshot.period_start < period.start).order_by(RankingSnapshot.period_start.desc())).all()
    boards = sorted({board for board, _ in wanted})
    streaks: dict[tuple[Board, str], int] = {}

    def take(query) -> None:  # rows newest snapshot first: the first one seen per unit is its latest
        for board, code, streak in session.execute(query):
            key = (Board(board), code)
            if key in wanted:
                streaks[key] = streak
                wanted.discard(key)

    entry = sa.select(RankingEntry.board, RankingEntry.unit_code, RankingEntry.streak).where(
        RankingEntry.board.in_(boards))
    if earlier:
        take(entry.where(RankingEntry.snapshot_id == earlier[0]))
    older = earlier[1:]
    missing = sorted({code for _, code in wanted})
    for start in range(0, len(missing) if older else 0, 5000):  # units absent from the latest: one query more
        take(entry.join(RankingSnapshot, RankingSnapshot.id == RankingEntry.snapshot_id).where(
            RankingEntry.snapshot_id.in_(older), RankingEntry.unit_code.in_(missing[start:start + 5000]))
             .order_by(RankingSnapshot.period_start.desc()))
    return streaks


def check_publishable(session: Session, period: str, reason: str | None) -> list[int]:
    """The versions published so far; refuse a second publication, or a republication without a reason."""
    current = published(session, period)
    if current is not None:
        raise IllegalTransition(f"{period} 的红黑榜已发布", [Problem(
            f"--period {period}", f"第 {current.version} 版已于 {current.published_at:%Y-%m-%d %H:%M} 发布；"
            "请先撤销（`dudao ranking revoke --period … --reason …`），再用 --reason 说明理由重新发布")])
    versions = list(session.exec(select(RankingSnapshot.version).where(RankingSnapshot.period == period)).all())
    if versions and not (reason or "").strip():
        raise InputError(f"{period} 的红黑榜已撤销：重新发布须说明理由",
                         [Problem("--reason", "请说明为什么重新发布")])
    return versions


def publish(
    session: Session,
    period: Period,
    ranked: Sequence[Ranked],
    rules: RankingRules,
    indicators: Iterable[str],
    *,
    as_of: datetime,
    at: datetime,
    actor: str,
    reason: str | None = None,
    scoring_rule: int = SCORING_RULE,
    left_out: Iterable[LeftOut] = (),
) -> RankingSnapshot:
    """Freeze the lists of `period`. Refused when a published snapshot exists (revoke it first); a
    republication after a revoke needs a reason. Writes the snapshot (with the scoring rule the lists were
    computed with and the indicators left out of each board), its entries and an audit event."""
    versions = check_publishable(session, period.key, reason)
    reason = (reason or "").strip() or None
    snapshot = RankingSnapshot(
        period=period.key, period_kind=period.kind.value, period_start=period.start, period_end=period.end,
        version=max(versions, default=0) + 1, rule_version=rules.rule_version, scoring_rule=scoring_rule,
        left_out=[[x.board.value, x.scope, x.indicator.value, x.value] for x in left_out],
        rules=rules.model_dump(mode="json"), indicators=sorted(indicators), as_of=as_of,
        status=SnapshotStatus.published, published_at=at, published_by=actor, reason=reason)
    session.add(snapshot)
    session.flush()
    _insert_entries(session, snapshot.id, ranked)
    record_audit(session, at=at, actor=actor, entity=ENTITY, entity_id=period.key,
                 action="republish" if versions else "publish", from_state=None, to_state=SnapshotStatus.published,
                 note=f"v{snapshot.version}, rules {rules.rule_version}, scoring rule {scoring_rule}"
                 + (f": {reason}" if reason else ""))
    return snapshot


ENTRY_COLUMNS = ("snapshot_id", "board", "scope", "unit_code", "unit_name", "town_code", "score", "rank", "listing",
                 "streak", "action", "values", "normalised", "reasons")


def _insert_entries(session: Session, snapshot_id: int, ranked: Sequence[Ranked]) -> None:
    """One executemany at the driver level with the JSON columns serialised here: for 40k entries this is
    several times faster than SQLAlchemy's per-row bind processing (benchmarks/bench_ranking.py). orjson
    writes compact UTF-8, for these strings and finite numbers the same text as the json module, ~7x faster."""
    conn = session.connection()
    dialect = conn.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    q = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {q(RankingEntry.__tablename__)} ({', '.join(q(c) for c in ENTRY_COLUMNS)}) "
           f"VALUES ({', '.join([mark] * len(ENTRY_COLUMNS))})")
    cache: dict[int, str] = {}  # a village's two boards share their values (and often points): encode each once
    encode = orjson.dumps
    boards, listings = {b: b.value for b in Board}, {x: x.value for x in Listing}  # not Enum.value per row

    def dumps(obj) -> str:
        text = cache.get(id(obj))
        if text is None:
            text = cache[id(obj)] = encode(obj).decode()
        return text

    with gc_paused():  # 40k rows of tuples and strings (adapters/bulk.py)
        rows = [(snapshot_id, boards[r.board], r.group, r.code, r.name, r.town, r.score, r.rank, listings[r.listing],
                 r.streak, r.action, dumps(r.values), dumps(r.normalised),
                 encode(r.reasons).decode() if r.reasons else "[]") for r in ranked]
        if rows:
            conn.exec_driver_sql(sql, rows)


def revoke(session: Session, period: str, *, reason: str, at: datetime, actor: str) -> RankingSnapshot:
    """Withdraw a published list (it stays visible, marked revoked); a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError("撤销已发布的红黑榜须说明理由", [Problem("--reason", "请说明撤销原因")])
    snapshot = published(session, period)
    if snapshot is None:
        known = snapshots(session, period)
        raise (IllegalTransition if known else NotFound)(
            f"{period} 没有已发布的红黑榜",
            [Problem(f"--period {period}", "已被撤销" if known else "该期尚未发布红黑榜")])
    snapshot.status = SnapshotStatus.revoked
    snapshot.revoked_at, snapshot.revoked_by, snapshot.revoke_reason = at, actor, reason
    session.add(snapshot)
    record_audit(session, at=at, actor=actor, entity=ENTITY, entity_id=period, action="revoke",
                 from_state=SnapshotStatus.published, to_state=SnapshotStatus.revoked,
                 note=f"v{snapshot.version}: {reason}")
    return snapshot


def left_out(snapshot: RankingSnapshot) -> list[LeftOut]:
    """The indicators left out of each board of a snapshot (none for scoring rule 1)."""
    return [LeftOut(Board(board), scope, Indicator(key), value) for board, scope, key, value in snapshot.left_out or ()]


def entries(session: Session, snapshot_id: int, *, board: Board | None = None) -> list[RankingEntry]:
    q = select(RankingEntry).where(RankingEntry.snapshot_id == snapshot_id)
    if board is not None:
        q = q.where(RankingEntry.board == board)
    return list(session.exec(q.order_by(RankingEntry.board, RankingEntry.scope, RankingEntry.rank.is_(None),
                                        RankingEntry.rank, RankingEntry.unit_code)))


@dataclass(frozen=True)
class HistoryRow:
    period: str
    version: int
    status: SnapshotStatus
    scoring_rule: int
    board: Board
    scope: str
    score: float | None
    rank: int | None
    listing: Listing
    streak: int
    action: str | None
    reasons: list[str]


def unit_history(session: Session, unit: str) -> tuple[str, list[HistoryRow]]:
    """(unit name, every entry of the unit in every snapshot, oldest first). `unit`: a code or an exact name."""
    match = sa.or_(RankingEntry.unit_code == unit, RankingEntry.unit_name == unit)
    rows = session.execute(
        sa.select(RankingSnapshot, RankingEntry).join(RankingEntry, RankingEntry.snapshot_id == RankingSnapshot.id)
        .where(match).order_by(RankingSnapshot.period_start, RankingSnapshot.version, RankingEntry.board)).all()
    if not rows:
        raise NotFound("没有红黑榜提到这个单位", [Problem(unit, "应为上过榜的村（社区）或镇街的编码（或名称）")])
    codes = {e.unit_code for _, e in rows}
    if len(codes) > 1:
        raise InputError("名称有重复", [Problem(f"单位 {unit}", f"请用编码：{'、'.join(sorted(codes))}")])
    return rows[0][1].unit_name, [
        HistoryRow(s.period, s.version, s.status, s.scoring_rule, e.board, e.scope, e.score, e.rank, e.listing,
                   e.streak, e.action, list(e.reasons)) for s, e in rows]
