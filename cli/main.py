"""The `dudao` command. Sub-commands import their heavy dependencies inside their bodies,
so `dudao --help` loads neither the database layer, nor Settings, nor Prefect."""

from __future__ import annotations

import sys

import typer

from cli import (
    cadres_cmd,
    calendar_cmd,
    campaign_cmd,
    config_cmd,
    contracts_cmd,
    cycles_cmd,
    db_cmd,
    issues_cmd,
    issues_io_cmd,
    meetings_cmd,
    notify_cmd,
    party_cmd,
    plans_cmd,
    projects_cmd,
    ranking_cmd,
    report_cmd,
    roster_cmd,
    rounds_cmd,
    schedule_cmd,
    training_cmd,
    trips_cmd,
    users_cmd,
    visits_cmd,
    web_cmd,
)
from cli.arguments import CheckedGroup
from cli.demo import command as demo_command

app = typer.Typer(
    name="dudao",
    cls=CheckedGroup,  # refuses control characters in any argument before a command runs
    help="督导 dudao — 督导工作周期：两周一督查、季度调研、百日攻坚行动、问题跟踪到销号、红黑榜和年度汇报。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("init")(db_cmd.init)
app.command("backup")(db_cmd.backup)
app.command("demo")(demo_command.demo)
app.add_typer(config_cmd.app, name="config")
app.add_typer(roster_cmd.app, name="roster")
app.add_typer(calendar_cmd.app, name="calendar")
app.command("serve")(cycles_cmd.serve)
app.command("deploy")(cycles_cmd.deploy)
app.command("run")(cycles_cmd.run)
app.command("history")(cycles_cmd.history)
app.add_typer(schedule_cmd.app, name="schedule")
app.add_typer(ranking_cmd.app, name="ranking")
app.add_typer(campaign_cmd.app, name="campaign")
app.add_typer(meetings_cmd.app, name="meetings")
app.add_typer(projects_cmd.app, name="projects")
app.add_typer(contracts_cmd.app, name="contracts")
issues_io_cmd.register(issues_cmd.app)
app.add_typer(issues_cmd.app, name="issues")
app.add_typer(notify_cmd.app, name="notify")
app.add_typer(rounds_cmd.app, name="rounds")
app.add_typer(visits_cmd.app, name="visits")
app.add_typer(trips_cmd.app, name="trips")
app.command("report")(report_cmd.report)
app.add_typer(party_cmd.app, name="party")
app.add_typer(cadres_cmd.app, name="cadres")
app.add_typer(training_cmd.app, name="training")
app.add_typer(plans_cmd.app, name="plans")
app.add_typer(users_cmd.app, name="users")
app.command("web")(web_cmd.web)


def run() -> None:
    """Console entry point: user mistakes end in a clear message and a non-zero status, never a traceback."""
    from config.errors import DudaoError

    try:
        app()
    except DudaoError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 1 and isinstance(exc.__context__, BrokenPipeError):
            sys.exit(0)  # `dudao … | head`: the reader closed the pipe (rich and click say 1); it had what it wanted
        raise
    except OSError as exc:  # a path that cannot be read or written, a server that cannot be reached
        from config.errors import Problem

        _fail(DudaoError("无法使用该文件", [Problem(str(exc.filename), exc.strerror or str(exc))])
              if exc.filename else DudaoError(f"{type(exc).__name__}: {exc}"))
    except Exception as exc:
        if _schema_behind(exc):
            _fail(DudaoError(f"账本的结构比本版 dudao 旧（{str(exc).splitlines()[0]}）："
                             "请运行 `dudao init` 升级（不会丢失任何内容）"))
        from models.db import database_url, ledger_error

        explained = ledger_error(exc, database_url())
        if explained is None:
            raise
        _fail(explained)


def _schema_behind(exc: Exception) -> bool:
    """A database error saying a table or column is missing: the ledger was made by an older dudao."""
    text = str(exc)
    return type(exc).__module__.startswith("sqlalchemy") and any(
        s in text for s in ("no such table", "no such column", "UndefinedTable", "UndefinedColumn"))


def _fail(exc) -> None:
    from rich.console import Console
    from rich.markup import escape

    err = Console(stderr=True, highlight=False, soft_wrap=True)  # a message is never cut into lines
    err.print(f"[bold red]错误：[/bold red]{escape(exc.title)}")
    for problem in exc.problems:
        err.print(f"  • {escape(str(problem))}")
    sys.exit(exc.exit_code)


if __name__ == "__main__":
    run()
