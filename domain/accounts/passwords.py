"""Passwords hashed with argon2 (argon2-cffi's defaults); one-time passwords for imported accounts."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("never-a-password")  # verified against when the login is unknown: the same time spent
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def one_time_password(length: int = 10) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
