"""The issue indicators and hard rules of the red/black list, from the issue ledger's statistics
(domain.issues.stats: one aggregate per level over a covering index) and its black-list flags."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, MutableMapping
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from config.ranking import ISSUE_BASED, HardRuleKind, Indicator, RankingRules
from domain.calendar import Period, WorkingCalendar
from domain.issues import IssueStats, end_of_day, unit_stats
from domain.ranking.units import VillageUnit
from models.issues import Issue, IssueFlag, IssueStatus
from models.org import Town

Values = MutableMapping[Indicator, float | None]


def issue_values(stats: IssueStats | None, applicable: set[Indicator]) -> dict[Indicator, float]:
    """closure_rate = closed ÷ (closed + open at the end); on_time_rate = closed on time ÷ (closed + open and
    overdue at the end); overdue_issues = open and overdue at the end. No issues: no values (docs/ranking.md)."""
    if stats is None:
        return {}
    out: dict[Indicator, float] = {}
    if Indicator.closure_rate in applicable and stats.closed + stats.open_at_end:
        out[Indicator.closure_rate] = stats.closed / (stats.closed + stats.open_at_end)
    if Indicator.on_time_rate in applicable and stats.closed + stats.open_overdue:
        out[Indicator.on_time_rate] = stats.closed_on_time / (stats.closed + stats.open_overdue)
    if Indicator.overdue_issues in applicable:
        out[Indicator.overdue_issues] = float(stats.open_overdue)
    return out


def issue_indicators(session: Session, rules: RankingRules, period: Period, cal: WorkingCalendar, *, until: date,
                     villages: dict[int, VillageUnit], towns: dict[str, str], applicable: set[Indicator],
                     village_values: dict[int, Values], town_values: dict[str, Values],
                     hard: dict[str, list[str]]) -> None:
    """Fill the issue indicators and the hard-rule reasons (keyed by village code, or town:<code>)."""
    overdue_rules = [(h.value, h.text) for h in rules.hard_rules if h.key is HardRuleKind.overdue_days_at_least]
    if applicable & ISSUE_BASED or overdue_rules:
        by_village, by_town = unit_stats(session, start=period.start, end=until, calendar=cal, villages=villages)
        for vid, (code, _, _) in villages.items():
            stats = by_village.get(code)
            village_values[vid].update(issue_values(stats, applicable))
            for at_least, text in overdue_rules:
                if stats is not None and stats.max_overdue_days >= at_least:
                    hard[code].append(f"{text}（最长逾期{stats.max_overdue_days}个工作日）")
        for tcode in towns:
            stats = by_town.get(tcode)
            town_values[tcode].update(issue_values(stats, applicable))
            for at_least, text in overdue_rules:
                if stats is not None and stats.max_overdue_days >= at_least:
                    hard[f"town:{tcode}"].append(f"{text}（最长逾期{stats.max_overdue_days}个工作日）")
    flag_rules = [h for h in rules.hard_rules if h.key is HardRuleKind.escalated_to_blacklist]
    if flag_rules:
        flagged_villages, flagged_towns = flagged(session, until, villages=villages)
        codes = {vid: code for vid, (code, _, _) in villages.items()}
        town_codes = dict(session.execute(sa.select(Town.id, Town.code)).all())
        for h in flag_rules:
            for vid, n in flagged_villages.items():
                if vid in codes:
                    hard[codes[vid]].append(f"{h.text}（{n}个问题）")
            for tid, n in flagged_towns.items():
                if town_codes.get(tid) in towns:
                    hard[f"town:{town_codes[tid]}"].append(f"{h.text}（{n}个问题）")


def flagged(session: Session, until: date, *, villages: Container[int] | None = None
            ) -> tuple[dict[int, int], dict[int, int]]:
    """Issues flagged for the black list by the escalation ladder by the end of `until` and not closed then:
    (village id → count, town id → count). An issue awaiting verification at the end counts as it stood at its
    submission (its light is frozen): only if it had been flagged by then. (The ladder does not flag an issue
    awaiting verification; a submission recorded later with an earlier date can still precede a flag.)"""
    end = end_of_day(until)
    still_open = sa.not_(sa.and_(Issue.status == IssueStatus.closed, Issue.closed_at < end))
    as_submitted = sa.or_(Issue.submitted_at.is_(None), Issue.submitted_at >= end,
                          IssueFlag.flagged_at <= Issue.submitted_at)
    rows = session.execute(
        sa.select(Issue.village_id, Issue.town_id, sa.func.count())
        .join(IssueFlag, IssueFlag.issue_id == Issue.id)
        .where(IssueFlag.flagged_at < end, still_open, as_submitted)
        .group_by(Issue.village_id, Issue.town_id)).all()
    by_village: dict[int, int] = defaultdict(int)
    by_town: dict[int, int] = defaultdict(int)
    for vid, tid, n in rows:
        if vid is not None:
            if villages is not None and vid not in villages:
                continue
            by_village[vid] += n
        by_town[tid] += n
    return dict(by_village), dict(by_town)
