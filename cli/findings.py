"""Findings typed on the command line (`--finding … --owner … --category … --due-days …`, repeatable), shared by
`dudao visits record` and `dudao trips record`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.rounds import FindingInput


def build_findings(finding, owner, category, due_days) -> tuple[FindingInput, ...]:
    """Pair repeated --finding/--owner/--category/--due-days options by position."""
    from domain.rounds import FindingInput

    texts = finding or []
    _check_counts(texts, owner, category, due_days)
    owners, categories, dues = owner or [], _spread(category, len(texts)), _spread(due_days, len(texts))
    return tuple(FindingInput(text, owners[i] if i < len(owners) else None, categories[i], dues[i],
                              where=f"--finding {i + 1}") for i, text in enumerate(texts))


def _spread(values: list | None, n: int) -> list:
    """One value per finding; a single value applies to every finding."""
    if not values:
        return [None] * n
    return values * n if len(values) == 1 else values


def _check_counts(texts, owner, category, due_days) -> None:
    from config.errors import InputError, Problem

    problems = []
    if owner and len(owner) > len(texts):
        problems.append(Problem("--owner", f"给了 {len(owner)} 个责任单位，但只有 {len(texts)} 条发现问题"))
    for name, values in (("--category", category), ("--due-days", due_days)):
        if values and len(values) not in (1, len(texts)):
            problems.append(Problem(name, f"请给一个值（适用于全部发现问题），"
                                          f"或每条发现问题各给一个（共 {len(texts)} 个）"))
    if problems:
        raise InputError("发现问题的各选项数目对不上", problems)


def issue_ids(issues: list[int]) -> str:
    """' (issues 12, 13)': where to look them up with `dudao issues show`."""
    return f" ({'issue' if len(issues) == 1 else 'issues'} {', '.join(map(str, issues))})" if issues else ""
