"""Fitting a digest into a channel's size limit: split into parts at line boundaries; past `max_parts`,
truncate with "其余N项见台账"; a single over-long line is clipped at a character boundary with "…".

Sizes are UTF-8 bytes of title + body (+2 for the separator some services insert between them).
"""

from __future__ import annotations

from dataclasses import dataclass

TRUNCATED = "其余{n}项见台账"
ELLIPSIS = "…"
_PART_MARK = "（99/99）"
_MIN_BUDGET = 60


@dataclass(frozen=True)
class Part:
    title: str
    body: str
    lines: tuple[int, ...]  # indexes of the digest lines this part carries or summarises

    @property
    def size(self) -> int:
        return nbytes(self.title) + 2 + nbytes(self.body)


def nbytes(text: str) -> int:
    return len(text.encode("utf-8"))


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, never inside a character, marked with … when cut."""
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[: max(0, limit - nbytes(ELLIPSIS))].decode("utf-8", errors="ignore") + ELLIPSIS


def fit(title: str, lines: list[str], *, max_bytes: int | None, max_parts: int | None,
        footer: str = "") -> list[Part]:
    """The parts to send for one digest (at least one)."""
    tail = f"\n{footer}" if footer else ""
    if max_bytes is None:
        return _finish(title, [(list(range(len(lines))), list(lines))], tail, max_parts)
    reserve = nbytes(_PART_MARK) + 2 + nbytes(tail) + nbytes("\n" + TRUNCATED.format(n=99999))
    budget = max_bytes - nbytes(title) - reserve
    if budget < _MIN_BUDGET:
        title = clip(title, max(20, max_bytes // 4))
        budget = max(_MIN_BUDGET, max_bytes - nbytes(title) - reserve)
    parts: list[tuple[list[int], list[str]]] = []
    used = 0
    for i, line in enumerate(lines):
        line = clip(line, budget - 1)
        add = nbytes(line) + 1  # the line and its newline: a fresh part always has room for one
        if not parts or used + add > budget:
            parts.append(([], []))
            used = 0
        parts[-1][0].append(i)
        parts[-1][1].append(line)
        used += add
    return _finish(title, parts or [([], [])], tail, max_parts)


def _finish(title: str, parts: list[tuple[list[int], list[str]]], tail: str, max_parts: int | None) -> list[Part]:
    note = ""
    if max_parts is not None and len(parts) > max_parts:
        dropped = [i for idx, _ in parts[max_parts:] for i in idx]
        kept = parts[: max_parts]
        kept[-1] = (kept[-1][0] + dropped, kept[-1][1])
        parts, note = kept, "\n" + TRUNCATED.format(n=len(dropped))
    total = len(parts)
    return [Part(f"{title}（{n}/{total}）" if total > 1 else title,
                 "\n".join(text) + (note if n == total else "") + tail, tuple(idx))
            for n, (idx, text) in enumerate(parts, start=1)]
