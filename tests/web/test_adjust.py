"""督查安排调整 on the board and as `dudao rounds adjust`: move, exclude, add; 回避 and capacity checked; each team
concerned told once through the outbox; only the office adjusts."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from tests.web.conftest import V1, post


def _visits(clients, key):
    return {v["village"]: v for v in clients["coord"].get(f"/rounds/{key}?format=json").json()["visits"]}


def _messages(ledger, key, village):
    from models.db import session_scope
    from models.outbox import OutboxMessage

    with session_scope(ledger.url) as s:
        return s.execute(sa.select(OutboxMessage.recipient).where(
            OutboxMessage.rule == "plan-change", OutboxMessage.period.like(f"{key} {village} %"))).scalars().all()


def _flash(clients, key):
    import re

    html = clients["coord"].get(f"/rounds/{key}").text
    found = re.search(r'class="flash (\w+)" role="status">([^<]+)<', html)
    return found[1], found[2]


def test_adjusting_a_round(clients, ledger):
    key = clients["coord"].get("/rounds?format=json").json()[0]["key"]
    visits = _visits(clients, key)
    days = sorted({v["day"] for v in visits.values()})
    load = Counter((v["team"], v["day"]) for v in visits.values())
    capacity = 4  # the example district's default ([inspection] daily_capacity)

    # 回避: 青山镇's village cannot go to 第一督导组 (李振华 and 孙婷 come from 青山镇)
    post(clients["coord"], f"/rounds/{key}/adjust", {"village": V1, "kind": "move", "team": "team-1"})
    kind, text = _flash(clients, key)
    assert kind == "error" and "回避" in text and _visits(clients, key)[V1]["team"] == visits[V1]["team"]

    # a move to a free day of the same team: one message, to that team
    team = visits[V1]["team"]
    free = next(d for d in days if load[(team, d)] < capacity and d != visits[V1]["day"])
    assert post(clients["coord"], f"/rounds/{key}/adjust", {"village": V1, "kind": "move", "day": free}
                ).status_code == 303
    assert _flash(clients, key)[0] == "ok"
    assert _visits(clients, key)[V1]["day"] == free
    assert _messages(ledger, key, V1) == [f"team:{team}"]

    # a full day is refused (capacity)
    full_team, full_day = next(((t, d) for (t, d), n in load.items() if n >= capacity and t != team), (None, None))
    if full_team is not None:
        other = next(v for v in visits.values() if v["team"] == team and v["village"] != V1)
        post(clients["coord"], f"/rounds/{key}/adjust", {"village": other["village"], "kind": "move",
                                                         "team": full_team, "day": full_day})
        kind, text = _flash(clients, key)
        assert kind == "error" and ("每天最多" in text or "回避" in text)

    # exclude needs a reason; then the village is out of the plan and its team told once
    post(clients["coord"], f"/rounds/{key}/adjust", {"village": V1, "kind": "exclude"})
    assert "原因" in _flash(clients, key)[1] and V1 in _visits(clients, key)
    post(clients["coord"], f"/rounds/{key}/adjust", {"village": V1, "kind": "exclude", "reason": "村两委换届"})
    assert V1 not in _visits(clients, key)
    assert Counter(_messages(ledger, key, V1)) == Counter({f"team:{team}": 2})

    # add it back with another team (not one that must avoid 青山镇) on a day with room
    other_team = next(t for t in ("team-2", "team-3", "team-4")
                      if t != team and any(load[(t, d)] < capacity for d in days))
    day = next(d for d in days if load[(other_team, d)] < capacity)
    post(clients["coord"], f"/rounds/{key}/adjust", {"village": V1, "kind": "add", "team": other_team, "day": day})
    assert _flash(clients, key)[0] == "ok"
    back = _visits(clients, key)[V1]
    assert (back["team"], back["day"], back["status"]) == (other_team, day, "planned")

    # a move between teams tells both, each once
    before = Counter(_messages(ledger, key, V1))
    post(clients["coord"], f"/rounds/{key}/adjust", {"village": V1, "kind": "move", "team": team, "day": free})
    after = Counter(_messages(ledger, key, V1)) - before
    assert after == Counter({f"team:{team}": 1, f"team:{other_team}": 1})


def test_only_the_office_adjusts(clients, ledger):
    key = clients["coord"].get("/rounds?format=json").json()[0]["key"]
    village = next(iter(_visits(clients, key)))
    for login, expected in (("lead", 403), ("town1", 404), ("v1", 404), ("team1", 404), ("fin", 404)):
        reply = post(clients[login], f"/rounds/{key}/adjust", {"village": village, "kind": "exclude",
                                                                "reason": "x"})
        assert reply.status_code == expected, login
    assert village in _visits(clients, key)


def test_rounds_adjust_on_the_command_line(cli, example_db):
    import json
    from datetime import date

    from config.district import load_district_config
    from domain.rounds import plan_round
    from domain.unit_of_work import unit_of_work
    from tests.conftest import AT, EXAMPLES
    from tests.web.conftest import OPENED_AT  # noqa: F401

    with unit_of_work(as_of=AT, actor="测试", config=load_district_config(EXAMPLES / "district.toml"),
                      url=example_db) as uow:
        key = plan_round(uow, date(2022, 10, 10)).key
    shown = json.loads(cli("rounds", "show", key, "--json").output)
    visit = shown["visits"][0]
    assert "回避" in cli("rounds", "adjust", key, "--village", V1, "--move", "--team", "team-1", "--by", "测试",
                         "--as-of", "2022-10-10", code=1).error
    done = json.loads(cli("rounds", "adjust", key, "--village", visit["village"], "--exclude", "--reason", "换届",
                          "--by", "测试", "--as-of", "2022-10-10", "--json").output)
    assert done["to_team"] is None and done["queued"] == 1
    assert "一次只能做一项调整" in cli("rounds", "adjust", key, "--village", V1, "--move", "--add", "--by", "测试",
                                   code=1).error
