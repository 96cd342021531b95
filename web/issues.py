"""工作台, 问题台账 and an issue's page with its actions (提交整改, 验收, 延期, 重新打开) and evidence; each handler
opens a unit of work for the logged-in user and calls the issues' (and the evidence store's) use cases."""

from __future__ import annotations

import math
import re
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from config.errors import DudaoError, InputError, Problem
from models.accounts import Role
from web.auth import check_csrf
from web.board import Gone, Refused, acting, board_of, flash, reading, require_user
from web.render import as_json, page, wants_json

router = APIRouter()
PAGE_SIZE = 50
LIGHTS_LIMIT = 20_000
STATUS_CHOICES = [("open", "交办"), ("rectifying", "整改中"), ("awaiting_verification", "待验收"), ("closed", "已销号")]
LIGHT_CHOICES = [("red", "红灯"), ("yellow", "黄灯"), ("green", "绿灯")]
SOURCE_CHOICES = [("visit", "督查走访"), ("trip", "季度调研"), ("meeting", "会议"), ("campaign", "百日攻坚"),
                  ("manual", "手工录入")]
LIGHT_NAMES = dict(LIGHT_CHOICES)
STATUS_NAMES = dict(STATUS_CHOICES)
SOURCE_NAMES = dict(SOURCE_CHOICES)


def scoped_filters(p, *, town: str | None = None, status: str | None = None, light: str | None = None,
                   source: str | None = None, period: str | None = None, village: str | None = None):
    """The user's filters held to their scope; None when what they asked lies outside it (nothing to show)."""
    from domain.accounts import scope_filters
    from domain.issues import Filters

    scope = scope_filters(p)
    town, village = town or None, village or None
    if "town" in scope:
        if town and town not in (p.scope, p.scope_name):
            return None
        town = p.scope
    opened_from, opened_to = _period(period)
    f = Filters(town=town, village=village, status=status or None, light=light or None, source=source or None,
                opened_from=opened_from, opened_to=opened_to)
    if "village" in scope:
        if village and village != p.scope:
            return None
        f = replace(f, village=p.scope)
    if "owner" in scope:
        f = replace(f, owner=scope["owner"])
    if "villages" in scope:
        f = replace(f, villages=scope["villages"])
    return f


def _period(period: str | None) -> tuple[date | None, date | None]:
    """期间: a month (2022-10), a quarter (2022-Q4) or a year (2022)."""
    if not period:
        return None, None
    from config.dates import month_bounds, quarter_bounds

    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", period):
        return month_bounds(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", period, re.IGNORECASE):
        return quarter_bounds(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})", period):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    raise InputError("期间格式不对", [Problem("期间", f"{period!r}；请写 2022-10（月）、2022-Q4（季度）或 2022（年）")])


def _light_label(row) -> str:
    if not row.light:
        return "已销号" if row.status == "closed" else ""
    return LIGHT_NAMES[row.light] + ("（冻结）" if row.frozen else "")


# ---- 工作台 --------------------------------------------------------------------------------------------------
@router.get("/dashboard")
def dashboard(request: Request) -> Response:
    from domain.accounts import issue_actions
    from domain.issues import issue_board

    with reading(request) as (p, uow):
        f = scoped_filters(p)

        def build():
            # lights are counted in SQL; beyond LIGHTS_LIMIT open issues (the whole district of a large ledger)
            # the board still says so and leaves the lights to the ledger's light filter
            return (issue_board(uow, f, lights_limit=LIGHTS_LIMIT, due_limit=30, waiting_limit=200),
                    _visits_to_record(uow, p))

        # kept per scope and day while the ledger's version stands (any change moves it: never stale)
        key = ("dashboard", f, p.role, p.scope if p.role in (Role.team, Role.coordinator) else None, uow.today)
        board, visits = board_of(request).figures.get(uow, key, build)
    counts, lights, due = board.counts, board.lights, board.due
    counts = {s: counts[s] for s, _ in STATUS_CHOICES}
    reviews = [r for r in board.waiting if {"pass", "fail"} & issue_actions(p, r.as_dict())]
    if wants_json(request):
        return as_json({"user": {"login": p.login, "name": p.name, "role": p.role.value, "scope": p.scope},
                        "counts": counts, "lights": lights, "due": [r.as_dict() for r in due],
                        "reviews": [r.as_dict() for r in reviews], "visits": visits})
    return page(request, "dashboard.html", counts=counts, lights=lights, due=due, reviews=reviews, visits=visits,
                status_names=STATUS_NAMES, light_label=_light_label)


