"""What every handler needs: the ledger's URL, the district config, the clock, the session keeper, the templates;
the logged-in user of a request and a unit of work opened for them."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import Request
from fastapi.templating import Jinja2Templates

from config.dates import DISTRICT_TZ
from web.security import Sessions

if TYPE_CHECKING:
    from config.district import DistrictConfig
    from domain.accounts import Principal
    from domain.unit_of_work import UnitOfWork

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Redirect(Exception):
    def __init__(self, to: str):
        self.to = to


class Gone(Exception):
    pass


class Refused(Exception):
    def __init__(self, message: str):
        self.message = message


class Figures:
    """Figures read from the ledger for a page (工作台's counts, lights and lists per scope), kept in this process
    under their key *and the ledger's version* (domain.issues.ledger_version: the last issue and audit event
    ids, read in the request's own unit of work). Any change anyone makes moves the version, so a kept value is
    never served once the ledger changed: the next request reads afresh. Least recently used beyond `size`."""

    def __init__(self, size: int = 256):
        self.size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, uow: UnitOfWork, key: Hashable, build: Callable[[], Any]) -> Any:
        from domain.issues import ledger_version

        key = (key, ledger_version(uow))
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = build()  # outside the lock: two requests may build the same value, never a stale one
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return value


@dataclass
class Board:
    url: str
    config: Callable[[], DistrictConfig] | DistrictConfig
    sessions: Sessions
    home: Path
    outputs_dir: Path
    as_of: datetime | None = None  # a pinned clock (the demo's season); None: the wall clock
    secure_cookies: bool = False
    prefect_ui: str | None = None
    max_upload_bytes: int = 20 * 1024 * 1024
    templates: Jinja2Templates = field(default_factory=lambda: _templates())
    figures: Figures = field(default_factory=Figures)

    def now(self) -> datetime:
        return self.as_of or datetime.now(DISTRICT_TZ)

    @contextmanager
    def work(self, actor: str | None = None) -> Iterator[UnitOfWork]:
        """A unit of work on the ledger as of now (the schema was checked once when the board started)."""
        from domain.unit_of_work import unit_of_work

        with unit_of_work(as_of=self.now(), actor=actor, config=self.config, url=self.url,
                          check_schema=False) as uow:
            yield uow


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.auto_reload = False  # the templates ship with the code: no stat() of each file per page
    return templates


def board_of(request: Request) -> Board:
    return request.app.state.board


def session_of(request: Request) -> dict[str, Any]:
    """The request's session (a fresh anonymous one, with its CSRF token, when the cookie is missing, forged or
    expired)."""
    if not hasattr(request.state, "session"):
        from web.security import COOKIE

        board = board_of(request)
        found = board.sessions.load(request.cookies.get(COOKIE))
        request.state.session = found if found is not None else board.sessions.new()
        request.state.session_dirty = found is None
    return request.state.session


def save_session(request: Request, session: dict[str, Any]) -> None:
    request.state.session = session
    request.state.session_dirty = True


def user_of(request: Request) -> Principal | None:
    """The logged-in user, or None (no session, expired, or the account disabled or reset since)."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    session = session_of(request)
    p = None
    if isinstance(session.get("uid"), int):
        from domain.accounts import principal_of

        with board_of(request).work() as uow:
            p = principal_of(uow, session["uid"], session.get("sv", 0))
    request.state.principal = p
    return p


def require_user(request: Request, *, allow_password_change: bool = False) -> Principal:
    p = user_of(request)
    if p is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise Redirect(f"/login?next={quote(target)}")
    if p.must_change_password and not allow_password_change:
        raise Redirect("/password")
    return p


@contextmanager
def reading(request: Request) -> Iterator[tuple[Principal, UnitOfWork]]:
    """The logged-in user and the unit of work their page reads in, opened once: the session's user is looked
    up in the same unit of work (one session and transaction per request, not two). Redirects as
    `require_user` does."""
    with board_of(request).work() as uow:
        if not hasattr(request.state, "principal"):
            session = session_of(request)
            p = None
            if isinstance(session.get("uid"), int):
                from domain.accounts import principal_of

                p = principal_of(uow, session["uid"], session.get("sv", 0))
            request.state.principal = p
        p = require_user(request)
        uow.actor = p.actor
        yield p, uow


@contextmanager
def acting(request: Request, p: Principal) -> Iterator[UnitOfWork]:
    """The unit of work of a change, opened for the logged-in user (their name and log-in in the audit trail)."""
    from domain.accounts import may_change

    if not may_change(p):
        raise Refused("领导账号只能查看，不能修改")
    with board_of(request).work(actor=p.actor) as uow:
        yield uow


def flash(request: Request, kind: str, message: str) -> None:
    session = dict(session_of(request))
    session["flash"] = [kind, message]
    save_session(request, session)


def take_flash(request: Request) -> tuple[str, str] | None:
    session = session_of(request)
    if "flash" not in session:
        return None
    session = dict(session)
    kind, message = session.pop("flash")
    save_session(request, session)
    return kind, message


def wall() -> float:
    return time.time()
