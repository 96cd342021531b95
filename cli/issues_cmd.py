"""`dudao issues open | list | show | update | extend | verify | export | import | sweep`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import AsOf, By, DueDays, Income, IssueId, Json

# what the coordinator reads for the lifecycle's keys (keys stay in --json)
ACTION_NAMES = {"start": "开始整改", "submit": "提交整改", "pass": "验收通过（销号）", "fail": "验收未通过",
                "reopen": "重新打开"}
FIELD_NAMES = {"owner": "责任单位", "category": "类别", "severity": "严重程度", "title": "问题",
               "income_added_yuan": "增收(元)"}
SOURCE_HELP = "visit（督查）、trip（调研）、meeting（会议）、campaign（百日攻坚）或 manual（手工）。"
SEVERITY_HELP = "normal（一般）、serious（较重）或 critical（严重）。"
EXTENSION_NAMES = {"requested": "待审批", "approved": "已批准", "refused": "未批准"}

app = typer.Typer(help="问题台账：问题跟踪到销号。", no_args_is_help=True)

Note = Annotated[str | None, typer.Option("--note", help="写入整改历程的说明。")]
Evidence = Annotated[list[Path] | None, typer.Option("--evidence", help="证明材料文件（可重复）。")]
Town = Annotated[str | None, typer.Option("--town", help="镇街编码或名称。")]
Village = Annotated[str | None, typer.Option("--village", help="村（社区）编码或名称。")]
Owner = Annotated[str | None, typer.Option("--owner", help="责任单位标签：village:<编码>、town:<编码>、"
                                                           "department:<key> …")]
Status = Annotated[str | None, typer.Option("--status", help="open、rectifying、awaiting_verification、closed "
                                                             "（或 交办/整改中/待验收/已销号）。")]
Light = Annotated[str | None, typer.Option("--light", help="green（绿灯）、yellow（黄灯）或 red（红灯）。")]
Source = Annotated[str | None, typer.Option("--source", help=SOURCE_HELP)]


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
    title: Annotated[str, typer.Option("--title", help="问题，一句话。")],
    village: Annotated[str | None, typer.Option("--village", help="村（社区）编码。")] = None,
    town: Annotated[str | None, typer.Option("--town", help="镇街编码（不填则按村推定）。")] = None,
    owner: Owner = None,
    category: Annotated[str, typer.Option("--category", help="已配置的类别之一。")] = "其他",
    severity: Annotated[str, typer.Option("--severity", help=SEVERITY_HELP)] = "normal",
    description: Annotated[str | None, typer.Option("--description")] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="一个工作日，YYYY-MM-DD。")] = None,
    due_days: DueDays = None,
    source: Annotated[str, typer.Option("--source", help=SOURCE_HELP)] = "manual",
    source_ref: Annotated[str | None, typer.Option("--source-ref", help="例如 meeting:3（再次交办"
                                                                        "不会重复）")] = None,
    income: Income = None,
    evidence: Evidence = None,
    as_of: AsOf = None,
    by: By = None,
    as_json: Json = False,
) -> None:
    """交办问题：给村（社区）和/或镇街，指定责任单位和以工作日计的整改期限。"""
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
        say(f"已交办问题 {issue_id}")


@app.command("list")
def list_(town: Town = None, village: Village = None, owner: Owner = None, status: Status = None, light: Light = None,
          source: Source = None, as_of: AsOf = None, as_json: Json = False) -> None:
    """列出问题及其红黄绿灯（截至今天或 --as-of）。"""
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
    """一个问题的完整整改历程、延期和消息。"""
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
    action: Annotated[str | None, typer.Option("--action", help="start（开始整改）、submit（提交整改）"
                                                                "或 reopen（重新打开）。")] = None,
    submitted_on: Annotated[str | None, typer.Option("--submitted-on", help="提交整改时：如早于今天，"
                                                                            "提交的日期（YYYY-MM-DD）。")] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="重新打开时：新的整改期限。")] = None,
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
    """推进问题的整改流程（--action）和/或修改问题；每次变更都记入整改历程。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from config.errors import InputError, Problem
    from domain.issues import STATUS_NAMES, update_issue

    if action in ("pass", "fail"):
        raise InputError("验收请用单独的命令", [Problem("--action", f"请用 `dudao issues verify "
                                                                         f"{issue_id} --{action}`")])
    edits = {k: v for k, v in (("owner", owner), ("category", category), ("severity", severity), ("title", title),
                               ("income_added_yuan", income)) if v is not None}
    if not action and not edits:
        raise InputError("没有要更新的内容", [Problem("选项", "请给出 --action 和/或要修改的字段")])
    with context.work(as_of, by, acting=True) as uow:
        stored = _evidence(uow, evidence)
        changed = update_issue(uow, issue_id, action=action, note=note, evidence=_attach(uow, issue_id, stored),
                               submitted_on=parse_date(submitted_on, "--submitted-on"),
                               deadline=parse_date(deadline, "--deadline"), **edits)
    if changed.action:
        say(f"问题 {issue_id}：{ACTION_NAMES.get(changed.action, changed.action)} → {STATUS_NAMES[changed.status]}")
    else:
        say(f"问题 {issue_id}：已修改 {'、'.join(FIELD_NAMES.get(f, f) for f in changed.edited)}")


@app.command("verify")
def verify(
    issue_id: IssueId,
    passed: Annotated[bool | None, typer.Option("--pass/--fail", help="验收通过（销号）或未通过。")] = None,
    income: Income = None,
    note: Note = None,
    evidence: Evidence = None,
    as_of: AsOf = None,
    by: By = None,
) -> None:
    """验收提交的整改：--pass 销号，--fail 退回整改中。"""
    from cli import context
    from cli.output import say
    from config.errors import InputError, Problem
    from domain.issues import verify_issue

    if passed is None:
        raise InputError("验收需要结论", [Problem("--pass/--fail", "请给出其一")])
    with context.work(as_of, by, acting=True) as uow:
        stored = _evidence(uow, evidence)
        done = verify_issue(uow, issue_id, passed=passed, note=note, evidence=_attach(uow, issue_id, stored),
                            income_added_yuan=income)
    verdict = ("按期销号" if done.closed_on_time else "逾期销号") if passed else "验收未通过，退回整改中"
    say(f"问题 {issue_id}：{verdict}")


@app.command("extend")
def extend(
    issue_id: IssueId,
    to: Annotated[str | None, typer.Option("--to", help="申请：新的整改期限（工作日）。")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="申请：需要延期的理由。")] = None,
    decision: Annotated[bool | None, typer.Option("--approve/--refuse", help="审批待批的延期申请。")] = None,
    note: Note = None,
    as_of: AsOf = None,
    by: By = None,
) -> None:
    """在期限前申请延期，或审批待批的延期申请（督导协调人员）。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from config.errors import InputError, Problem
    from domain.issues import decide_extension, request_extension

    if (decision is None) == (to is None):
        raise InputError("申请延期或审批延期，二选一", [Problem("选项", "申请：--to 日期 --reason 理由；"
                                                            "审批：--approve/--refuse")])
    with context.work(as_of, by, acting=True) as uow:
        if decision is None:
            ext = request_extension(uow, issue_id, new_deadline=parse_date(to, "--to"), reason=reason or "")
            say(f"问题 {issue_id}：已申请延期至 {ext.new_deadline}")
        else:
            ext = decide_extension(uow, issue_id, approve=decision, note=note)
            say(f"问题 {issue_id}：延期至 {ext.new_deadline} {EXTENSION_NAMES.get(ext.status.value, ext.status.value)}")
