"""督查轮次 (the plan per team and day, recording a visit), 调研, 百日攻坚, 红黑榜, 日历, 运行记录 and 报告:
read through the areas' use cases, held to the user's scope."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from config.errors import DudaoError, InputError, NotFound, Problem
from models.accounts import Role
from web.auth import check_csrf
from web.board import Gone, Refused, acting, board_of, flash, reading, require_user
from web.render import as_json, page, wants_json

router = APIRouter()
REPORT_KINDS = {".md", ".docx", ".xlsx", ".pdf", ".csv", ".ics"}


# ---- 督查轮次 ------------------------------------------------------------------------------------------------
def _visit_visible(p, v) -> bool:
    if p.reads_all:
        return True
    if p.role is Role.team:
        return v.team == p.scope
    if p.role is Role.town:
        return v.town == p.scope_name
    if p.role is Role.village:
        return v.village == p.scope
    return False


def _may_record(p, v) -> bool:
    return p.role is Role.coordinator or (p.role is Role.team and v.team == p.scope)


@router.get("/rounds")
def rounds(request: Request) -> Response:
    from domain.rounds import list_rounds

    with reading(request) as (_p, uow):
        lines = list_rounds(uow)
    if wants_json(request):
        return as_json([asdict(x) for x in lines])
    return page(request, "rounds.html", lines=lines)


@router.get("/rounds/{key}")
def round_page(request: Request, key: str) -> Response:
    from domain.rounds import list_rounds, round_visits

    with reading(request) as (p, uow):
        line = next((x for x in list_rounds(uow) if x.key == key), None)
        if line is None:
            raise Gone()
        visits = [v for v in round_visits(uow, key, team=p.scope if p.role is Role.team else None)
                  if _visit_visible(p, v)]
        teams = _team_names(uow)
        methods = list(uow.config.inspection.methods)
    if wants_json(request):
        return as_json({"round": asdict(line), "visits": [asdict(v) for v in visits]})
    by_day: dict = {}
    for v in visits:
        by_day.setdefault((v.team, v.day), []).append(v)
    plan = [(teams.get(team, team), day, vs) for (team, day), vs in sorted(by_day.items(), key=lambda kv: (kv[0][1],
                                                                                                          kv[0][0]))]
    return page(request, "round.html", line=line, plan=plan, methods=methods, may_record=lambda v: _may_record(p, v)
                and line.status != "closed", may_adjust=p.role is Role.coordinator and line.status != "closed",
                teams=sorted(teams.items()))


def _team_names(uow) -> dict[str, str]:
    return {t.key: t.name for t in uow.config.teams}


@router.post("/rounds/{key}/visits/{village}")
def record_visit(request: Request, key: str, village: str, outcome: str = Form("visited"), score: str = Form(""),
                 reason: str = Form(""), findings: str = Form(""), methods: list[str] = Form(default=[]),
                 csrf_token: str = Form("")) -> Response:
    from domain.rounds import FindingInput, VisitResult, record_visits, round_visits

    check_csrf(request, csrf_token)
    p = require_user(request)
    try:
        with acting(request, p) as uow:
            visit = next((v for v in round_visits(uow, key) if v.village == village), None)
            if visit is None or not _visit_visible(p, visit):
                raise Gone()
            if not _may_record(p, visit):
                raise Refused("只有本督导组和组织部可以记录这次走访")
            form_methods = [m for m in methods if m]
            lines = [x.strip() for x in findings.splitlines() if x.strip()]
            found = tuple(FindingInput(text, None, where=f"问题 {i + 1}") for i, text in enumerate(lines))
            if outcome == "visited":
                if not score.strip().isdigit():
                    raise InputError("请填写评分", [Problem("评分", "0–100 的整数")])
                result = VisitResult(village, methods=tuple(form_methods), score=int(score), findings=found,
                                     where=f"{visit.name}")
            else:
                result = VisitResult(village, reason=reason.strip() or None, findings=found, where=f"{visit.name}")
            report = record_visits(uow, key, results=[result])
    except DudaoError as exc:
        flash(request, "error", exc.title + ("：" + "；".join(str(x) for x in exc.problems) if exc.problems else ""))
        return RedirectResponse(f"/rounds/{key}#v-{village}", status_code=303)
    flash(request, "ok", f"已记录 {visit.name} 的走访结果" + (f"，发现问题 {len(found)} 个已交办" if found else ""))
    del report
    return RedirectResponse(f"/rounds/{key}#v-{village}", status_code=303)


@router.post("/rounds/{key}/adjust")
def adjust(request: Request, key: str, village: str = Form(""), kind: str = Form("move"), team: str = Form(""),
           day: str = Form(""), reason: str = Form(""), csrf_token: str = Form("")) -> Response:
    """督查安排调整 (the office): the same use case as `dudao rounds adjust`."""
    from datetime import date as date_

    from domain.rounds import adjust_round

    check_csrf(request, csrf_token)
    p = require_user(request)
    if p.role is not Role.coordinator:
        raise Refused("只有组织部可以调整督查安排") if p.reads_all else Gone()
    try:
        when = date_.fromisoformat(day) if day.strip() else None
    except ValueError:
        when = None
        flash(request, "error", f"日期格式不对：{day}")
        return RedirectResponse(f"/rounds/{key}", status_code=303)
    try:
        with acting(request, p) as uow:
            done = adjust_round(uow, key, village=village.strip(), kind=kind, team=team or None, day=when,
                                reason=reason.strip() or None)
    except DudaoError as exc:
        flash(request, "error", exc.title + ("：" + "；".join(str(x) for x in exc.problems) if exc.problems else ""))
        return RedirectResponse(f"/rounds/{key}", status_code=303)
    flash(request, "ok", f"已调整 {done.town}{done.name}，已通知 {done.queued} 个督导组")
    return RedirectResponse(f"/rounds/{key}", status_code=303)


# ---- 调研 ----------------------------------------------------------------------------------------------------
@router.get("/trips")
def trips(request: Request) -> Response:
    from domain.rounds import list_trips, trip_detail

    with reading(request) as (_p, uow):
        lines = list_trips(uow)
        details = {t["key"]: trip_detail(uow, t["key"]) for t in lines[-4:]}
    if wants_json(request):
        return as_json({"trips": lines, "details": details})
    return page(request, "trips.html", lines=lines, details=details)


# ---- 百日攻坚 -------------------------------------------------------------------------------------------------
@router.get("/campaign")
def campaign(request: Request) -> Response:
    from domain.campaign import campaign_status

    p = require_user(request)
    status = None
    with board_of(request).work(actor=p.actor) as uow:
        try:
            status = campaign_status(uow)
        except DudaoError:
            status = None
    if status is not None and not p.reads_all:
        keep_town = {p.scope, p.scope_name} if p.role is Role.town else {p.town_of_village}
        status.towns = [t for t in status.towns if t.code in keep_town or t.name in keep_town]
        status.behind = [b for b in status.behind if (b.code == p.scope if p.role is Role.village else
                                                      b.town in keep_town)]
    if wants_json(request):
        return as_json(asdict(status) if status else None)
    return page(request, "campaign.html", status=status)


# ---- 红黑榜 ---------------------------------------------------------------------------------------------------
@router.get("/ranking")
def ranking(request: Request, period: str | None = None) -> Response:
    from domain.calendar import parse_period
    from domain.ranking import LISTING_NAMES, list_snapshots, show_list, town_names

    p = require_user(request)
    shown = None
    with board_of(request).work(actor=p.actor) as uow:
        history = list_snapshots(uow)
        try:
            shown = show_list(uow, parse_period(period, where="期间") if period else None)
        except NotFound:
            shown = None
        towns = town_names(uow)
    boards: dict = {}
    if shown is not None:
        for e in shown.entries:
            boards.setdefault((e.board.value, e.scope), []).append(e)
    if wants_json(request):
        return as_json({"snapshot": shown.snapshot.model_dump() if shown else None,
                        "entries": [e.model_dump() for e in shown.entries] if shown else [],
                        "history": [{"period": s.period, "version": s.version, "status": s.status.value,
                                     "published_at": s.published_at} for s in history]})
    board_names = {"towns": "镇街榜", "villages": "村社区榜", "villages_in_town": "镇内村社区榜"}
    return page(request, "ranking.html", shown=shown, boards=boards, history=history, towns=towns,
                board_names=board_names, listing_names={k.value: v for k, v in LISTING_NAMES.items()})


# ---- 日历 ----------------------------------------------------------------------------------------------------
@router.get("/calendar")
def calendar(request: Request) -> Response:
    from domain.calendar import schedule

    with reading(request) as (_p, uow):
        plan = schedule(uow, uow.today - timedelta(days=14), days=120)
    if wants_json(request):
        return as_json({"first": plan.first, "last": plan.last, "names": plan.names,
                        "occurrences": [asdict(o) for o in plan.occurrences]})
    return page(request, "calendar.html", plan=plan)


# ---- 运行记录 -------------------------------------------------------------------------------------------------
def _office(p) -> None:
    if not p.reads_all:
        raise Gone()


@router.get("/runs")
def runs(request: Request) -> Response:
    from domain.cycles import list_runs

    p = require_user(request)
    _office(p)
    board = board_of(request)
    with board.work(actor=p.actor) as uow:
        found = list_runs(uow)
        names = {c.key: c.name for c in uow.config.cycles}
    ui = board.prefect_ui
    rows = [{"cycle": r.cycle, "name": names.get(r.cycle, r.cycle), "occurrence": r.occurrence,
             "state": r.state.value, "runs": r.runs, "started_at": r.started_at, "finished_at": r.finished_at,
             "summary": r.summary, "error": r.error, "flow_run_name": r.flow_run_name,
             "link": f"{ui}/runs/flow-run/{r.flow_run_id}" if ui and r.flow_run_id else None} for r in found]
    if wants_json(request):
        return as_json(rows)
    return page(request, "runs.html", rows=rows)


# ---- 报告 ----------------------------------------------------------------------------------------------------
def _report_files(root: Path) -> list[dict]:
    if not root.is_dir():
        return []
    files = [f for f in root.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_KINDS]
    return [{"path": f.relative_to(root).as_posix(), "name": f.name, "size": f.stat().st_size,
             "modified": f.stat().st_mtime} for f in sorted(files, key=lambda f: f.stat().st_mtime, reverse=True)]


@router.get("/reports")
def reports(request: Request) -> Response:
    p = require_user(request)
    _office(p)
    files = _report_files(board_of(request).outputs_dir)
    if wants_json(request):
        return as_json(files)
    return page(request, "reports.html", files=files)


@router.get("/reports/file")
def report_file(request: Request, path: str) -> Response:
    p = require_user(request)
    _office(p)
    root = board_of(request).outputs_dir.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file() or target.suffix.lower() not in REPORT_KINDS:
        raise Gone()
    return FileResponse(target, filename=target.name)
