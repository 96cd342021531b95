"""`rounds show` counts one round's visits and findings only; `rounds list` still counts every round."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from tests.rounds.conftest import PLANNED_AT, ROUND, team_visits

NEXT = "R2022-10-24"


def test_a_rounds_detail_counts_that_round_only(cli, planned, example_cfg, home):
    from domain.rounds.cycle import run_round
    from domain.rounds.plan import get_round
    from domain.rounds.view import round_detail, round_lines
    from domain.rounds.visits import round_visits
    from models.db import session_scope

    first, second = (code for code, _, _ in team_visits(planned, "team-1")[:2])
    cli("visits", "record", ROUND, first, "--methods", "座谈了解", "--score", "80",
        "--finding", "合同未备案", "--owner", "镇", "--finding", "台账不全", "--owner", "镇")
    cli("visits", "record", ROUND, second, "--not-visited", "村两委换届选举")
    with session_scope(planned) as s:
        run_round(s, example_cfg, occurrence=date(2022, 10, 24), at=PLANNED_AT.replace(day=24), actor="测试",
                  outputs_dir=home / "outputs")
    with session_scope(planned) as s:
        code = next(c for _, c, _, _, _ in round_visits(s, NEXT))
    cli("visits", "record", NEXT, code, "--methods", "座谈了解", "--score", "90", "--finding", "公开栏未更新",
        "--owner", "镇")
    with session_scope(planned) as s:
        every = {line.key: asdict(line) for line in round_lines(s)}
        assert list(every) == [ROUND, NEXT]
        assert [(every[k]["done"], every[k]["not_visited"], every[k]["findings"]) for k in every] == [
            (1, 1, 2), (1, 0, 1)]
        for key in every:
            detail = asdict(round_detail(s, key))
            assert detail.pop("visits") and detail == {k: v for k, v in every[key].items() if k != "visits"}
            assert [asdict(x) for x in round_lines(s, round_id=get_round(s, key).id)] == [every[key]]
