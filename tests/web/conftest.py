"""The web board over the example district: a round planned, issues in several places, an account per role,
and a logged-in FastAPI TestClient for each (module-scoped: the matrix reads; actions use fresh issues)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXAMPLES = Path(__file__).resolve().parents[2] / "config" / "examples"
BOARD_AT = datetime(2022, 10, 20, 10, 0, tzinfo=SHANGHAI)
OPENED_AT = datetime(2022, 10, 10, 9, 0, tzinfo=SHANGHAI)
PASSWORD = "secret-pass-1"
V1, V1B, V3 = "330101001", "330101002", "330102001"  # 青山镇 顺乐村, 青山镇 玉荣村, 河口镇 先万村
ACCOUNTS = {  # login: (role, scope, name)
    "coord": ("coordinator", None, "林春燕"),
    "lead": ("leader", None, "区委书记"),
    "town1": ("town", "T01", "周建国"),
    "town2": ("town", "T02", "吴海涛"),
    "v1": ("village", V1, "顺乐村书记"),
    "v3": ("village", V3, "先万村书记"),
    "team1": ("team", "team-1", "李振华"),
    "fin": ("department", "finance", "韩磊"),
}


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def log_in(client, login: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"login": login, "password": password, "csrf_token": token},
                       follow_redirects=False)


def jpeg(color=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Ledger:
    url: str
    home: Path
    cfg: object
    issues: dict[str, int] = field(default_factory=dict)
    team_village: str = ""

    def work(self, actor: str = "测试", at: datetime = OPENED_AT):
        from domain.unit_of_work import unit_of_work

        return unit_of_work(as_of=at, actor=actor, config=self.cfg, url=self.url)

    def open(self, where: str, *, title: str = "村集体资产台账不全", submitted: bool = False,
             closed: bool = False) -> int:
        """A fresh issue: `where` is v1, v3, dept (青山镇, owned by 区财政局) or team (a village of 第一督导组)."""
        from domain.issues import open_issue, update_issue, verify_issue

        place = {"v1": {"village": V1}, "v3": {"village": V3}, "v1b": {"village": V1B},
                 "dept": {"town": "T01", "owner": "department:finance"},
                 "team": {"village": self.team_village}}[where]
        with self.work() as uow:
            issue = open_issue(uow, title=title, category="资产管理", due_days=15, **place)
            update_issue(uow, issue, action="start")
            if submitted or closed:
                update_issue(uow, issue, action="submit", note="已整改")
            if closed:
                verify_issue(uow, issue, passed=True)
        return issue


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Ledger:
    from adapters.sheets import read_table
    from config.district import load_district_config
    from domain.accounts import add_user
    from domain.roster import set_up_ledger
    from domain.rounds import plan_round, round_visits
    from domain.unit_of_work import unit_of_work
    from models.db import dispose_engines
    from models.migrate import upgrade

    home = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{home / 'dudao.db'}"
    upgrade(url)
    cfg = load_district_config(EXAMPLES / "district.toml")
    with unit_of_work(as_of=OPENED_AT, actor="测试", config=cfg, url=url, check_schema=False) as uow:
        set_up_ledger(uow, EXAMPLES / "district.toml", roster=read_table(EXAMPLES / "roster.xlsx"))
    led = Ledger(url, home, cfg)
    with led.work() as uow:
        planned = plan_round(uow, date(2022, 10, 10))
        led.team_village = round_visits(uow, planned.key, team="team-1")[0].village
        for login, (role, scope, name) in ACCOUNTS.items():
            add_user(uow, login, role=role, name=name, scope=scope, password=PASSWORD)
    led.issues = {"v1": led.open("v1"), "v3": led.open("v3", title="<script>alert('x')</script>台账"),
                  "dept": led.open("dept"), "team": led.open("team")}
    yield led
    dispose_engines()


def make_app(led: Ledger, **kw):
    from web.app import create_app

    return create_app(url=led.url, config=led.cfg, home=led.home, secret="test-secret", as_of=BOARD_AT, **kw)


@pytest.fixture(scope="module")
def app(ledger):
    return make_app(ledger)


@pytest.fixture(scope="module")
def clients(app):
    """A logged-in client per account."""
    from fastapi.testclient import TestClient

    out = {}
    for login in ACCOUNTS:
        c = TestClient(app)
        assert log_in(c, login).status_code == 303
        out[login] = c
    yield out
    for c in out.values():
        c.close()


def post(client, path: str, data: dict | None = None, files=None):
    """A form posted with the client's CSRF token (read from a page it may open)."""
    token = csrf_of(client.get("/password").text)
    return client.post(path, data={**(data or {}), "csrf_token": token}, files=files, follow_redirects=False)
