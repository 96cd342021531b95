"""`dudao schedule preview | ics` and `dudao calendar show | set` as a user runs them."""

import json
import sys

from icalendar import Calendar


def test_preview_json_lists_moves_and_followers(cli):
    result = cli("schedule", "preview", "--from", "2022-09-26", "--to", "2022-10-31", "--json")
    rows = json.loads(result.stdout)
    assert {"cycle", "date", "original_date", "reason"} <= set(rows[0])
    campaign = [r for r in rows if r["cycle"] == "hundred-day-campaign" and r["original_date"]]
    assert campaign == [{"cycle": "hundred-day-campaign", "date": "2022-10-08", "weekday": "周六", "time": "09:00",
                         "original_date": "2022-10-03", "reason": "国庆节", "follows": None}]
    ranking = [r for r in rows if r["cycle"] == "red-black-list"]
    assert [(r["date"], r["follows"]) for r in ranking] == [("2022-10-10", "biweekly-inspection"),
                                                            ("2022-10-24", "biweekly-inspection")]


def test_preview_never_imports_prefect(home):
    import subprocess

    code = ("import sys; from cli.main import app; from typer.testing import CliRunner; "
            "r = CliRunner().invoke(app, ['schedule', 'preview', '--from', '2022-10-01', '--to', '2022-10-31']); "
            "assert r.exit_code == 0, r.output; assert 'prefect' not in sys.modules, 'prefect was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_preview_table_and_errors(cli):
    out = cli("schedule", "preview", "--from", "2022-10-01", "--to", "2022-10-12", "--cycle", "biweekly-inspection")
    assert "2022-10-10" in out.stdout
    bad = cli("schedule", "preview", "--from", "2022-10-01", "--to", "2022-10-12", "--cycle", "nope", code=1)
    assert "biweekly-inspection" in bad.error
    assert "2026-10-08" in cli("schedule", "preview", "--from", "10/01/2022", code=1).error
    assert "早于" in cli("schedule", "preview", "--from", "2022-10-12", "--to", "2022-10-01", code=1).error


def test_ics_file(cli, tmp_path):
    out = tmp_path / "cycles.ics"
    cli("schedule", "ics", "--from", "2022-10-01", "--to", "2022-10-31", "--out", out)
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    preview = json.loads(cli("schedule", "preview", "--from", "2022-10-01", "--to", "2022-10-31", "--json").stdout)
    assert sorted(e.decoded("dtstart").isoformat()[:10] for e in events) == sorted(r["date"] for r in preview)


def test_provisional_year_is_announced_on_stderr_only(cli):
    result = cli("schedule", "preview", "--from", "2027-01-01", "--to", "2027-01-31", "--json")
    assert json.loads(result.stdout)  # stdout stays pure JSON
    assert "2027 年为暂定" in result.stderr
    shown = cli("calendar", "show", "2027", "--json")
    assert json.loads(shown.stdout)["status"] == "provisional"
    assert "暂定" in shown.stderr


def test_calendar_show_official_year(cli):
    data = json.loads(cli("calendar", "show", "2026", "--json").stdout)
    assert data["status"] == "official" and not data["provisional"]
    assert {"date": "2026-10-05", "reason": "国庆节", "source": "official"} in data["holidays"]
    assert "2026-10-10" in [d["date"] for d in data["workdays"]]
    assert "2026-10-05" in cli("calendar", "show", "2026").stdout


def test_calendar_set_overrides_and_audits(cli, db_url):
    cli("calendar", "set", "2027-02-06", "workday", "--note", "国务院通知调休", "--by", "林春燕")
    cli("calendar", "set", "2027-02-06", "holiday", "--by", "林春燕")  # re-setting updates
    data = json.loads(cli("calendar", "show", "2027", "--json").stdout)
    assert data["status"] == "overridden"
    assert data["overrides"] == [{"date": "2027-02-06", "working": False, "note": "放假"}]
    cli("calendar", "set", "2026-10-05", "workday", "--by", "x")
    rows = json.loads(cli("schedule", "preview", "--from", "2026-10-01", "--to", "2026-10-09", "--json").stdout)
    assert "2026-10-05" in [r["date"] for r in rows]
    from sqlmodel import select

    from models.audit import AuditEvent
    from models.calendar import CalendarOverride
    from models.db import session_scope

    with session_scope(db_url) as s:
        assert len(s.exec(select(CalendarOverride)).all()) == 2
        events = s.exec(select(AuditEvent).where(AuditEvent.entity == "calendar")).all()
    assert [(e.entity_id, e.from_state, e.to_state) for e in events] == [
        ("2027-02-06", None, "workday"), ("2027-02-06", "workday", "holiday"), ("2026-10-05", None, "workday")]
    assert "2026-10-08" in cli("calendar", "set", "2027-13-01", "workday", "--by", "x", code=1).error
