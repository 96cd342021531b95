"""Log-in throttling as a plain rule: too many failures in the window, per account or per address."""

from __future__ import annotations

from datetime import timedelta

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_ADDRESS = 20


def throttled(failures_of_login: int, failures_of_address: int) -> bool:
    """Refuse further attempts once an account or an address has failed too often in the window (the same answer
    whether the account exists or not)."""
    return failures_of_login >= MAX_FAILURES_PER_LOGIN or failures_of_address >= MAX_FAILURES_PER_ADDRESS
