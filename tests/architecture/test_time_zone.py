"""One time-zone home: the district's dates are Asia/Shanghai (DOMAIN.md), named once in config/dates.py.

There is no DUDAO_TIMEZONE setting: a deadline, a light or a period boundary means the same day on every
path, whatever the environment says.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from tests.architecture.test_imports import PACKAGES
from tests.conftest import ROOT


def test_only_config_dates_names_a_time_zone():
    named = re.compile(r"""ZoneInfo\(|pendulum\.timezone\(|["']Asia/Shanghai["']""")
    found = [f"{path.relative_to(ROOT)}:{n}" for package in PACKAGES for path in (ROOT / package).rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if named.search(line) and path != ROOT / "config" / "dates.py"]
    assert found == []


def test_a_timezone_in_the_environment_changes_nothing(home, monkeypatch):
    from cli.moments import moment
    from config.dates import DISTRICT_TZ
    from config.settings import get_settings

    monkeypatch.setenv("DUDAO_TIMEZONE", "Europe/Berlin")
    get_settings.cache_clear()
    assert not hasattr(get_settings(), "timezone")
    typed = moment("2022-10-12")
    assert typed.utcoffset() == timedelta(hours=8) and typed.tzinfo is DISTRICT_TZ
    assert moment(None).utcoffset() == timedelta(hours=8)


def test_the_unit_of_work_acts_in_the_district_zone(district_db):
    from zoneinfo import ZoneInfo

    from domain.unit_of_work import unit_of_work

    late_evening_in_berlin = datetime(2022, 10, 11, 20, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # 02:30 next day
    with unit_of_work(as_of=late_evening_in_berlin, url=district_db) as uow:
        assert uow.today.isoformat() == "2022-10-12"
        assert uow.as_of.utcoffset() == timedelta(hours=8)
