"""Outbox delivery (投递): each recipient's pending rows become one digest a day per channel.

    report = Dispatcher(db_url, channels, AppriseNotifier(), window=window).deliver(at)

- Rows are delivered only while the send window is open (working days, outside quiet hours).
- A recipient gets one digest per day and channel; rows that appear after it wait for the next
  working morning (retries of rows that were in it are not held back).
- A digest too long for the channel is split at line boundaries, or truncated with "其余N项见台账";
  files go only to e-mail channels; DingTalk digests @-mention the recipient's contacts.
- Channels run in parallel; a channel that fails stops for this run (its rows retry with backoff on
  later runs) without blocking the others; past max_attempts a row is failed (`dudao notify outbox`).
- Recipients are isolated: a digest the endpoint refuses for good (HTTP 4xx but 408/429) is failed at once
  and reported, and the channel goes on with the next recipient; recipients whose digest failed before are
  sent after the others, so one that keeps failing does not hold the rest back run after run.
- Never twice: each part is claimed atomically before it is sent and marked right after; see ledger.py.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

import sqlalchemy as sa
from pydantic import SecretStr
from sqlmodel import Session

from adapters.progress import task
from config.channels import NotificationsConfig
from config.district import DistrictConfig
from config.settings import Settings
from models.db import get_engine
from models.outbox import OutboxDelivery
from models.units import UnitDirectory, contact_mobiles
from notifications import ledger
from notifications.facts import issue_facts
from notifications.fit import fit
from notifications.message import Channel, Message, Notifier
from notifications.templates import Row, digest, mention_line, probe, stage_rank

CLAIM_BATCH = 50  # parts claimed per statement on an unpaced channel (they are sent within a second or so)


class Window(Protocol):
    """When messages may go out (domain.outbox.queue.SendWindow satisfies it)."""

    def is_open(self, at: datetime) -> bool: ...
    def next_open(self, at: datetime) -> datetime: ...
    def day_start(self, at: datetime) -> datetime: ...
    def day_end(self, at: datetime) -> datetime: ...
    def working_days_between(self, start: date, end: date) -> int: ...


@dataclass
class ChannelReport:
    url: str  # scheme and host only (notifications/redact.py): never a token
    posts: int = 0  # messages posted to the endpoint
    delivered: int = 0  # outbox rows delivered
    retrying: int = 0  # rows that failed (or were held back after a failure) and will be retried
    failed: int = 0  # rows failed for good (past max_attempts, or refused by the endpoint)
    refused: int = 0  # of those, rows the endpoint refused for good (4xx but 408/429): not retried
    deferred: int = 0  # rows waiting for the next working morning (digest already sent today)
    errors: list[str] = field(default_factory=list)


@dataclass
class DeliveryReport:
    at: datetime
    window_open: bool
    next_open: datetime | None = None
    recovered: int = 0  # interrupted sends put back in the queue
    channels: dict[str, ChannelReport] = field(default_factory=dict)
    unroutable: Counter = field(default_factory=Counter)  # rows whose tag no channel (with a URL) serves
    names: dict[str, str] = field(default_factory=dict)  # the unroutable tags' display names (青山镇, 区委办)
    missing_urls: list[str] = field(default_factory=list)
    waiting: int = 0  # outbox rows still queued after this delivery (not due yet, next morning, retrying …)

    @property
    def delivered(self) -> int:
        return sum(c.delivered for c in self.channels.values())

    @property
    def retrying(self) -> int:
        return sum(c.retrying for c in self.channels.values())

    @property
    def failed(self) -> int:
        return sum(c.failed for c in self.channels.values())

    @property
    def refused(self) -> int:
        return sum(c.refused for c in self.channels.values())

    @property
    def busy(self) -> bool:
        """Whether anything was sent, failed or put back to retry (worth a line in the run's log)."""
        return bool(self.delivered or self.retrying or self.failed)


@dataclass(frozen=True)
class _Part:
    recipient: str
    ids: tuple[int, ...]
    message_ids: tuple[int, ...]
    message: Message


class Dispatcher:
    _advance = staticmethod(lambda n=1: None)  # the delivery's progress (adapters/progress.py), set by deliver()

    def __init__(self, db_url: str, channels: Sequence[Channel], notifier: Notifier, *, window: Window | None,
                 max_attempts: int = 6, backoff: timedelta = timedelta(minutes=10),
                 lease: timedelta = timedelta(minutes=15), missing_urls: Sequence[str] = (),
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.db_url, self.channels, self.notifier, self.window = db_url, list(channels), notifier, window
        self.max_attempts, self.backoff, self.lease = max_attempts, backoff, lease
        self.missing_urls, self.sleep, self.clock = list(missing_urls), sleep, clock
        self.token = ledger.new_token()

    def deliver(self, at: datetime, *, only: Sequence[int] | None = None, force: bool = False) -> DeliveryReport:
        """Send what is due at `at`. `only` restricts to these outbox ids; `force` ignores the send window
        and the one-digest-a-day rule (operator's test messages)."""
        open_ = force or self.window is None or self.window.is_open(at)
        report = DeliveryReport(at, open_, None if open_ else self.window.next_open(at),
                                missing_urls=self.missing_urls)
        for c in self.channels:
            report.channels[c.name] = ChannelReport(self.notifier.masked(c))
        engine = get_engine(self.db_url)
        with Session(engine) as s:
            if not ledger.anything_pending(s):  # the usual case between sweeps: one indexed look, nothing to do
                return report
            report.recovered = ledger.recover(s, now=datetime.now(UTC), lease=self.lease)
            if open_:
                report.unroutable = ledger.expand(s, at=at, route=self._route, only=only)
                if report.unroutable:
                    units = UnitDirectory.load(s)
                    report.names = {tag: units.label(tag) for tag in report.unroutable}
            ledger.roll_up(s)
            s.commit()
            if not open_:
                report.waiting = ledger.waiting(s)
                return report
            work = {c.name: ledger.candidates(s, c.name, at=at, only=only) for c in self.channels}
            busy = [c for c in self.channels if work[c.name]]
            if not busy:
                report.waiting = ledger.waiting(s)
                return report
            tags = sorted({r[3] for rows in work.values() for r in rows})
            mobiles = contact_mobiles(s, tags)
            facts, units = issue_facts(s, {r[4] for rows in work.values() for r in rows}, tags)
            done = {} if force else {c.name: ledger.digested_today(s, c.name, start=self.window.day_start(at),
                                                                   end=self.window.day_end(at))
                                     for c in self.channels if self.window is not None}
        jobs = [(c, work[c.name], done.get(c.name, set()), units, mobiles, facts, at, report.channels[c.name])
                for c in busy]
        with task("发送消息（条）", sum(len(job[1]) for job in jobs)) as self._advance:
            if len(jobs) == 1:  # one busy channel: no thread hand-offs
                self._channel(*jobs[0])
            else:  # channels in parallel: a slow or paced one does not hold up the others
                with ThreadPoolExecutor(max_workers=min(4, len(jobs))) as pool:
                    futures = [pool.submit(self._channel, *job) for job in jobs]
                for f in futures:
                    f.result()  # a bug in one channel's worker surfaces here, after the others finished
        with Session(engine) as s:  # what was just sent or failed rolls up to its message
            ledger.roll_up(s)
            s.commit()
            report.waiting = ledger.waiting(s)
        return report

    def _route(self, tag: str) -> list[str]:
        return [c.name for c in self.channels if c.serves(tag)]

    def _parts(self, channel: Channel, rows, done: set[str], units: UnitDirectory, mobiles: dict[str, list[str]],
               facts: dict[str, dict], at: datetime, rep: ChannelReport) -> list[_Part]:
        by_recipient: dict[str, list] = defaultdict(list)
        for r in rows:
            by_recipient[r[3]].append(r)
        day = (self.window.day_start(at) if self.window else at).date()
        parts = []
        left = (lambda deadline: self.window.working_days_between(day, deadline)) if self.window else None
        # recipients whose digest failed before go last: one that keeps failing holds no one back
        for recipient, rs in sorted(by_recipient.items(), key=lambda kv: any(r[1] > 0 for r in kv[1])):
            if recipient in done:  # its digest went out today: fresh rows wait, retries go
                rep.deferred += sum(1 for r in rs if r[1] == 0)
                rs = [r for r in rs if r[1] > 0]
                if not rs:
                    continue
            for r in (r for r in rs if r[5] == ledger.TEST_RULE):  # an operator's test: its own message, now
                title, body = probe(r[7], units.label(recipient))
                parts.append(_Part(recipient, (r[0],), (r[2],), Message(title, body)))
            rs = [r for r in rs if r[5] != ledger.TEST_RULE]
            if not rs:
                continue
            message_of = {r[0]: r[2] for r in rs}
            title, lines, files = digest(units.label(recipient), day, [_row(r, facts, left) for r in rs],
                                         units.label, attachments_ok=channel.kind.attachments)
            who = tuple(mobiles.get(recipient, ())) if channel.mentions else ()
            for n, part in enumerate(fit(title, [x.text for x in lines], max_bytes=channel.max_bytes,
                                         max_parts=channel.max_parts, footer=mention_line(list(who)))):
                ids = tuple(i for k in part.lines for i in lines[k].delivery_ids)
                parts.append(_Part(recipient, ids, tuple(sorted({message_of[i] for i in ids})),
                                   Message(part.title, part.body, tuple(files) if n == 0 else (), who)))
        return parts

    def _channel(self, channel: Channel, rows, done, units, mobiles, facts, at: datetime, rep: ChannelReport) -> None:
        """Claim a batch of parts (one by one when the channel is paced: a claim waits no longer than its send),
        then send each and mark it at once: the only ambiguous send after a crash is the one in flight."""
        parts = self._parts(channel, rows, done, units, mobiles, facts, at, rep)
        interval = 60.0 / channel.rate_per_minute if channel.rate_per_minute else 0.0
        batch = 1 if interval else CLAIM_BATCH
        last: float | None = None
        with get_engine(self.db_url).connect() as s:  # a Core connection: the per-message bookkeeping stays lean
            for start in range(0, len(parts), batch):
                group = parts[start:start + batch]
                wait = interval - (self.clock() - last) if last is not None and interval else 0.0
                if wait > 0:
                    self.sleep(wait)
                claimed = ledger.claim_parts(s, [p.ids for p in group], token=self.token, now=datetime.now(UTC))
                s.commit()
                for k, (part, ok) in enumerate(zip(group, claimed, strict=True)):
                    self._advance(len(part.ids))
                    if not ok:
                        continue
                    last = self.clock()
                    result = self.notifier.send(channel, part.message)
                    self._mark(s, channel, part, result, at, rep)
                    if not result.ok and not result.permanent:  # the channel may be down: its other rows wait
                        rest = [i for p, c in zip(group[k + 1:], claimed[k + 1:], strict=True) if c for i in p.ids]
                        ledger.unclaim(s, rest, token=self.token)
                        rest += [i for p in parts[start + batch:] for i in p.ids]
                        ledger.postpone(s, rest, until=at + self.backoff)
                        rep.retrying += len(rest)
                        s.commit()
                        return
                    s.commit()

    def _mark(self, s, channel: Channel, part: _Part, result, at: datetime, rep: ChannelReport) -> None:
        if result.ok:
            ledger.mark_sent(s, part.ids, token=self.token, at=at)
            rep.posts += 1
            rep.delivered += len(part.ids)
        elif result.permanent:  # refused for good: failed now, reported, never retried
            error = f"HTTP {result.status} 拒收，不再重试：{result.error or 'refused'}"
            ledger.mark_failed(s, part.ids, part.message_ids, channel=channel.name, error=error, at=at,
                               backoff=self.backoff, max_attempts=self.max_attempts, final=True)
            rep.errors.append(error)
            rep.failed += len(part.ids)
            rep.refused += len(part.ids)
        else:
            ledger.mark_failed(s, part.ids, part.message_ids, channel=channel.name, error=result.error or "failed",
                               at=at, backoff=self.backoff, max_attempts=self.max_attempts)
            rep.errors.append(result.error or "failed")
            attempts = dict(s.execute(_attempts(part.ids)).all())
            gone = sum(1 for i in part.ids if attempts.get(i, 0) >= self.max_attempts)
            rep.failed += gone
            rep.retrying += len(part.ids) - gone


def _row(r, facts: dict[str, dict], left: Callable[[date], int] | None = None) -> Row:
    """A candidate row with the issue's facts under its own payload; a stage speaks of its own deadline, and of
    the working days left (or overdue) as of the day it is sent — a retried reminder is not a day behind."""
    delivery_id, _, _, recipient, item, rule, period, payload = r
    merged = {**facts.get(item, {}), **payload}
    if stage_rank(rule) is not None:
        merged["deadline"] = period
        if left is not None:
            with suppress(ValueError):  # a stage whose period is not a date says what it said when queued
                merged["left"] = left(date.fromisoformat(period))
    return Row(delivery_id, recipient, item, rule, merged)


def _attempts(ids):
    return sa.select(OutboxDelivery.id, OutboxDelivery.attempts).where(OutboxDelivery.id.in_(ids))


def configured_dispatcher(settings: Settings, cfg: DistrictConfig, window: Window | None, *,
                          urls: Mapping[str, SecretStr] | None = None, notifier: Notifier | None = None) -> Dispatcher:
    """The dispatcher for this process: the district's channels with their URLs from the environment or
    the secrets file (never printed), the ledger from the settings."""
    from config.channels import channel_urls

    urls = channel_urls(settings.channels, settings.secrets_path) if urls is None else urls
    return dispatcher_for(settings.db_url, cfg.notifications, urls, window=window, notifier=notifier)


def dispatcher_for(db_url: str, cfg: NotificationsConfig, urls: Mapping[str, SecretStr], *, window: Window | None,
                   notifier: Notifier | None = None, **options) -> Dispatcher:
    """A dispatcher for the configured channels (those without a URL are reported, not used)."""
    from notifications.apprise_notifier import AppriseNotifier
    from notifications.channels import resolve_channels

    channels, missing = resolve_channels(cfg.channels, urls)
    return Dispatcher(db_url, channels, notifier or AppriseNotifier(), window=window,
                      max_attempts=cfg.max_attempts, missing_urls=missing, **options)
