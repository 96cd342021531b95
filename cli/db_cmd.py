"""`dudao init` and `dudao backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import By

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="District config (TOML); default DUDAO_CONFIG_PATH.")]


def init(
    config: ConfigOpt = None,
    roster: Annotated[Path | None, typer.Option(help="Also import this roster (.xlsx/.csv).")] = None,
    by: By = None,
) -> None:
    """Create or upgrade the database and load the district config (and optionally a roster)."""
    from adapters.sheets import read_table
    from cli import context
    from cli.summary import print_summary
    from domain.roster import district_summary, set_up_ledger

    cfg = context.district(config)
    with context.work(by=by, acting=True, config=cfg, ledger="set-up") as uow:
        report = set_up_ledger(uow, config or context.settings().config_path,
                               roster=read_table(roster) if roster is not None else None)
        summary = district_summary(uow, cfg.demo.season if cfg.demo else uow.today.year)
    if report is not None:
        from cli.roster_cmd import print_import_report

        print_import_report(report)
    print_summary(summary)


def backup(
    target: Annotated[Path, typer.Argument(help="Where to write the copy (a .db file).")],
) -> None:
    """Copy the SQLite ledger safely while it is in use (SQLite's online backup API)."""
    from adapters.backup import backup_sqlite
    from cli import context
    from cli.output import say

    pages = backup_sqlite(context.settings().db_url, target)
    say(f"已备份 {pages} 页到 {target}")