def _visits_to_record(uow, p) -> list[dict]:
    """A team's (or, for the office, every team's) planned visits of open rounds due by today."""
    from domain.rounds import list_rounds, round_visits
    from models.accounts import Role

    if p.role not in (Role.team, Role.coordinator):
        return []
    out = []
    for line in list_rounds(uow):
        if getattr(line, "status", "planned") not in ("planned", "in_progress") or getattr(line, "closed", False):
            continue
        for v in round_visits(uow, line.key, team=p.scope if p.role is Role.team else None):
            if v.status.value == "planned" and v.day <= uow.today:
                out.append({"round": line.key, "day": v.day, "team": v.team, "town": v.town, "village": v.village,
                            "name": v.name})
    return out[:50]


# ---- 问题台账 ------------------------------------------------------------------------------------------------
@router.get("/issues")
def ledger(request: Request, town: str | None = None, status: str | None = None, light: str | None = None,
           source: str | None = None, period: str | None = None, page_no: int = 1, format: str | None = None
           ) -> Response:
    from domain.issues import issue_page

    page_no = max(1, int(request.query_params.get("page", page_no)))
    chosen = {"town": town or "", "status": status or "", "light": light or "", "source": source or "",
              "period": period or ""}
    if format == "xlsx":
        p = require_user(request)
        return _export(request, p, scoped_filters(p, town=town, status=status, light=light, source=source,
                                                  period=period))
    rows, total = [], 0
    with reading(request) as (p, uow):
        f = scoped_filters(p, town=town, status=status, light=light, source=source, period=period)
        if f is not None:
            found = issue_page(uow, f, page=page_no, size=PAGE_SIZE)
            rows, total = found.rows, found.total
        towns = _towns(uow) if p.reads_all else []
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if wants_json(request):
        return as_json({"total": total, "page": page_no, "pages": pages, "page_size": PAGE_SIZE,
                        "issues": [r.as_dict() for r in rows]})
    query = urlencode({k: v for k, v in chosen.items() if v})
    return page(request, "issues.html", rows=rows, total=total, page_no=page_no, pages=pages, chosen=chosen,
                query=query, towns=towns, statuses=STATUS_CHOICES, lights=LIGHT_CHOICES, sources=SOURCE_CHOICES,
                status_names=STATUS_NAMES, light_label=_light_label)


def _towns(uow) -> list[tuple[str, str]]:
    from domain.ranking import town_names

    return sorted(town_names(uow).items())


def _export(request: Request, p, f) -> Response:
    from domain.accounts import record_action
    from domain.issues import Filters, export_issues

    tmp = Path(tempfile.mkdtemp(prefix="dudao-export-"))
    out = tmp / "问题台账.xlsx"
    with board_of(request).work(actor=p.actor) as uow:
        n = export_issues(uow, f if f is not None else Filters(villages=()), out)
        record_action(uow, entity="issues", entity_id="export", action="export", note=f"{n} issues")
    return FileResponse(out, filename=f"问题台账{uow.today:%Y%m%d}.xlsx",
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        background=BackgroundTask(_remove, tmp))


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


# ---- an issue's page -----------------------------------------------------------------------------------------
def _visible(uow, p, issue_id: int) -> dict:
    """The issue's detail when the user may see it; 404 (Gone) otherwise — the same as for no such issue."""
    from domain.accounts import may_see_issue
    from domain.issues import issue_detail

    try:
        detail = issue_detail(uow, issue_id)
    except DudaoError:
        raise Gone() from None
    if not may_see_issue(p, detail["issue"]):
        raise Gone()
    return detail


