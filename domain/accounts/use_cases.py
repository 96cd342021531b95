"""The accounts' operations: one function per thing a coordinator or a user does, each on a unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.accounts import users
from domain.accounts.roles import Principal
from domain.accounts.users import LogIn, NewUser, UserLine
from models.audit import record_audit

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork

__all__ = ["LogIn", "NewUser", "UserLine"]


def add_user(uow: UnitOfWork, login: str, *, role: str, name: str | None = None, scope: str | None = None,
             password: str | None = None) -> NewUser:
    """An account with a role bound to its unit; a one-time password is made when none is given."""
    return users.add_user(uow.session, login, role=role, name=name, scope=scope, password=password, at=uow.as_of,
                          actor=uow.who)


def list_users(uow: UnitOfWork) -> list[UserLine]:
    return users.list_users(uow.session)


def disable_user(uow: UnitOfWork, login: str) -> bool:
    """Disable an account (its sessions end at once); False when it already was."""
    return users.disable_user(uow.session, login, at=uow.as_of, actor=uow.who)


def reset_password(uow: UnitOfWork, login: str, *, password: str | None = None) -> str | None:
    return users.reset_password(uow.session, login, password=password, at=uow.as_of, actor=uow.who)


def change_password(uow: UnitOfWork, user_id: int, *, old: str, new: str) -> None:
    users.change_password(uow.session, user_id, old=old, new=new, at=uow.as_of)


def import_users(uow: UnitOfWork) -> list[NewUser]:
    return users.import_users(uow.session, at=uow.as_of, actor=uow.who)


def log_in(uow: UnitOfWork, login: str, password: str, *, address: str) -> LogIn:
    return users.log_in(uow.session, login, password, address=address, at=uow.as_of)


def principal_of(uow: UnitOfWork, user_id: int, session_version: int) -> Principal | None:
    return users.principal_of(uow.session, user_id, session_version)


def record_action(uow: UnitOfWork, *, entity: str, entity_id: str, action: str, note: str | None = None) -> None:
    """An audit event for what the board does outside a use case of its own (log-out, an export)."""
    record_audit(uow.session, at=uow.as_of, actor=uow.who, entity=entity, entity_id=str(entity_id), action=action,
                 note=note)
