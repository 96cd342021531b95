"""Shared fixtures: a fresh SQLite ledger per test, the example district, a CLI runner on a tmp home."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.pg_cluster import TEMPLATE, Cluster, PostgresMissing, bindir

# Prefect reads its settings at import: give the test session its own home before any test imports it,
# and never talk to a server configured in the developer's environment.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="dudao-test-prefect-")
os.environ.pop("PREFECT_API_URL", None)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "config" / "examples"
SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2022, 9, 30, 9, 0, tzinfo=SHANGHAI)


# The ledger backend of this run: `pytest` runs on SQLite files; `pytest --backend=postgresql` runs every test
# that touches a ledger (those using the `home` fixture, less `rules` and `sqlite_only`) again, each on a fresh
# database of a throwaway PostgreSQL cluster (tests/pg_cluster.py). `make test` runs both.
MIGRATED = {"db_url", "session", "test_cycles", "example_db", "district_db"}  # fixtures that want a ledger at head


def pytest_addoption(parser):
    parser.addoption("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                     help="the ledger backend: sqlite (every test) or postgresql (the ledger-touching tests)")


def pytest_configure(config):
    if config.getoption("backend") == "postgresql" and bindir() is None:
        message = ("PostgreSQL server binaries (initdb, pg_ctl) not found: the PostgreSQL half of the suite was "
                   "NOT run. Install them (Debian: apt-get install postgresql) — see README, 'Tests'.")
        _write_summary(config, f"postgresql: not run — {message}")
        if os.environ.get("CI"):
            pytest.exit("CI: " + message, returncode=1)
        pytest.exit(message, returncode=0)


def pytest_collection_modifyitems(config, items):
    backend = config.getoption("backend")
    keep, drop = [], []
    for item in items:
        if backend == "postgresql":
            wanted = ("home" in getattr(item, "fixturenames", ()) and item.get_closest_marker("rules") is None
                      and item.get_closest_marker("sqlite_only") is None)
        else:
            wanted = item.get_closest_marker("postgresql_only") is None
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _write_summary(config, line: str) -> None:
    folder = ROOT / ".venv"
    if folder.is_dir() and not os.environ.get("DUDAO_NO_TEST_SUMMARY"):
        (folder / f"tests-{config.getoption('backend')}.txt").write_text(line + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if config.option.collectonly:
        return
    stats = terminalreporter.stats
    count = {key: len(stats.get(key, ())) for key in ("failed", "skipped", "error")}
    count["passed"] = len([r for r in stats.get("passed", ()) if getattr(r, "when", "call") == "call"])
    backend = config.getoption("backend")
    line = (f"{backend}: {count['passed']} passed, {count['failed'] + count['error']} failed, "
            f"{count['skipped']} skipped")
    terminalreporter.write_line(line)
    _write_summary(config, line)


@pytest.fixture(scope="session")
def backend(request) -> str:
    return request.config.getoption("backend")


@pytest.fixture(scope="session")
def pg_cluster(request, backend):
    """The session's PostgreSQL cluster with the migrated template (only with --backend=postgresql)."""
    if backend != "postgresql":
        pytest.skip("needs --backend=postgresql")
    try:
        cluster = Cluster().start()
    except PostgresMissing as exc:  # pragma: no cover - pytest_configure stops the run before
        pytest.fail(str(exc))
    os.environ.pop("DUDAO_DATABASE_URL", None)
    cluster.make_template()
    cluster.execute(f'ALTER DATABASE "{TEMPLATE}" WITH ALLOW_CONNECTIONS false')
    yield cluster
    cluster.stop()


_databases = iter(range(1, 10**9))


@pytest.fixture
def ledger_url(request, backend, tmp_path):
    """This test's ledger URL: a SQLite file under the test's home, or a fresh PostgreSQL database (a copy of
    the migrated template when the test wants a ledger at head, else empty for `dudao init` to fill)."""
    if backend != "postgresql":
        yield None
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = f"t{next(_databases)}"
    migrated = bool(MIGRATED & set(request.fixturenames))
    url = cluster.create_database(name, TEMPLATE if migrated else None)
    yield url
    from models.db import dispose_engines

    dispose_engines()
    cluster.drop_database(name)


@pytest.fixture(autouse=True)
def _rules_need_no_database(request, monkeypatch):
    """A test marked `rules` checks a pure rule on plain values: opening a database there is a defect."""
    if request.node.get_closest_marker("rules") is None:
        return

    def refuse(*_args, **_kwargs):
        raise AssertionError("a `rules` test must not open a database: the rule it checks takes plain values")

    import sqlalchemy

    import models.db

    monkeypatch.setattr(models.db, "get_engine", refuse)
    monkeypatch.setattr(sqlalchemy, "create_engine", refuse)


