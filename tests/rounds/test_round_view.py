"""`rounds show` counts one round's visits and findings only; `rounds list` still counts every round."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from tests.rounds.conftest import PLANNED_AT, ROUND, team_visits, work

NEXT = "R2022-10-24"


def test_a_rounds_detail_counts_that_round_only(cli, planned, example_cfg):
    from domain.rounds import close_rounds_before, list_rounds, plan_round, round_detail, round_visits
    from domain.rounds.plan import get_round
    from domain.rounds.view import round_lines

    first, second = (v.village for v in team_visits(planned, "team-1")[:2])
    cli("visits", "record", ROUND, first, "--methods", "座谈了解", "--score", "80",
        "--finding", "合同未备案", "--owner", "镇", "--finding", "台账不全", "--owner", "镇")
    cli("visits", "record", ROUND, second, "--not-visited", "村两委换届选举")
    with work(planned, example_cfg, at=PLANNED_AT.replace(day=24)) as uow:
        close_rounds_before(uow, date(2022, 10, 24))
        plan_round(uow, date(2022, 10, 24))
    with work(planned) as uow:
        code = round_visits(uow, NEXT)[0].village
    cli("visits", "record", NEXT, code, "--methods", "座谈了解", "--score", "90", "--finding", "公开栏未更新",
        "--owner", "镇")
    with work(planned) as uow:
        every = {line.key: asdict(line) for line in list_rounds(uow)}
        assert list(every) == [ROUND, NEXT]
        assert [(every[k]["done"], every[k]["not_visited"], every[k]["findings"]) for k in every] == [
            (1, 1, 2), (1, 0, 1)]
        for key in every:
            detail = asdict(round_detail(uow, key))
            assert detail.pop("visits") and detail == {k: v for k, v in every[key].items() if k != "visits"}
            s = uow.session
            assert [asdict(x) for x in round_lines(s, round_id=get_round(s, key).id)] == [every[key]]
