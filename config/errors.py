"""User-facing errors: the CLI prints them without a traceback and exits non-zero."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input: where (file, row, key, id) and what was expected."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class DudaoError(Exception):
    """An error the user can fix. `problems` lists every place that needs fixing."""

    exit_code = 1

    def __init__(self, title: str, problems: list[Problem] | None = None):
        super().__init__(title)
        self.title = title
        self.problems = list(problems or [])

    def __str__(self) -> str:
        lines = [self.title, *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class ConfigError(DudaoError):
    """The district config or the settings are invalid."""


class InputError(DudaoError):
    """A file, argument or id given on the command line is invalid; nothing was written."""


class NotFound(InputError):
    """An id or code names nothing in the ledger."""


class IllegalTransition(InputError):
    """A state change that the entity's lifecycle does not allow."""