def _actions(p, detail) -> frozenset[str]:
    from domain.accounts import issue_actions

    pending = any(x["status"] == "requested" for x in detail["extensions"])
    return issue_actions(p, detail["issue"], pending_extension=pending)


@router.get("/issues/{issue_id}")
def issue_page(request: Request, issue_id: int) -> Response:
    from domain.evidence import issue_evidence

    with reading(request) as (p, uow):
        detail = _visible(uow, p, issue_id)
        files = issue_evidence(uow, issue_id)
    actions = _actions(p, detail)
    if wants_json(request):
        return as_json({**detail, "evidence": [{"sha256": f.sha256, "name": f.name, "media_type": f.media_type,
                                                "size": f.size, "url": f"/issues/{issue_id}/evidence/{f.sha256}"}
                                               for f in files],
                        "actions": sorted(actions)})
    from domain.issues import IssueRow

    row = IssueRow(**detail["issue"])
    return page(request, "issue.html", row=row, detail=detail, files=files, actions=actions,
                status_names=STATUS_NAMES, source_names=SOURCE_NAMES, light_label=_light_label, rule_name=rule_name)


RULE_NAMES = {"open": "交办通知", "due": "到期提醒", "overdue": "逾期督办", "verify-due": "验收提醒",
              "verify-overdue": "验收逾期", "verify-pass": "验收通过", "verify-fail": "验收未通过",
              "reopen": "重新打开", "extension-request": "延期申请", "extension-approved": "延期已批准",
              "extension-refused": "延期未批准"}


def rule_name(rule: str) -> str:
    if rule in RULE_NAMES:
        return RULE_NAMES[rule]
    if rule.startswith("remind"):
        return "到期前提醒"
    if rule.startswith("escalate"):
        return "逐级督办"
    return rule


def _do(request: Request, issue_id: int, action: str, work) -> Response:
    """Run one action on an issue for the logged-in user: in scope (else 404), allowed to them (else 403), the
    use case's refusal shown on the issue's page."""
    p = require_user(request)
    try:
        with acting(request, p) as uow:
            detail = _visible(uow, p, issue_id)
            if action not in _actions(p, detail):
                raise Refused("您的账号不能对这个问题做这项操作")
            message = work(uow, detail)
    except DudaoError as exc:
        flash(request, "error", exc.title + ("：" + "；".join(str(pr) for pr in exc.problems) if exc.problems else ""))
        return RedirectResponse(f"/issues/{issue_id}", status_code=303)
    flash(request, "ok", message)
    return RedirectResponse(f"/issues/{issue_id}", status_code=303)


def _uploads(request: Request, files: list[UploadFile]) -> list[tuple[bytes, str]]:
    limit = board_of(request).max_upload_bytes
    out = []
    for f in files or []:
        if not f.filename and (f.size or 0) == 0:
            continue  # an empty file input
        data = f.file.read(limit + 1)
        if len(data) > limit:
            raise InputError("证明材料太大", [Problem(f"文件 {f.filename}", f"每个文件不超过 {limit // 1048576} MB")])
        out.append((data, f.filename or ""))
    return out


@router.post("/issues/{issue_id}/submit")
def submit(request: Request, issue_id: int, note: str = Form(""), csrf_token: str = Form(""),
           files: list[UploadFile] = File(default=[])) -> Response:
    from domain.evidence import attach_evidence, store_evidence
    from domain.issues import update_issue

    check_csrf(request, csrf_token)
    try:
        uploads = _uploads(request, files)
    except InputError as exc:
        flash(request, "error", exc.title + "：" + "；".join(str(pr) for pr in exc.problems))
        return RedirectResponse(f"/issues/{issue_id}", status_code=303)

    def work(uow, detail) -> str:
        root = board_of(request).home / "evidence"
        stored = [store_evidence(uow, data, name, root=root) for data, name in uploads]
        if detail["issue"]["status"] == "open":
            update_issue(uow, issue_id, action="start", note="开始整改")
        update_issue(uow, issue_id, action="submit", note=note.strip() or None, evidence=[s.ref for s in stored])
        attach_evidence(uow, issue_id, stored)
        return f"已提交整改，等待验收（证明材料 {len(stored)} 份）"

    return _do(request, issue_id, "submit", work)