def _reset_caches() -> None:
    from cli import context
    from config.settings import get_settings
    from models.db import dispose_engines

    get_settings.cache_clear()
    context.district.cache_clear()
    dispose_engines()


@pytest.fixture
def home(tmp_path, monkeypatch, ledger_url) -> Path:
    """DUDAO_HOME in a tmp dir, the example config, no stray DUDAO_ settings from the environment; with
    --backend=postgresql, DUDAO_DATABASE_URL names this test's own PostgreSQL database."""
    for key in list(os.environ):
        if key.startswith("DUDAO_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("DUDAO_HOME", str(tmp_path / "var"))
    if ledger_url:
        monkeypatch.setenv("DUDAO_DATABASE_URL", ledger_url)
    monkeypatch.setenv("COLUMNS", "200")  # rich tables unwrapped in captured output
    monkeypatch.setenv("DUDAO_CONFIG_PATH", str(EXAMPLES / "district.toml"))
    monkeypatch.setenv("DUDAO_PREFECT_IDLE_MINUTES", "0")  # no background Prefect server left behind by a test
    _reset_caches()
    yield tmp_path / "var"
    _reset_caches()


@pytest.fixture
def db_url(home) -> str:
    """An empty ledger at head."""
    from config.settings import get_settings
    from models.migrate import upgrade

    url = get_settings().db_url
    upgrade(url)
    return url


@pytest.fixture
def example_cfg():
    from config.district import load_district_config

    return load_district_config(EXAMPLES / "district.toml")


def set_up(cfg, roster: Path | None = None) -> str:
    """`dudao init [--roster …]` on the test home's ledger, as of AT; its URL."""
    from adapters.sheets import read_table
    from config.settings import get_settings
    from domain.roster import set_up_ledger
    from domain.unit_of_work import unit_of_work

    url = get_settings().db_url
    with unit_of_work(as_of=AT, actor="测试", config=cfg, url=url, check_schema=False) as uow:
        set_up_ledger(uow, EXAMPLES / "district.toml", roster=read_table(roster) if roster else None)
    return url


@pytest.fixture
def district_db(home, example_cfg) -> str:
    """The example district's config loaded (towns, teams, departments, contacts), no roster yet."""
    return set_up(example_cfg)


@pytest.fixture
def example_db(home, example_cfg) -> str:
    """The example district loaded: config and roster, as `dudao init --roster` does."""
    return set_up(example_cfg, EXAMPLES / "roster.xlsx")


@pytest.fixture
def session(db_url):
    from models.db import session_scope

    with session_scope(db_url) as s:
        yield s


class Cli:
    """Runs `dudao …` in-process and keeps the output; `code` is the exit status."""

    def __call__(self, *args: str, code: int | None = 0):
        from typer.testing import CliRunner

        from cli.main import app
        from config.errors import DudaoError

        result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=True)
        if isinstance(result.exception, DudaoError):  # what cli.main.run does for the console script
            result.exit_code = result.exception.exit_code
            result.error = str(result.exception)
        else:
            result.error = ""
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
        if code is not None:
            assert result.exit_code == code, (result.output, result.error)
        return result


@pytest.fixture
def cli(home) -> Cli:
    return Cli()


TEST_CYCLES = Path(__file__).parent / "data" / "cycles.toml"


@pytest.fixture
def test_cycles(home, monkeypatch) -> Path:
    """A small district with four cycles (next / previous / skip / after:) and an empty ledger at head."""
    from config.settings import get_settings
    from models.migrate import upgrade

    monkeypatch.setenv("DUDAO_CONFIG_PATH", str(TEST_CYCLES))
    _reset_caches()
    upgrade(get_settings().db_url)
    return TEST_CYCLES


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A started Prefect server (`prefect server start` on a free loopback port). Its scheduler and late-run
    services are off: the tests ask for runs in fixed windows and set states themselves. One per session."""
    from config.settings import Settings
    from flows.runtime import LocalServer, free_port

    server = LocalServer(Settings(home=tmp_path_factory.mktemp("prefect-server")), port=free_port(0),
                         env={"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
                              "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false"}).start(timeout=300)
    yield server
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)  # flush while the server is still there, not at interpreter exit
    EventsWorker.drain_all(timeout=5)
    server.stop(grace=0)


@pytest.fixture
def prefect_api(prefect_server, home):
    """Prefect pointed at the test server for this test, heartbeats off."""
    from config.settings import get_settings
    from flows.runtime import connected

    with connected(get_settings(), heartbeats=False, url=prefect_server.url):
        yield prefect_server


@pytest.fixture
def sink():
    """A real local HTTP endpoint receiving apprise json:// posts (tests/notifications/sink.py)."""
    from tests.notifications.sink import Sink

    s = Sink().start()
    yield s
    s.stop()
