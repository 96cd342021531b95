"""Accounts in the ledger: adding, listing, disabling, passwords, import from the contacts, log-in with throttling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from config.errors import InputError, NotFound, Problem
from domain.accounts.passwords import hash_password, one_time_password, verify_password
from domain.accounts.roles import ROLE_NAMES, Principal
from domain.accounts.throttle import THROTTLE_WINDOW, throttled
from models.accounts import LoginAttempt, Role, WebUser
from models.audit import record_audit
from models.org import Contact, Department, InspectionTeam, Town, Village
from models.rounds import Visit

MIN_PASSWORD = 8


@dataclass(frozen=True)
class NewUser:
    login: str
    name: str
    role: Role
    scope: str | None
    password: str | None  # the one-time password when dudao made one (printed once), else None


@dataclass(frozen=True)
class UserLine:
    login: str
    name: str
    role: str
    scope: str | None
    scope_name: str | None
    active: bool
    must_change_password: bool

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass(frozen=True)
class LogIn:
    """A log-in's outcome: the user when it succeeded; `throttled` when it was refused unchecked."""

    principal: Principal | None
    throttled: bool = False


def _role(value: str | Role) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InputError("未知的角色", [Problem("--role", f"{value!r} 不是角色；可选："
                                                  + ", ".join(r.value for r in Role))]) from None


def resolve_scope(session: Session, role: Role, scope: str | None) -> tuple[str | None, str | None]:
    """The scope's key and display name for a role (a town by code or name, a village by code, a team's or a
    department's key); an InputError naming the option otherwise."""
    if role in (Role.coordinator, Role.leader):
        if scope:
            raise InputError("该角色不设范围", [Problem("--town/--village/--team/--department",
                                                          f"{ROLE_NAMES[role]}查看全区，不需要范围")])
        return None, None
    option = {Role.town: "--town", Role.village: "--village", Role.team: "--team",
              Role.department: "--department"}[role]
    if not scope:
        raise InputError("缺少范围", [Problem(option, f"{ROLE_NAMES[role]}账号须用 {option} 给出范围")])
    if role is Role.town:
        row = session.execute(sa.select(Town.code, Town.name)
                              .where(sa.or_(Town.code == scope, Town.name == scope))).first()
    elif role is Role.village:
        row = session.execute(sa.select(Village.code, Village.name).where(Village.code == scope)).first()
    elif role is Role.team:
        row = session.execute(sa.select(InspectionTeam.key, InspectionTeam.name)
                              .where(InspectionTeam.key == scope)).first()
    else:
        row = session.execute(sa.select(Department.key, Department.name).where(Department.key == scope)).first()
    if row is None:
        raise InputError("找不到该单位", [Problem(option, f"台账中没有 {scope!r}")])
    return row[0], row[1]


def _user(session: Session, login: str) -> WebUser:
    user = session.scalars(sa.select(WebUser).where(WebUser.login == login)).first()
    if user is None:
        raise NotFound("找不到该账号", [Problem("LOGIN", f"{login!r} 没有账号")])
    return user


def _check_password(password: str, where: str = "--password-stdin") -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError("密码太短", [Problem(where, f"至少 {MIN_PASSWORD} 个字符")])


def add_user(session: Session, login: str, *, role: str | Role, name: str | None, scope: str | None,
             password: str | None, at: datetime, actor: str) -> NewUser:
    login = (login or "").strip()
    if not login or len(login) > 64 or any(c.isspace() for c in login):
        raise InputError("登录名无效", [Problem("LOGIN", f"{login!r}：应为 1–64 个字符，不含空格")])
    if session.scalars(sa.select(WebUser.id).where(WebUser.login == login)).first() is not None:
        raise InputError("登录名已被占用", [Problem("LOGIN", f"{login!r} 已有账号")])
    r = _role(role)
    key, scope_name = resolve_scope(session, r, scope)
    made = password is None
    if password is None:
        password = one_time_password()
    _check_password(password)
    display = (name or "").strip() or login
    session.add(WebUser(login=login, name=display[:64], role=r, scope=key, password_hash=hash_password(password),
                        must_change_password=made, created_at=at, created_by=actor))
    record_audit(session, at=at, actor=actor, entity="webuser", entity_id=login, action="add", to_state=r.value,
                 note=scope_name)
    return NewUser(login, display, r, key, password if made else None)


def list_users(session: Session) -> list[UserLine]:
    names = {**dict(session.execute(sa.select(Town.code, Town.name)).all()),
             **dict(session.execute(sa.select(InspectionTeam.key, InspectionTeam.name)).all()),
             **dict(session.execute(sa.select(Department.key, Department.name)).all())}
    users = list(session.scalars(sa.select(WebUser).order_by(WebUser.role, WebUser.login)))
    village_codes = [u.scope for u in users if u.role is Role.village and u.scope]
    villages = dict(session.execute(sa.select(Village.code, Village.name).where(Village.code.in_(village_codes))).all())
    return [UserLine(u.login, u.name, u.role.value, u.scope,
                     (villages if u.role is Role.village else names).get(u.scope) if u.scope else None,
                     u.active, u.must_change_password) for u in users]


def disable_user(session: Session, login: str, *, at: datetime, actor: str) -> bool:
    user = _user(session, login)
    if not user.active:
        return False
    user.active = False
    user.session_version += 1
    record_audit(session, at=at, actor=actor, entity="webuser", entity_id=login, action="disable",
                 from_state="active", to_state="disabled")
    return True


