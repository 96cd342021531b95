"""Log-in (`/login`: login, password, csrf_token), log-out and the password change a one-time password asks for."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from config.errors import InputError
from web.board import Refused, board_of, flash, require_user, save_session, session_of
from web.render import page
from web.security import csrf_ok

router = APIRouter()
FAILED = "账号或密码不正确"  # the same words for an unknown account and a wrong password
THROTTLED = "尝试次数过多，请 15 分钟后再试"


def check_csrf(request: Request, token: str | None) -> None:
    if not csrf_ok(session_of(request), token):
        raise Refused("页面已过期或来源不明（缺少有效的表单令牌），请刷新页面后重试")


def _safe_next(target: str | None) -> str:
    """Only a path on this board (never another site)."""
    if not target:
        return "/dashboard"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/dashboard"
    return target


@router.get("/")
def home(request: Request) -> Response:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    session_of(request)
    return page(request, "login.html", next=_safe_next(next), error=None, login="")


@router.post("/login")
def login(request: Request, login: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/dashboard")) -> Response:
    from domain.accounts import log_in

    check_csrf(request, csrf_token)
    board = board_of(request)
    address = request.client.host if request.client else "?"
    with board.work() as uow:
        result = log_in(uow, login, password, address=address)
    if result.principal is None:
        return page(request, "login.html", status_code=429 if result.throttled else 401, next=_safe_next(next),
                    error=THROTTLED if result.throttled else FAILED, login=login[:64])
    p = result.principal
    save_session(request, board.sessions.new(uid=p.user_id, sv=p.session_version))  # a new token after log-in
    request.state.principal = p
    return RedirectResponse("/password" if p.must_change_password else _safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    from domain.accounts import record_action

    check_csrf(request, csrf_token)
    p = require_user(request, allow_password_change=True)
    with board_of(request).work(actor=p.actor) as uow:
        record_action(uow, entity="webuser", entity_id=p.login, action="log-out")
    save_session(request, board_of(request).sessions.new())
    return RedirectResponse("/login", status_code=303)


@router.get("/password")
def password_form(request: Request) -> Response:
    p = require_user(request, allow_password_change=True)
    return page(request, "password.html", forced=p.must_change_password, error=None)


@router.post("/password")
def change(request: Request, old_password: str = Form(""), new_password: str = Form(""),
           new_password_again: str = Form(""), csrf_token: str = Form("")) -> Response:
    from domain.accounts import change_password

    check_csrf(request, csrf_token)
    p = require_user(request, allow_password_change=True)
    if new_password != new_password_again:
        return page(request, "password.html", status_code=400, forced=p.must_change_password,
                    error="两次输入的新密码不一致")
    try:
        with board_of(request).work(actor=p.actor) as uow:
            change_password(uow, p.user_id, old=old_password, new=new_password)
    except InputError as exc:
        return page(request, "password.html", status_code=400, forced=p.must_change_password,
                    error=exc.title + "：" + "；".join(pr.message for pr in exc.problems))
    board = board_of(request)
    save_session(request, board.sessions.new(uid=p.user_id, sv=p.session_version + 1))
    flash(request, "ok", "密码已修改")
    return RedirectResponse("/dashboard", status_code=303)
