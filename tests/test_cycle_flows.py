"""Cycle flows against a started Prefect server: schedules equal the preview, catch-up runs a missed
occurrence exactly once, a re-run keeps one CycleRun, a failure reaches the coordinators' outbox."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlmodel import select

from models.cycles import CycleRun, CycleRunState
from models.db import session_scope
from models.outbox import OutboxMessage

pytestmark = pytest.mark.e2e
SH = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


def cycle_runs() -> list[CycleRun]:
    with session_scope() as s:
        return list(s.exec(select(CycleRun).order_by(CycleRun.occurrence, CycleRun.cycle)).all())


def outbox() -> list[OutboxMessage]:
    with session_scope() as s:
        return list(s.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def test_deployed_schedules_fire_on_the_preview_dates(test_cycles, prefect_api):
    from config.district import load_district_config
    from domain.calendar.occurrences import preview
    from domain.calendar.workdays import WorkingCalendar
    from flows.deployments import apply_all, build_deployments

    cfg = load_district_config(test_cycles)
    cal = WorkingCalendar()
    built = build_deployments(cfg, cal, date(2026, 9, 1))
    ids = apply_all(built)
    assert set(ids) == {"biweekly", "monthly", "sweep", "ranking"}
    start, end = at(2026, 9, 1), at(2026, 12, 31, 23, 59, 59)
    expected = {o.cycle: [] for o in preview(cfg.cycles, cal, start.date(), end.date())}
    for o in preview(cfg.cycles, cal, start.date(), end.date()):
        if o.follows is None:
            expected[o.cycle].append(datetime.combine(o.date, o.time, SH))
    with httpx.Client(base_url=prefect_api.url, timeout=30) as http:
        for key in ("biweekly", "monthly", "sweep"):
            # every run in the window: Prefect stops at min_runs once min_time is covered, so ask for all of it
            http.post(f"/deployments/{ids[key]}/schedule", json={
                "start_time": start.isoformat(), "end_time": end.isoformat(), "min_runs": 1000, "max_runs": 1000,
                "min_time": (end - start).total_seconds()}).raise_for_status()
            runs = http.post("/flow_runs/filter", json={
                "flow_runs": {"deployment_id": {"any_": [ids[key]]}}, "limit": 200}).raise_for_status().json()
            fired = sorted(datetime.fromisoformat(r["expected_start_time"]).astimezone(SH) for r in runs)
            fired = [f for f in fired if start <= f <= end]
            assert len(fired) == len(expected[key]), key
            assert fired == expected[key], key
        deployment = http.get(f"/deployments/{ids['ranking']}").json()
        assert deployment["schedules"] == []  # after: cycles run when the followed occurrence closes
    assert at(2026, 10, 8, 9) in expected["biweekly"] and at(2026, 10, 5, 9) not in expected["biweekly"]
    assert at(2026, 9, 30, 10) in expected["monthly"]  # 10-01 (National Day) moved to the previous working day
    assert at(2026, 10, 10, 8, 30) in expected["sweep"]  # a make-up Saturday is a working day


def test_catch_up_runs_a_missed_occurrence_exactly_once(test_cycles, prefect_api):
    from config.district import load_district_config
    from flows.serving import start_serving

    cfg = load_district_config(test_cycles)
    first = start_serving(cfg, now=at(2026, 9, 21, 10))
    assert first.caught_up == [] and first.reported == []  # a ledger that never ran has nothing to catch up
    from prefect.automations import Automation

    from flows.serving import HEARTBEAT_AUTOMATION

    assert Automation.read(name=HEARTBEAT_AUTOMATION).actions[0].state.value == "CRASHED"
    from flows.inspection_round import inspection_round

    inspection_round(cycle="biweekly", occurrence=date(2026, 9, 21), as_of=at(2026, 9, 21, 9))  # served on time
    # serve is stopped across the 2026-10-05 occurrence (moved to 10-08) and starts again on 10-09 at 10:00
    second = start_serving(cfg, now=at(2026, 10, 9, 10))
    caught = [(o.cycle, o.date.isoformat(), state) for o, state in second.caught_up]
    assert ("biweekly", "2026-10-08", "Completed") in caught
    assert ("sweep", "2026-10-09", "Completed") in caught  # recent enough (catch_up_days = 3)
    reported = {(o.cycle, o.date.isoformat()) for o in second.reported}
    assert {("sweep", "2026-09-22"), ("monthly", "2026-09-30")} <= reported  # older than their catch_up_days
    assert ("sweep", "2026-10-05") not in reported  # a holiday: no occurrence under `skip`
    third = start_serving(cfg, now=at(2026, 10, 9, 10))
    assert third.caught_up == []
    runs = {(r.cycle, r.occurrence.isoformat()): r for r in cycle_runs()}
    oct8 = runs[("biweekly", "2026-10-08")]
    assert (oct8.runs, oct8.state, oct8.as_of) == (1, CycleRunState.completed, at(2026, 10, 8, 9))
    # planning the caught-up round published the previous round's bulletin: that occurrence closed, its follower ran
    assert runs[("ranking", "2026-09-21")].runs == 1
    assert ("ranking", "2026-10-08") not in runs  # the 10-08 round closes with its own bulletin, later
    missed = [m for m in outbox() if m.rule == "cycle-missed"]
    assert {(m.item, m.period) for m in missed} == {(f"cycle:{c}", d) for c, d in reported}
    assert {m.recipient for m in missed} == {"coordinators"}


def test_same_occurrence_twice_records_one_cycle_run(test_cycles, prefect_api):
    from flows.inspection_round import inspection_round

    first = inspection_round(cycle="biweekly", occurrence=date(2026, 10, 8), as_of=at(2026, 10, 8, 9))
    again = inspection_round(cycle="biweekly", occurrence=date(2026, 10, 8), as_of=at(2026, 10, 8, 9))
    assert "已安排" in first and again == "无需执行：已完成"
    rerun = inspection_round(cycle="biweekly", occurrence=date(2026, 10, 8), as_of=at(2026, 10, 9, 9), rerun=True)
    assert "此前已安排" in rerun  # the round exists: a re-run changes nothing
    nothing = inspection_round(cycle="biweekly", occurrence=date(2026, 10, 5))
    assert nothing == "无需执行：不是发生日"
    rows = [r for r in cycle_runs() if r.cycle == "biweekly"]
    assert [(r.occurrence, r.runs, r.as_of) for r in rows] == [(date(2026, 10, 8), 2, at(2026, 10, 9, 9))]


def test_a_failing_flow_notifies_the_coordinators(test_cycles, prefect_api, monkeypatch):
    import flows.inspection_round as module

    def broken(*_args):
        raise RuntimeError("督导组名单为空")

    monkeypatch.setattr(module, "body", broken)
    state = module.inspection_round(cycle="biweekly", occurrence=date(2026, 10, 8), as_of=at(2026, 10, 8, 9),
                                    return_state=True)
    assert state.is_failed()
    (message,) = outbox()
    assert (message.recipient, message.rule, message.period) == ("coordinators", "cycle-failed", "2026-10-08")
    assert message.item.startswith("flow-run:")
    assert message.payload["cycle"] == "biweekly" and "督导组名单为空" in message.payload["message"]
    assert message.payload["flow_run_name"] == "biweekly-2026-10-08"
    (row,) = cycle_runs()
    assert row.state is CycleRunState.failed and "督导组名单为空" in row.error
    assert not [r for r in cycle_runs() if r.cycle == "ranking"]  # a failed round closes nothing


def test_late_and_crashed_runs_are_reported_by_the_watcher(test_cycles, prefect_api):
    from prefect import get_client
    from prefect.states import Crashed, Late

    from config.district import load_district_config
    from domain.calendar.workdays import WorkingCalendar
    from domain.cycles.runs import begin_run
    from flows.deployments import apply_all, build_deployments
    from flows.serving import watch_once

    ids = apply_all(build_deployments(load_district_config(test_cycles), WorkingCalendar(), date(2026, 9, 1)))
    with get_client(sync_client=True) as client:
        late = client.create_flow_run_from_deployment(ids["sweep"], state=Late(scheduled_time=at(2026, 10, 9, 8, 30)))
        crashed = client.create_flow_run_from_deployment(ids["biweekly"], parameters={"occurrence": "2026-10-08"},
                                                         state=Crashed(message="process killed"))
    with session_scope() as s:  # the crashed run had recorded its start, then its process died
        begin_run(s, cycle="biweekly", occurrence=date(2026, 10, 8), as_of=at(2026, 10, 8, 9),
                  flow_run_id=str(crashed.id), flow_run_name=crashed.name, at=at(2026, 10, 8, 9))
    assert watch_once(ids, since=at(2026, 10, 1), now=at(2026, 10, 9, 9)) == 2
    queued = {m.item: (m.rule, m.period) for m in outbox()}
    assert queued == {f"flow-run:{late.id}": ("cycle-late", "2026-10-09"),
                      f"flow-run:{crashed.id}": ("cycle-failed", "2026-10-08")}
    (row,) = cycle_runs()
    assert row.state is CycleRunState.failed and "process killed" in row.error
    assert watch_once(ids, since=at(2026, 10, 1), now=at(2026, 10, 9, 9)) == 0  # queued once


def test_run_then_history_shows_occurrence_and_artifact(example_db, cli, prefect_server):
    import json

    from config.settings import get_settings

    s = get_settings()  # `dudao serve` records the server it started; run and history find it there
    s.prefect_server_file.parent.mkdir(parents=True, exist_ok=True)
    s.prefect_server_file.write_text(json.dumps({"url": prefect_server.url}), encoding="utf-8")
    out = cli("run", "biweekly-inspection", "--occurrence", "2022-10-10", "--as-of", "2022-10-10T09:00")
    assert prefect_server.url in out.stdout and "Completed" in out.stdout
    rows = json.loads(cli("history", "--json", "--flow", "biweekly-inspection").stdout)
    mine = [r for r in rows if r["run"] == "biweekly-inspection-2022-10-10"]
    assert mine and mine[0]["state"] == "Completed" and mine[0]["flow"] == "inspection-round"
    assert mine[0]["occurrence"] == "2022-10-10" and mine[0]["as_of"].startswith("2022-10-10T09:00")
    assert sorted(mine[0]["artifacts"]) == ["biweekly-inspection-2022-10-10", "biweekly-inspection-2022-10-10-plan"]
    cli("rounds", "close", "R2022-10-10")  # the round's occurrence closes with its bulletin: the follower runs
    follower = json.loads(cli("history", "--json", "--flow", "ranking").stdout)
    assert "red-black-list-2022-10-10" in [r["run"] for r in follower]
    assert "的一次发生日" in cli("run", "biweekly-inspection", "--occurrence", "2022-10-11", code=1).error
    latest = cli("run", "biweekly-inspection", "--as-of", "2022-10-20T10:00")  # default: latest on or before
    assert "biweekly-inspection-2022-10-10" in latest.stdout
    assert len(json.loads(cli("history", "--json", "--since", "2000-01-01", "--limit", "1").stdout)) == 1
    assert json.loads(cli("history", "--json", "--since", "2099-01-01").stdout) == []
    assert "没有周期 'nope'" in cli("run", "nope", code=1).error
