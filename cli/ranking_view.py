"""Printing red/black lists: computed (a preview) or published (a snapshot's entries), one layout for both.

One short table per board (rank, unit, score, list, streak), then each black unit's reasons on its own line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    board: str
    scope: str
    code: str
    name: str
    score: float | None
    rank: int | None
    listing: str
    streak: int
    reasons: Sequence[str]


def _print(title: str, lines: list[Line], full: bool) -> None:
    from cli.output import say, table
    from config.ranking import BOARD_NAMES, Board
    from domain.ranking import LISTING_NAMES
    from models.ranking import Listing

    say(f"[bold]{title}[/bold]")
    for board in Board:
        rows = [x for x in lines if x.board == board]
        if not rows:
            continue
        shown = rows if full else [x for x in rows if x.listing != Listing.unlisted]
        scoped = board is Board.villages_in_town
        table(BOARD_NAMES[board], ["镇街" if scoped else "", "排名", "编码", "单位", "得分", "结果", "连续黑榜"][
            0 if scoped else 1:],
              [([x.scope] if scoped else []) + [x.rank or "—", x.code, x.name,
               "—" if x.score is None else f"{x.score:.2f}", LISTING_NAMES[Listing(x.listing)], x.streak or ""]
               for x in shown])
        for x in shown:
            if x.listing == Listing.black:
                say(f"  黑榜·{x.name}（{x.code}）：" + "；".join(x.reasons))
        if len(shown) < len(rows):
            say(f"  （另有 {len(rows) - len(shown)} 个参评单位未上榜，未显示；--all 或 --json 可显示）")


def print_ranked(title: str, ranked: Sequence, full: bool = False) -> None:
    _print(title, [Line(r.board, r.group, r.code, r.name, r.score, r.rank, r.listing, r.streak, r.reasons)
                   for r in ranked], full)


def print_entries(title: str, entries: Sequence, full: bool = False) -> None:
    _print(title, [Line(e.board, e.scope, e.unit_code, e.unit_name, e.score, e.rank, e.listing, e.streak, e.reasons)
                   for e in entries], full)


def ranked_json(ranked: Sequence) -> list[dict]:
    return [{"board": r.board, "scope": r.group, "code": r.code, "name": r.name, "town": r.town, "score": r.score,
             "rank": r.rank, "listing": r.listing, "streak": r.streak, "action": r.action, "values": r.values,
             "normalised": r.normalised, "reasons": list(r.reasons)} for r in ranked]


def entry_json(e) -> dict:
    return {"board": e.board, "scope": e.scope, "code": e.unit_code, "name": e.unit_name, "town": e.town_code,
            "score": e.score, "rank": e.rank, "listing": e.listing, "streak": e.streak, "action": e.action,
            "values": e.values, "normalised": e.normalised, "reasons": e.reasons}


def print_left_out(left_out: Sequence, town_names: dict[str, str]) -> None:
    """本期未计入的指标, one line per board and indicator (the bulletin's rows)."""
    from cli.output import say
    from domain.ranking import left_out_rows

    for board, where, indicator, why in left_out_rows(left_out, town_names):
        say(f"本期未计入：{board}（{where}）{indicator}——{why}")


def left_out_json(left_out: Sequence) -> list[dict]:
    return [{"board": x.board, "scope": x.scope, "indicator": x.indicator, "value": x.value} for x in left_out]
