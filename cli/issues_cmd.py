"""`dudao issues open | list | show | update | extend | verify | export | import | sweep`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import AsOf, By, DueDays, Income, IssueId, Json

app = typer.Typer(help="The issue ledger (问题台账): issues tracked to closure.", no_args_is_help=True)

Note = Annotated[str | None, typer.Option("--note", help="A note for the history.")]
Evidence = Annotated[list[Path] | None, typer.Option("--evidence", help="Evidence file (repeatable).")]
Town = Annotated[str | None, typer.Option("--town", help="Town code or name.")]
Village = Annotated[str | None, typer.Option("--village", help="Village code or name.")]
Owner = Annotated[str | None, typer.Option("--owner", help="Owner unit tag: village:<code>, town:<code>, "
                                                           "department:<key> …")]
Status = Annotated[str | None, typer.Option("--status", help="open, rectifying, awaiting_verification, closed "
                                                             "(or 交办/整改中/待验收/已销号).")]
Light = Annotated[str | None, typer.Option("--light", help="green, yellow or red.")]
Source = Annotated[str | None, typer.Option("--source", help="visit, trip, meeting, campaign or manual.")]


def _evidence(uow, paths: list[Path] | None) -> list:
    """Copy each --evidence file into the evidence store (the web board's); a folder, a device or a missing
    path is refused with its name. The stored files, to attach to the issue."""
    from domain.evidence import store_evidence_file

    return [store_evidence_file(uow, p) for p in paths or []]


def _attach(uow, issue_id: int, stored: list) -> list[str]:
    from domain.evidence import attach_evidence

    attach_evidence(uow, issue_id, stored)
    return [s.ref for s in stored]


@app.command("open")
def open_(
    title: Annotated[str, typer.Option("--title", help="The problem, in a sentence.")],
    village: Annotated[str | None, typer.Option("--village", help="Village code.")] = None,
    town: Annotated[str | None, typer.Option("--town", help="Town code (derived from the village if omitted).")] = None,
    owner: Owner = None,
    category: Annotated[str, typer.Option("--category", help="One of the configured categories.")] = "其他",
    severity: Annotated[str, typer.Option("--severity", help="normal, serious or critical.")] = "normal",
    description: Annotated[str | None, typer.Option("--description")] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="A working day, YYYY-MM-DD.")] = None,
    due_days: DueDays = None,
    source: Annotated[str, typer.Option("--source", help="visit, trip, meeting, campaign or manual.")] = "manual",
    source_ref: Annotated[str | None, typer.Option("--source-ref", help="e.g. meeting:3 (opening it again "
                                                                        "is a no-op)")] = None,
    income: Income = None,
    evidence: Evidence = None,
    as_of: AsOf = None,
    by: By = None,
    as_json: Json = False,
) -> None:
    """Open an issue (交办) for a village and/or town, with an owner and a working-day deadline."""
    from cli import context
    from cli.moments import parse_date
    from cli.output import emit_json, say
    from domain.issues import open_issue

    with context.work(as_of, by, acting=True) as uow:
        stored = _evidence(uow, evidence)
        issue_id = open_issue(uow, title=title, village=village, town=town, owner=owner, category=category,
                              severity=severity, description=description, deadline=parse_date(deadline, "--deadline"),
                              due_days=due_days, source=source, source_ref=source_ref, income_added_yuan=income,
                              evidence=[s.ref for s in stored])
        _attach(uow, issue_id, stored)
    if as_json:
        emit_json({"id": issue_id})
    else:
        say(f"opened issue {issue_id}")


@app.command("list")
def list_(town: Town = None, village: Village = None, owner: Owner = None, status: Status = None, light: Light = None,
          source: Source = None, as_of: AsOf = None, as_json: Json = False) -> None:
    """List issues with their lights (as of today or --as-of)."""
    from cli import context
    from cli.output import emit_json, table
    from domain.issues import Filters, list_issues, names

    with context.work(as_of) as uow:
        rows = list_issues(uow, Filters(town, village, owner, status, light, source))
    if as_json:
        emit_json([r.as_dict() for r in rows])
        return
    table(f"问题台账（{len(rows)} 项）", ["编号", "镇街", "村社区", "问题", "责任单位", "期限", "状态", "灯", "逾期"],
          [[r.id, r.town, r.village or "", r.title, r.owner_name, r.deadline, names(r)["status"], names(r)["light"],
            r.overdue_days or ""] for r in rows])


@app.command("show")
def show(issue_id: IssueId, as_of: AsOf = None,
         as_json: Json = False) -> None:
    """One issue with its full history, extensions and messages."""
    from cli import context
    from cli.output import emit_json, say, table
    from config.dates import DISTRICT_TZ
    from domain.issues import STATUS_NAMES, IssueRow, issue_detail, names
    from models.issues import IssueStatus

    with context.work(as_of) as uow:
        detail = issue_detail(uow, issue_id)
    if as_json:
        emit_json(detail)
        return
    r = IssueRow(**detail["issue"])
    n = names(r)
    say(f"[bold]问题 {r.id}[/bold] {r.title}")
    say(f"  {r.town}{('·' + r.village) if r.village else ''}｜责任单位 {r.owner_name}｜{r.category}｜{n['severity']}"
        f"｜来源 {n['source']}{(' ' + r.source_ref) if r.source_ref else ''}")
    extended = f"（原定 {r.original_deadline}）" if r.original_deadline != r.deadline else ""
    say(f"  状态 {n['status']}｜期限 {r.deadline}{extended}｜{n['light'] or '—'}"
        + (f"｜逾期 {r.overdue_days} 个工作日" if r.overdue_days else "")
        + (f"｜验收期限 {r.verify_deadline}" if r.verify_deadline else "")
        + (f"｜增收 {r.income_added_yuan} 元" if r.income_added_yuan else "") + ("｜黑榜预警" if r.blacklisted else ""))
    if r.description:
        say(f"  {r.description}")
    def status(value) -> str:
        return STATUS_NAMES[IssueStatus(value)] if value else ""

    table("整改历程", ["时间", "操作人", "操作", "状态", "说明", "证明材料"],
          [[f"{h['at'].astimezone(DISTRICT_TZ):%Y-%m-%d %H:%M}", h["actor"], h["action_name"],
            f"{status(h['from'])}→{status(h['to'])}" if h["from"] != h["to"] else "", h["note"] or "",
            "、".join(Path(e).name for e in h["evidence"])] for h in detail["history"]])
    if detail["extensions"]:
        table("延期申请", ["申请", "申请人", "新期限", "理由", "结果", "决定人"],
              [[f"{x['requested_at'].astimezone(DISTRICT_TZ):%Y-%m-%d}", x["requested_by"], x["new_deadline"],
                x["reason"], x["status"], x["decided_by"] or ""] for x in detail["extensions"]])
    if detail["messages"]:
        table("通知", ["编号", "对象", "规则", "状态"],
              [[m["id"], m["recipient"], m["rule"], m["status"]] for m in detail["messages"]])


@app.command("update")
def update(
    issue_id: IssueId,
    action: Annotated[str | None, typer.Option("--action", help="start (开始整改), submit (提交整改) "
                                                                "or reopen.")] = None,
    submitted_on: Annotated[str | None, typer.Option("--submitted-on", help="submit: when it was submitted, "
                                                                            "if earlier (YYYY-MM-DD).")] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="reopen: a new deadline.")] = None,
    owner: Owner = None,
    category: Annotated[str | None, typer.Option("--category")] = None,
    severity: Annotated[str | None, typer.Option("--severity")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    income: Income = None,
    note: Note = None,
    evidence: Evidence = None,
    as_of: AsOf = None,
    by: By = None,
) -> None:
    """Move an issue through its lifecycle (--action) and/or edit it; every change is in its history."""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from config.errors import InputError, Problem
    from domain.issues import update_issue

    if action in ("pass", "fail"):
        raise InputError("verification is its own command", [Problem("--action", f"use `dudao issues verify "
                                                                                 f"{issue_id} --{action}`")])
    edits = {k: v for k, v in (("owner", owner), ("category", category), ("severity", severity), ("title", title),
                               ("income_added_yuan", income)) if v is not None}
    if not action and not edits:
        raise InputError("nothing to update", [Problem("options", "give --action and/or a field to edit")])
    with context.work(as_of, by, acting=True) as uow:
        stored = _evidence(uow, evidence)
        changed = update_issue(uow, issue_id, action=action, note=note, evidence=_attach(uow, issue_id, stored),
                               submitted_on=parse_date(submitted_on, "--submitted-on"),
                               deadline=parse_date(deadline, "--deadline"), **edits)
    if changed.action:
        say(f"issue {issue_id}: {changed.action} → {changed.status.value}")
    else:
        say(f"issue {issue_id}: edited {', '.join(changed.edited)}")


@app.command("verify")
def verify(
    issue_id: IssueId,
    passed: Annotated[bool | None, typer.Option("--pass/--fail", help="Verification passed (销号) or failed.")] = None,
    income: Income = None,
    note: Note = None,
    evidence: Evidence = None,
    as_of: AsOf = None,
    by: By = None,
) -> None:
    """Verify a submitted rectification: --pass closes the issue (销号), --fail sends it back (整改中)."""
    from cli import context
    from cli.output import say
    from config.errors import InputError, Problem
    from domain.issues import verify_issue

    if passed is None:
        raise InputError("verify needs a verdict", [Problem("--pass/--fail", "give one")])
    with context.work(as_of, by, acting=True) as uow:
        stored = _evidence(uow, evidence)
        done = verify_issue(uow, issue_id, passed=passed, note=note, evidence=_attach(uow, issue_id, stored),
                            income_added_yuan=income)
    verdict = ("closed on time" if done.closed_on_time else "closed late") if passed else "back to rectifying"
    say(f"issue {issue_id}: {verdict}")


@app.command("extend")
def extend(
    issue_id: IssueId,
    to: Annotated[str | None, typer.Option("--to", help="Request: the new deadline (a working day).")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Request: why more time is needed.")] = None,
    decision: Annotated[bool | None, typer.Option("--approve/--refuse", help="Decide the pending request.")] = None,
    note: Note = None,
    as_of: AsOf = None,
    by: By = None,
) -> None:
    """Request an extension (延期) before the deadline, or approve/refuse the pending request (coordinators)."""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from config.errors import InputError, Problem
    from domain.issues import decide_extension, request_extension

    if (decision is None) == (to is None):
        raise InputError("request or decide", [Problem("options", "give --to DATE --reason TEXT to request, or "
                                                                  "--approve/--refuse to decide")])
    with context.work(as_of, by, acting=True) as uow:
        if decision is None:
            ext = request_extension(uow, issue_id, new_deadline=parse_date(to, "--to"), reason=reason or "")
            say(f"issue {issue_id}: extension to {ext.new_deadline} requested")
        else:
            ext = decide_extension(uow, issue_id, approve=decision, note=note)
            say(f"issue {issue_id}: extension to {ext.new_deadline} {ext.status.value}")
