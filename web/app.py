"""The FastAPI application: session cookies, CSRF, error pages, the routers; `make_app()` for uvicorn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from config.errors import DudaoError, NotFound
from web.board import Board, Gone, Redirect, Refused, board_of, session_of, wall
from web.security import COOKIE, Sessions, signing_key

STATIC = Path(__file__).resolve().parent / "static"


def create_app(*, url: str, config, home: Path, outputs_dir: Path | None = None, secret: str | None = None,
               session_minutes: int = 480, as_of: datetime | None = None, clock: Callable[[], float] = wall,
               secure_cookies: bool = False, prefect_ui: str | None = None, max_upload_mb: int = 20,
               check_schema: bool = True) -> FastAPI:
    """The board over the ledger at `url`. `clock` is the wall clock sessions expire by; `as_of` pins the
    ledger's moment (the demo's season)."""
    from web import auth, issues, pages

    if check_schema:
        from domain.unit_of_work import unit_of_work

        with unit_of_work(as_of=as_of or datetime.now().astimezone(), url=url):
            pass  # the ledger exists and is at this dudao's schema: checked once, not per request
    board = Board(url=url, config=config, sessions=Sessions(signing_key(secret, home), session_minutes, clock),
                  home=home, outputs_dir=outputs_dir or home / "outputs", as_of=as_of,
                  secure_cookies=secure_cookies, prefect_ui=prefect_ui, max_upload_bytes=max_upload_mb * 1024 * 1024)
    app = FastAPI(title="督导工作台", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.board = board
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in (auth, issues, pages):
        app.include_router(module.router)

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        response = await call_next(request)
        if getattr(request.state, "session_dirty", False):
            b = board_of(request)
            response.set_cookie(COOKIE, b.sessions.dump(request.state.session), max_age=b.sessions.seconds,
                                httponly=True, samesite="lax", path="/",
                                secure=b.secure_cookies or request.url.scheme == "https")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.exception_handler(Redirect)
    async def redirect(request: Request, exc: Redirect) -> Response:
        if request.query_params.get("format") == "json" or request.headers.get("accept") == "application/json":
            return JSONResponse({"error": "请先登录"}, status_code=401)
        return RedirectResponse(exc.to, status_code=303)

    @app.exception_handler(Gone)
    @app.exception_handler(NotFound)
    async def gone(request: Request, exc: Exception) -> Response:
        return _error(request, 404, "找不到这个页面", "它不存在，或不在您的权限范围内。")

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return _error(request, 403, "不能这样操作", exc.message)

    @app.exception_handler(DudaoError)
    async def mistake(request: Request, exc: DudaoError) -> Response:
        detail = "；".join(str(p) for p in exc.problems)
        return _error(request, 400, exc.title, detail)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(request, 404, "找不到这个页面", "它不存在，或不在您的权限范围内。")

    return app


def _error(request: Request, status: int, title: str, detail: str) -> Response:
    if request.query_params.get("format") == "json":
        return JSONResponse({"error": title, "detail": detail}, status_code=status)
    from web.render import page

    session_of(request)
    try:
        return page(request, "error.html", status_code=status, title=title, detail=detail)
    except Exception:  # pragma: no cover - the error page itself failed: plain text, never a traceback
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status)


def make_app() -> FastAPI:
    """uvicorn's factory (`dudao web`): the settings' ledger, config and home."""
    from config.dates import parse_moment
    from config.district import load_district_config
    from config.settings import get_settings

    s = get_settings()
    return create_app(url=s.db_url, config=load_district_config(s.config_path), home=s.home,
                      outputs_dir=s.outputs_dir, secret=s.web_secret.get_secret_value() if s.web_secret else None,
                      session_minutes=s.web_session_minutes,
                      as_of=parse_moment(s.web_as_of, default_hour=10) if s.web_as_of else None,
                      prefect_ui=_prefect_ui(s), max_upload_mb=s.evidence_max_mb)


def _prefect_ui(s) -> str | None:
    """Where the Prefect UI is: the configured API's host, else the local server `dudao serve` recorded."""
    import json

    if s.prefect_api_url:
        return s.prefect_api_url.removesuffix("/").removesuffix("/api")
    try:
        recorded = json.loads(s.prefect_server_file.read_text())
    except (OSError, ValueError):
        return f"http://127.0.0.1:{s.prefect_port}"
    url = recorded.get("ui") or recorded.get("url") or ""
    return url.removesuffix("/").removesuffix("/api") or None
