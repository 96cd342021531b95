"""The red/black list's operations (红黑榜): one function per thing a user or a cycle does, each on a unit of work.

Publishing is composed once, here (`publish_period`: compute, snapshot, bulletin, messages); the manual
`ranking publish` flow and the red-black-list cycle (`publish_for_cycle`) both go through it. CLI commands,
flows and the demo call these and nothing below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa

from config.errors import InputError, NotFound, Problem
from config.ranking import Board
from config.settings import get_settings
from domain.calendar import Period, working_calendar
from domain.ranking.publish import (
    CycleResult,
    Lists,
    Published,
    check_rankable,
    compute_lists,
    has_towns,
    publish_lists,
    revoke_lists,
)
from domain.ranking.snapshot import HistoryRow, check_publishable, current, entries, snapshots
from domain.ranking.snapshot import unit_history as _unit_history
from models.org import Town
from models.ranking import RankingEntry, RankingSnapshot

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def preview_lists(uow: UnitOfWork, period: Period) -> Lists:
    """`ranking compute`: the period's lists from the ledger as of the unit of work's moment; writes nothing."""
    return compute_lists(uow.session, uow.config, period, working_calendar(uow), as_of=uow.as_of)


def check_begun(uow: UnitOfWork, period: Period) -> None:
    """A list ranks what happened: a period that begins after the unit of work's day (2023-05 as of 2022-10-25)
    has no data yet, and publishing it would climb every black-listed unit's streak for nothing."""
    if period.start > uow.today:
        raise InputError(f"{period.label}尚未开始，不能发布红黑榜（未写入任何内容）", [Problem(
            "--period", f"{period.key} 自 {period.start.isoformat()} 开始，晚于今天 {uow.today.isoformat()}；"
                        "只能发布已开始的期间")])


def check_publication(uow: UnitOfWork, period: Period, *, reason: str | None = None) -> None:
    """Refuse, before anything starts, a period the configured indicators cannot rank, a second publication
    of a published list, a republication without a reason, or a period that has not begun."""
    check_begun(uow, period)
    check_rankable(uow.config, period)
    check_publishable(uow.session, period.key, reason)


@dataclass(frozen=True)
class Publication:
    """A period published: its lists as computed and what publishing them wrote (snapshot, bulletin, messages)."""

    lists: Lists
    published: Published

    @property
    def snapshot(self) -> RankingSnapshot:
        return self.published.snapshot

    @property
    def markdown(self) -> Path:
        return self.published.markdown

    @property
    def docx(self) -> Path:
        return self.published.docx

    @property
    def queued(self) -> int:
        return self.published.queued

    @property
    def summary(self) -> str:
        """“红黑榜 2022-10 第1版已发布：全区村（社区）红4黑9；…；消息30条”."""
        return self.published.summary(self.lists)


def publish_period(uow: UnitOfWork, period: Period, *, reason: str | None = None, data_as_of: datetime | None = None,
                   actor: str | None = None, outputs_dir: Path | None = None) -> Publication:
    """Publish a period's red/black list: compute it from the ledger as of `data_as_of` (default: the unit of
    work's moment), freeze the snapshot, write the bulletin (markdown and .docx under `outputs_dir`, default the
    outputs folder) and queue the messages to the towns, leadership and every black-listed unit — published at
    the unit of work's moment by `actor` (default its acting user). A republication after a revoke needs a
    `reason`."""
    check_begun(uow, period)
    lists = compute_lists(uow.session, uow.config, period, working_calendar(uow), as_of=data_as_of or uow.as_of)
    published = publish_lists(uow.session, uow.config, lists, at=uow.as_of, actor=actor or uow.who,
                              outputs_dir=outputs_dir or get_settings().outputs_dir, reason=reason)
    return Publication(lists, published)


def publish_for_cycle(uow: UnitOfWork, period: Period, *, actor: str | None = None,
                      outputs_dir: Path | None = None) -> CycleResult:
    """The red-black-list cycle: publish the period once (see `publish_period`). A published period is left as
    it is (a re-run publishes nothing twice); a revoked one waits for a person to republish it with a reason;
    a ledger without towns ranks nothing."""
    found = snapshots(uow.session, period.key)
    if found:
        return CycleResult(period, None, None, current(found))
    if not has_towns(uow.session):
        return CycleResult(period, None, None, None)
    done = publish_period(uow, period, actor=actor, outputs_dir=outputs_dir)
    return CycleResult(period, done.lists, done.published, None)


@dataclass(frozen=True)
class PublishedList:
    """A published list as it was frozen (a revoked one too: `snapshot.status` says which)."""

    snapshot: RankingSnapshot
    entries: list[RankingEntry]


def show_list(uow: UnitOfWork, period: Period | None = None, *, board: Board | None = None) -> PublishedList:
    """`ranking show`: the period's list (default: the latest snapshot) — its newest published version, else
    the newest revoked one — with its entries (of one board when given)."""
    found = snapshots(uow.session, period.key if period else None)
    if not found:
        raise NotFound(("尚未发布红黑榜" if period is None else f"{period.label}尚未发布红黑榜"),
                       [Problem("--period", "请先用 `dudao ranking publish --period …` 发布")])
    snapshot = current(found)
    return PublishedList(snapshot, entries(uow.session, snapshot.id, board=board))


def list_snapshots(uow: UnitOfWork) -> list[RankingSnapshot]:
    """Every published or revoked list, newest first (the red/black board's history)."""
    return snapshots(uow.session)


class UnitHistory(NamedTuple):
    """Every list a unit appeared on, oldest first."""

    unit: str  # as asked: a code or an exact name
    name: str
    rows: list[HistoryRow]


def unit_history(uow: UnitOfWork, unit: str) -> UnitHistory:
    """`ranking history`: the unit's entry in every snapshot (revoked ones too). `unit`: a code or an exact name."""
    name, rows = _unit_history(uow.session, unit)
    return UnitHistory(unit, name, rows)


@dataclass(frozen=True)
class Revoked:
    """A list withdrawn: the snapshot (kept, marked revoked) and the notices queued."""

    snapshot: RankingSnapshot
    queued: int


def revoke_period(uow: UnitOfWork, period: Period, *, reason: str) -> Revoked:
    """`ranking revoke`: withdraw the period's published list (a reason is required; it stays visible as
    revoked, audited) and tell the towns and leadership."""
    snapshot, queued = revoke_lists(uow.session, uow.config, period, reason=reason, at=uow.as_of, actor=uow.who)
    return Revoked(snapshot, queued)


def town_names(uow: UnitOfWork) -> dict[str, str]:
    """Town code → name, for naming the in-town boards a list shows."""
    return dict(uow.session.execute(sa.select(Town.code, Town.name)).all())
