"""The config loader and every CLI option that takes a number, a date or a path, fed generated hostile values
(issue 15, "Done when"): exit 0 or 1 with a message, never a traceback, and a refusal writes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from tests.test_config import MINIMAL

NUMBERS = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(["0", "-1", "1e15", "inf", "-inf", "nan", "²", "٣", "1_000", "0x10", "2.9", " 5", "", "9" * 40,
                     "1,000", "五", "true"]),
)
DATES = st.one_of(
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    st.sampled_from(["0001-01-01", "9999-12-31", "2022-02-30", "2022-13-01", "2022-10-12 junk", "10/01/2022",
                     "2022-10-12T25:00", "2022-10-12T09:00+25:00", "", " ", "now", "2022年10月8日", "2022/10/8",
                     "1e15", "R2022-10-10", "2022-Q5", "0000"]),
)
PATHS = st.sampled_from(["/", ".", "..", "/dev/null", "/dev/zero", "/proc/self/status", "../../../../etc/passwd",
                         "/nonexistent/x.xlsx", "x" * 300 + ".xlsx", "folder", "folder/", "a b.xlsx", "空.xlsx",
                         "x.csv", "x.docx", "x.xlsx", "-", "--help"])

# command templates: {} takes the generated value
NUMBER_OPTIONS = [
    ["issues", "open", "--title", "台账不全", "--village", "330101001", "--by", "组织科", "--due-days", "{}"],
    ["issues", "open", "--title", "台账不全", "--village", "330101001", "--by", "组织科", "--income", "{}"],
    ["issues", "show", "{}"],
    ["issues", "update", "{}", "--action", "start", "--by", "组织科"],
    ["issues", "verify", "1", "--pass", "--income", "{}", "--by", "组织科"],
    ["notify", "outbox", "--limit", "{}"],
    ["notify", "retry", "{}", "--by", "组织科"],
    ["history", "--limit", "{}"],
    ["roster", "show", "--year", "{}"],
    ["meetings", "list", "--year", "{}"],
    ["calendar", "show", "{}"],
    ["visits", "record", "R2022-10-10", "330101001", "--methods", "实地查看", "--score", "{}", "--by", "组织科"],
    ["meetings", "record", "--kind", "joint", "--date", "2022-10-20", "--settle", "{}", "--by", "组织科"],
    ["meetings", "record", "--kind", "joint", "--date", "2022-10-20", "--raise", "330101001|台账不全||{}",
     "--by", "组织科"],
]
DATE_OPTIONS = [
    ["issues", "list", "--as-of", "{}"],
    ["issues", "open", "--title", "台账不全", "--village", "330101001", "--by", "组织科", "--deadline", "{}"],
    ["schedule", "preview", "--from", "{}", "--to", "2022-12-31"],
    ["calendar", "set", "{}", "workday", "--by", "组织科"],
    ["ranking", "compute", "--period", "{}"],
    ["ranking", "publish", "--period", "{}", "--by", "组织科", "--as-of", "2022-10-25"],
    ["meetings", "record", "--kind", "weekly", "--date", "{}", "--by", "组织科"],
    ["campaign", "status", "--on", "{}"],
    ["notify", "deliver", "--at", "{}"],
    ["run", "biweekly-inspection", "--occurrence", "{}", "--as-of", "2022-10-01"],
]
PATH_OPTIONS = [
    ["roster", "import", "{}", "--dry-run"],
    ["issues", "import", "{}", "--by", "组织科"],
    ["issues", "export", "--out", "{}"],
    ["meetings", "import", "{}", "--by", "组织科"],
    ["visits", "import", "{}", "--by", "组织科"],
    ["backup", "{}"],
    ["config", "check", "{}"],
    ["issues", "open", "--title", "台账不全", "--village", "330101001", "--by", "组织科", "--evidence", "{}"],
    ["schedule", "ics", "--out", "{}"],
    ["rounds", "sheet", "R2022-10-10", "--team", "team-1", "--out", "{}"],
]

# the refusal is checked on the SQLite file's bytes: a PostgreSQL ledger has no file to compare
pytestmark = pytest.mark.sqlite_only


def digest(home: Path) -> str:
    from models.db import dispose_engines

    dispose_engines()
    return hashlib.sha256((home / "dudao.db").read_bytes()).hexdigest()


@pytest.fixture
def ready(cli, home):
    cli("init", "--roster", EXAMPLES / "roster.xlsx")
    return cli


SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _exercise(cli, home, template: list[str], value: str, outcomes: list[int]) -> None:
    args = [value if a == "{}" else a.replace("{}", value) for a in template]
    before = digest(home)
    result = cli(*args, code=None)  # a traceback fails the test (Cli re-raises it)
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output, result.error)
    outcomes.append(result.exit_code)
    if result.exit_code == 1:
        assert (result.error or result.output).strip(), args
        assert digest(home) == before, (args, result.error)


@pytest.mark.parametrize("kind", ["numbers", "dates", "paths"])
def test_options_never_crash_and_a_refusal_writes_nothing(ready, home, tmp_path, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    templates, values = {"numbers": (NUMBER_OPTIONS, NUMBERS), "dates": (DATE_OPTIONS, DATES),
                         "paths": (PATH_OPTIONS, PATHS)}[kind]
    if kind == "dates":  # `run` would start Prefect: its --occurrence is checked before, by a day that is none
        templates = [t for t in templates if t[0] != "run" and "publish" not in t]
    outcomes: list[int] = []

    @SETTINGS
    @given(template=st.sampled_from(templates), value=values)
    def run(template, value):
        _exercise(ready, home, template, value, outcomes)

    run()
    assert 1 in outcomes


@st.composite
def configs(draw):
    """The minimal config with one value made hostile, or the whole file mangled."""
    keys = ["income_floor_yuan", "income_bands_yuan", "season"]
    value = draw(st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(["true", "inf", "nan", "-1", "0", "1e400", "\"五万\"", "[]", "[-1, 2]", "{}",
                         "1979-05-27", "0001-01-01", "9999-12-31T23:59:59", "\"\\u0000\"", "\"a\\u0001b\""]),
    ))
    where = draw(st.sampled_from(["district", "issues", "inspection", "ranking", "teams", "cycles", "file"]))
    if where == "district":
        return MINIMAL.replace('code = "D9"', f'code = "D9"\n{draw(st.sampled_from(keys[:2]))} = {value}')
    if where == "issues":
        key = draw(st.sampled_from(["default_due_days", "warn_days", "verify_days", "remind_days_before"]))
        return MINIMAL + f"\n[issues]\n{key} = {value}\n"
    if where == "inspection":
        key = draw(st.sampled_from(["daily_capacity", "window_working_days", "due_days"]))
        return MINIMAL + f"\n[inspection]\n{key} = {value}\n"
    if where == "ranking":
        key = draw(st.sampled_from(["red_top_n", "black_bottom_n", "in_town_red_top_n"]))
        return MINIMAL + f"\n[ranking]\n{key} = {value}\n"
    if where == "teams":
        return MINIMAL.replace('leader = { name = "组长" }', f'leader = {{ name = "组长", mobile = {value} }}')
    if where == "cycles":
        trigger = draw(st.sampled_from(["BYDAY=MO;COUNT=0", "BYDAY=XX", "COUNT=1;UNTIL=20200101", "INTERVAL=0",
                                        "INTERVAL=999999999999", "BYDAY=MO;BYSETPOS=400"]))
        return MINIMAL.replace("BYDAY=MO", trigger)
    return draw(st.sampled_from([MINIMAL[: len(MINIMAL) // 2], "\ufeff" + MINIMAL, MINIMAL.replace("=", "=="),
                                 MINIMAL + "\x00", "[district\n", ""]))


@SETTINGS
@given(text=configs(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_the_config_loader_never_crashes(tmp_path, text, encoding):
    from config.district import load_district_config
    from config.errors import ConfigError

    path = tmp_path / "district.toml"
    path.write_bytes(text.encode(encoding, "replace"))
    try:
        load_district_config(path)
    except ConfigError as err:
        assert err.problems or err.title

