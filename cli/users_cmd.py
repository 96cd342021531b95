"""`dudao users add | list | disable | reset-password | import`: the web board's accounts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli.options import AsOf, By, Json

app = typer.Typer(help="网页工作台的账号（角色：coordinator 组织部、leader 领导、town 镇街、village 村社区、"
                       "team 督导组、department 成员单位）。", no_args_is_help=True)
Login = Annotated[str, typer.Argument(help="登录账号（手机号或自定义名称）。")]
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码（一行）；"
                                                                      "不给则生成一次性密码，首次登录须修改。")]


def _stdin_password(use: bool) -> str | None:
    if not use:
        return None
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@app.command("add")
def add(
    login: Login,
    role: Annotated[str, typer.Option("--role", help="coordinator, leader, town, village, team 或 department。")],
    name: Annotated[str | None, typer.Option("--name", help="显示名称（姓名）；默认为账号。")] = None,
    town: Annotated[str | None, typer.Option("--town", help="镇街（代码或名称），town 角色用。")] = None,
    village: Annotated[str | None, typer.Option("--village", help="村社区代码，village 角色用。")] = None,
    team: Annotated[str | None, typer.Option("--team", help="督导组 key，team 角色用。")] = None,
    department: Annotated[str | None, typer.Option("--department", help="成员单位 key，department 角色用。")] = None,
    password_stdin: PasswordStdin = False,
    as_of: AsOf = None,
    by: By = None,
    as_json: Json = False,
) -> None:
    """新建账号，绑定角色与范围。"""
    from cli import context
    from cli.output import emit_json, say
    from config.errors import InputError, Problem
    from domain.accounts import add_user

    scopes = [s for s in (town, village, team, department) if s]
    if len(scopes) > 1:
        raise InputError("只能给一个范围", [Problem("--town/--village/--team/--department", "请只给出其中一个")])
    password = _stdin_password(password_stdin)
    with context.work(as_of, by, acting=True) as uow:
        made = add_user(uow, login, role=role, name=name, scope=scopes[0] if scopes else None, password=password)
    if as_json:
        emit_json({"login": made.login, "name": made.name, "role": made.role.value, "scope": made.scope,
                   "password": made.password})
        return
    say(f"已新建账号 {made.login}（{made.name}，{made.role.value}{'·' + made.scope if made.scope else ''}）")
    if made.password:
        say(f"一次性密码：{made.password}（只显示这一次，首次登录须修改）")


@app.command("list")
def list_(as_json: Json = False) -> None:
    """列出全部账号。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.accounts import ROLE_NAMES, list_users
    from models.accounts import Role

    with context.work() as uow:
        users = list_users(uow)
    if as_json:
        emit_json([u.as_dict() for u in users])
        return
    table(f"账号（{len(users)} 个）", ["账号", "姓名", "角色", "范围", "状态"],
          [[u.login, u.name, ROLE_NAMES[Role(u.role)], u.scope_name or u.scope or "全区",
            ("停用" if not u.active else "待改密码" if u.must_change_password else "正常")] for u in users])


@app.command("disable")
def disable(login: Login, as_of: AsOf = None, by: By = None) -> None:
    """停用账号（已登录的会话立即失效）。"""
    from cli import context
    from cli.output import say
    from domain.accounts import disable_user

    with context.work(as_of, by, acting=True) as uow:
        changed = disable_user(uow, login)
    say(f"账号 {login} 已停用" if changed else f"账号 {login} 本来就是停用的")


@app.command("reset-password")
def reset(login: Login, password_stdin: PasswordStdin = False, as_of: AsOf = None, by: By = None) -> None:
    """重设密码（已登录的会话立即失效）；不给 --password-stdin 则生成一次性密码。"""
    from cli import context
    from cli.output import say
    from domain.accounts import reset_password

    password = _stdin_password(password_stdin)
    with context.work(as_of, by, acting=True) as uow:
        made = reset_password(uow, login, password=password)
    say(f"账号 {login} 的密码已重设")
    if made:
        say(f"一次性密码：{made}（只显示这一次，首次登录须修改）")


@app.command("import")
def import_(as_of: AsOf = None, by: By = None, as_json: Json = False) -> None:
    """为花名册的村社区书记和配置中的联系人（有手机号的）建账号：手机号为账号，各一个一次性密码。"""
    from cli import context
    from cli.output import emit_json, say, table
    from domain.accounts import import_users

    with context.work(as_of, by, acting=True) as uow:
        made = import_users(uow)
    if as_json:
        emit_json([{"login": m.login, "name": m.name, "role": m.role.value, "scope": m.scope,
                    "password": m.password} for m in made])
        return
    if not made:
        say("没有需要新建的账号")
        return
    table(f"新建账号 {len(made)} 个（一次性密码只显示这一次）", ["账号", "姓名", "角色", "范围", "一次性密码"],
          [[m.login, m.name, m.role.value, m.scope or "全区", m.password] for m in made])
