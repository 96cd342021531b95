"""zh-CN templates: one line per outbox row, one digest per recipient and day.

Issue rows carry a payload (issue_id, title, place, town, deadline, owner, days, …) and are rendered by
rule; any other area's row renders its payload's `text`. Within one digest the deadline stages of the
same issue collapse to the most advanced one (a caught-up sweep shows "已逾期", not three reminders).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from config.dates import cn_month_day

Label = Callable[[str], str]


@dataclass(frozen=True)
class Row:
    """One outbox row about to be delivered on one channel."""

    delivery_id: int
    recipient: str
    item: str
    rule: str
    payload: dict


def _d(iso: str | None) -> str:
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    return cn_month_day(d)


def _subject(p: dict) -> str:
    place = p.get("place") or ""
    return f"{place}「{p.get('title', '')}」" if place else f"「{p.get('title', '')}」"


def line(rule: str, p: dict, label: Label) -> str:
    """One row as one line of text. A deadline stage says how things stand on the day it is sent: `left`
    (working days in (sending day, deadline], negative once past it, set at delivery) wins over the `days`
    the sweep queued it with, so a reminder retried on a later day, or on or after its deadline, is not stale."""
    s, dl, days = _subject(p), _d(p.get("deadline")), p.get("days", 0)
    owner = label(p["owner"]) if p.get("owner") else ""
    left = p.get("left")
    if left is not None and (rule.startswith("remind-") or rule in ("due", "overdue", "verify-due", "verify-overdue")
                             or rule.startswith("escalate-")):
        if rule.startswith("verify-"):
            rule, days = ("verify-overdue", -left) if left < 0 else ("verify-due", 0)
        elif rule.startswith(("remind-", "due", "overdue")):
            rule, days = ("remind", left) if left > 0 else ("due", 0) if left == 0 else ("overdue", -left)
        else:
            days = max(-left, 0)
    if rule == "open":
        return f"【新交办】{s}，整改期限{dl}"
    if rule.startswith("remind"):
        return f"【整改提醒】{s}距整改期限（{dl}）还有{days}个工作日"
    if rule == "due":
        return f"【今日到期】{s}今天（{dl}）到期，请按时提交整改"
    if rule == "overdue":
        return f"【已逾期】{s}已逾期{days}个工作日（期限{dl}），请抓紧整改"
    if rule.startswith("escalate-"):
        return f"【逾期督办】{s}已逾期{days}个工作日（期限{dl}），责任单位：{owner}"
    if rule == "verify-due":
        return f"【待验收】{s}整改已提交，今天（{dl}）是验收期限"
    if rule == "verify-overdue":
        return f"【验收逾期】{s}验收已超期{days}个工作日（期限{dl}）"
    if rule == "verify-pass":
        return f"【已销号】{s}整改验收通过"
    if rule == "verify-fail":
        return f"【验收未通过】{s}请继续整改（期限{dl}）" + (f"：{p['note']}" if p.get("note") else "")
    if rule == "reopen":
        return f"【重新打开】{s}请继续整改（期限{dl}）"
    if rule == "extension-request":
        return f"【延期申请】{s}申请延期至{_d(p.get('new_deadline'))}：{p.get('reason', '')}"
    if rule in ("extension-approved", "extension-refused"):
        verdict = "已批准" if rule == "extension-approved" else "未批准"
        return f"【延期{verdict}】{s}申请延期至{_d(p.get('new_deadline'))}"
    return str(p.get("text") or p.get("title") or rule)


def stage_rank(rule: str) -> int | None:
    """How advanced a deadline stage is (None for other rules, which never collapse)."""
    if rule.startswith("remind-"):
        return 100 - int(rule.removeprefix("remind-") or 0)
    if rule.startswith("escalate-"):
        return 400 + int(rule.removeprefix("escalate-") or 0)
    return {"due": 200, "overdue": 300, "verify-due": 150, "verify-overdue": 160}.get(rule)


@dataclass(frozen=True)
class DigestLine:
    text: str
    delivery_ids: tuple[int, ...]  # the rows this line stands for


def digest(label_of_recipient: str, day: date, rows: list[Row], label: Label, *,
           attachments_ok: bool) -> tuple[str, list[DigestLine], list[Path]]:
    """(title, lines, files) of one recipient's digest on one channel."""
    best: dict[str, Row] = {}
    ids: dict[str, list[int]] = {}
    others: list[Row] = []
    for r in rows:
        rank = stage_rank(r.rule)
        if rank is None:
            others.append(r)
            continue
        ids.setdefault(r.item, []).append(r.delivery_id)
        if r.item not in best or rank > stage_rank(best[r.item].rule):
            best[r.item] = r
    ordered = sorted(best.values(), key=lambda r: (-stage_rank(r.rule), r.delivery_id))
    lines = [DigestLine(line(r.rule, r.payload, label), tuple(ids[r.item])) for r in ordered]
    files: list[Path] = []
    for r in others:
        text = line(r.rule, r.payload, label)
        names = [Path(a) for a in r.payload.get("attachments", [])]
        if names and attachments_ok:
            files += names
        elif names:
            text += "（附件：" + "、".join(n.name for n in names) + "，见邮件或台账）"
        lines.append(DigestLine(text, (r.delivery_id,)))
    title = f"督导提醒｜{label_of_recipient}｜{cn_month_day(day)}（共{len(lines)}项）"
    numbered = [DigestLine(f"{n}. {x.text}", x.delivery_ids) for n, x in enumerate(lines, start=1)]
    return title, numbered, files


def mention_line(mobiles: list[str]) -> str:
    return " ".join(f"@{m}" for m in mobiles)


def probe_message(tag: str, label: str) -> tuple[str, str]:
    """(title, body) of `dudao notify test`: display names only (the tag is a key: --json and logs)."""
    title = f"督导测试消息｜{label}"
    body = f"这是一条测试消息：渠道已连通，{label}今后将在此收到督导提醒。"
    return title, body


def probe(payload: dict, label: str) -> tuple[str, str]:
    """A queued test message as it is sent: its own title and text, not a digest."""
    title, body = probe_message("", label)
    return str(payload.get("title") or title), str(payload.get("text") or body)

