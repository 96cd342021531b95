"""Answering a request: a page rendered with the user, the CSRF token, the flash message and the menu; or JSON."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse

from config.dates import DISTRICT_TZ
from web.board import board_of, session_of, take_flash, user_of

MENU = [("/dashboard", "工作台"), ("/issues", "问题台账"), ("/rounds", "督查轮次"), ("/trips", "调研"),
        ("/campaign", "百日攻坚"), ("/ranking", "红黑榜"), ("/calendar", "日历"), ("/runs", "运行记录"),
        ("/reports", "报告")]
OFFICE_ONLY = {"/runs", "/reports"}  # the office's and the leaders' pages


def wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json"


def as_json(data: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(jsonable_encoder(data), status_code=status_code)


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    p = user_of(request)
    menu = [(href, label) for href, label in MENU if p is not None and (p.reads_all or href not in OFFICE_ONLY)]
    board = board_of(request)
    return board.templates.TemplateResponse(request, template, {
        "user": p, "csrf": session_of(request)["csrf"], "flash": take_flash(request), "menu": menu,
        "path": request.url.path, "today": board.now().date(), "district": _district_name(board), "tz": DISTRICT_TZ,
        **context,
    }, status_code=status_code)


def _district_name(board) -> str:
    return board.config.district.name