@router.post("/issues/{issue_id}/verify")
def verify(request: Request, issue_id: int, verdict: str = Form(""), note: str = Form(""),
           income: str = Form(""), csrf_token: str = Form("")) -> Response:
    from domain.issues import verify_issue

    check_csrf(request, csrf_token)
    if verdict not in ("pass", "fail"):
        raise InputError("请选择验收结论", [Problem("验收", "通过或不通过")])

    def work(uow, detail) -> str:
        if verdict == "fail" and not note.strip():
            raise InputError("验收不通过须写明原因", [Problem("原因", "请填写")])
        yuan = _yuan(income)
        done = verify_issue(uow, issue_id, passed=verdict == "pass", note=note.strip() or None,
                            income_added_yuan=yuan)
        if not done.passed:
            return "验收未通过，已退回整改"
        return "验收通过，已销号" + ("（按期）" if done.closed_on_time else "（逾期）")

    return _do(request, issue_id, verdict, work)


def _yuan(text: str) -> int | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit():
        raise InputError("增收金额须为整数（元）", [Problem("增收", repr(text))])
    return int(text)


@router.post("/issues/{issue_id}/extend")
def extend(request: Request, issue_id: int, new_deadline: str = Form(""), reason: str = Form(""),
           csrf_token: str = Form("")) -> Response:
    from domain.issues import request_extension

    check_csrf(request, csrf_token)

    def work(uow, detail) -> str:
        ext = request_extension(uow, issue_id, new_deadline=_date(new_deadline, "新期限"), reason=reason.strip())
        return f"已申请延期至 {ext.new_deadline}，等待组织部批准"

    return _do(request, issue_id, "extend", work)


@router.post("/issues/{issue_id}/extension")
def decide(request: Request, issue_id: int, decision: str = Form(""), note: str = Form(""),
           csrf_token: str = Form("")) -> Response:
    from domain.issues import decide_extension

    check_csrf(request, csrf_token)

    def work(uow, detail) -> str:
        if decision not in ("approve", "refuse"):
            raise InputError("请选择批准或不批准", [Problem("延期", decision)])
        ext = decide_extension(uow, issue_id, approve=decision == "approve", note=note.strip() or None)
        return f"延期至 {ext.new_deadline}：" + ("已批准" if decision == "approve" else "未批准")

    return _do(request, issue_id, "decide", work)


@router.post("/issues/{issue_id}/reopen")
def reopen(request: Request, issue_id: int, deadline: str = Form(""), note: str = Form(""),
           csrf_token: str = Form("")) -> Response:
    from domain.issues import update_issue

    check_csrf(request, csrf_token)

    def work(uow, detail) -> str:
        update_issue(uow, issue_id, action="reopen", note=note.strip() or None,
                     deadline=_date(deadline, "新期限") if deadline else None)
        return "已重新打开，退回整改"

    return _do(request, issue_id, "reopen", work)


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise InputError("日期格式不对", [Problem(where, f"{text!r}；请写 2022-10-20")]) from None


@router.get("/issues/{issue_id}/evidence/{sha256}")
def evidence(request: Request, issue_id: int, sha256: str, thumb: int = 0) -> Response:
    from domain.evidence import evidence_file

    p = require_user(request)
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise Gone()
    with board_of(request).work(actor=p.actor) as uow:
        _visible(uow, p, issue_id)
        path, kind, name = evidence_file(uow, issue_id, sha256, thumbnail=bool(thumb),
                                         root=board_of(request).home / "evidence")
    if not path.exists():
        raise Gone()
    inline = kind.startswith("image/") or kind == "application/pdf"
    return FileResponse(path, media_type=kind, filename=name, content_disposition_type="inline" if inline
                        else "attachment", headers={"Cache-Control": "private, max-age=3600"})