def reset_password(session: Session, login: str, *, password: str | None, at: datetime, actor: str) -> str | None:
    """A new password (a one-time one, returned, when none is given); the user's sessions end."""
    user = _user(session, login)
    made = password is None
    if password is None:
        password = one_time_password()
    _check_password(password)
    user.password_hash = hash_password(password)
    user.must_change_password = made
    user.active = True
    user.session_version += 1
    record_audit(session, at=at, actor=actor, entity="webuser", entity_id=login, action="reset-password")
    return password if made else None


def change_password(session: Session, user_id: int, *, old: str, new: str, at: datetime) -> None:
    user = session.get(WebUser, user_id)
    if user is None or not verify_password(user.password_hash, old):
        raise InputError("原密码不正确", [Problem("old_password", "请重新输入原密码")])
    if len(new) < MIN_PASSWORD:
        raise InputError("新密码太短", [Problem("new_password", f"至少 {MIN_PASSWORD} 个字符")])
    if new == old:
        raise InputError("新密码不能与原密码相同", [Problem("new_password", "请换一个密码")])
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_version += 1
    record_audit(session, at=at, actor=f"{user.name}（{user.login}）"[:64], entity="webuser", entity_id=user.login,
                 action="change-password")


_IMPORT_ROLES = {"village": Role.village, "town": Role.town, "department": Role.department, "team": Role.team}


def import_users(session: Session, *, at: datetime, actor: str) -> list[NewUser]:
    """An account for every contact with a mobile number (the log-in) that has none yet: the roster's village
    secretaries, the towns' leaders, the departments' liaisons, the teams' leaders, the coordinators (组织部)
    and the leadership; each with a one-time password to change at first log-in. Idempotent by mobile."""
    have = set(session.scalars(sa.select(WebUser.login)))
    made: list[NewUser] = []
    for c in session.scalars(sa.select(Contact).where(Contact.mobile.is_not(None)).order_by(Contact.unit, Contact.id)):
        login = c.mobile.strip()
        if not login or login in have:
            continue
        prefix, _, key = c.unit.partition(":")
        if prefix in _IMPORT_ROLES:
            role, scope = _IMPORT_ROLES[prefix], key
        elif c.unit == "coordinators":
            role, scope = Role.coordinator, None
        elif c.unit in ("leadership", "office"):
            role, scope = Role.leader, None
        else:
            continue
        try:
            made.append(add_user(session, login, role=role, name=c.name, scope=scope, password=None, at=at,
                                 actor=actor))
        except InputError:
            continue  # a contact whose unit is no longer in the ledger
        have.add(login)
    return made


def log_in(session: Session, login: str, password: str, *, address: str, at: datetime) -> LogIn:
    """Check a log-in: refused unchecked when throttled; every attempt recorded. The answer for an unknown
    login and a wrong password is the same, and takes the same time (a dummy hash is verified)."""
    login = (login or "").strip()[:64]
    address = (address or "?")[:64]
    since = at - THROTTLE_WINDOW
    failures = sa.select(sa.func.count()).select_from(LoginAttempt).where(LoginAttempt.at >= since,
                                                                          LoginAttempt.ok.is_(False))
    by_login = session.scalar(failures.where(LoginAttempt.login == login)) or 0
    by_address = session.scalar(failures.where(LoginAttempt.address == address)) or 0
    if throttled(by_login, by_address):
        session.add(LoginAttempt(at=at, login=login, address=address, ok=False))
        return LogIn(None, throttled=True)
    user = session.scalars(sa.select(WebUser).where(WebUser.login == login)).first()
    ok = verify_password(user.password_hash if user else None, password) and user is not None and user.active
    session.add(LoginAttempt(at=at, login=login, address=address, ok=ok))
    if not ok:
        return LogIn(None)
    record_audit(session, at=at, actor=f"{user.name}（{user.login}）"[:64], entity="webuser", entity_id=login,
                 action="log-in", note=address)
    return LogIn(principal(session, user))


def principal(session: Session, user: WebUser) -> Principal:
    scope_name = town_of_village = None
    villages: frozenset[str] = frozenset()
    if user.role is Role.village and user.scope:
        row = session.execute(sa.select(Village.name, Town.code).join(Town, Town.id == Village.town_id)
                              .where(Village.code == user.scope)).first()
        if row:
            scope_name, town_of_village = row
    elif user.role in (Role.town, Role.team, Role.department) and user.scope:
        _, scope_name = resolve_scope(session, user.role, user.scope)
    if user.role is Role.team and user.scope:
        villages = frozenset(session.scalars(
            sa.select(Village.code).distinct().join(Visit, Visit.village_id == Village.id)
            .join(InspectionTeam, InspectionTeam.id == Visit.team_id).where(InspectionTeam.key == user.scope)))
    return Principal(user_id=user.id, login=user.login, name=user.name, role=user.role, scope=user.scope,
                     scope_name=scope_name, town_of_village=town_of_village, team_villages=villages,
                     must_change_password=user.must_change_password, session_version=user.session_version)


def principal_of(session: Session, user_id: int, session_version: int) -> Principal | None:
    """The user of a session, if the account is still active and the session not ended by a reset."""
    user = session.get(WebUser, user_id)
    if user is None or not user.active or user.session_version != session_version:
        return None
    return principal(session, user)
