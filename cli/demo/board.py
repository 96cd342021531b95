"""The demo's web board step: an account for each role (demo passwords, printed once) and where to open it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from cli.demo.context import DemoContext

WEB_AS_OF = "2022-10-20T10:00"  # the board shows the season as of this moment (after the round's bulletin)
# login, role, scope, display name — demo accounts only: their passwords are printed below
DEMO_ACCOUNTS = [
    ("zuzhibu", "coordinator", None, "林春燕"),
    ("lingdao", "leader", None, "区委书记"),
    ("qingshan", "town", "T01", "周建国"),
    ("shunle", "village", "330101001", "顺乐村书记"),
    ("team1", "team", "team-1", "李振华"),
    ("caizheng", "department", "finance", "韩磊"),
]


def demo_password(login: str) -> str:
    return f"demo-{login}-2022"


def step_web_accounts(ctx: DemoContext) -> None:
    """网页工作台演示账号: one per role, with its demo password (shown here once; demo only)."""
    from cli.output import table
    from domain.accounts import ROLE_NAMES, add_user
    from models.accounts import Role

    at = datetime(2022, 10, 20, 9, 0, tzinfo=DISTRICT_TZ)
    rows = []
    with ctx.work(at) as uow:
        for login, role, scope, name in DEMO_ACCOUNTS:
            made = add_user(uow, login, role=role, name=name, scope=scope, password=demo_password(login))
            rows.append([login, demo_password(login), ROLE_NAMES[Role(role)], name, made.scope or "全区"])
    table("演示账号（仅供演示，密码只显示这一次）", ["账号", "密码", "角色", "姓名", "范围"], rows)
    ctx.look += [("web board", f".venv/bin/dudao web --as-of {WEB_AS_OF}  → 打开 http://127.0.0.1:8000/")]
