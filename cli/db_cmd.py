"""`dudao init` and `dudao backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import By

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="区配置（TOML）；默认 DUDAO_CONFIG_PATH。")]


def init(
    config: ConfigOpt = None,
    roster: Annotated[Path | None, typer.Option(help="同时导入这份花名册（.xlsx/.csv）。")] = None,
    by: By = None,
) -> None:
    """创建或升级账本并载入区配置（可同时导入花名册）。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.progress import shown
    from cli.summary import print_summary
    from domain.roster import district_summary, set_up_ledger

    cfg = context.district(config)
    with shown(False), context.work(by=by, acting=True, config=cfg, ledger="set-up") as uow:
        report = set_up_ledger(uow, config or context.settings().config_path,
                               roster=read_table(roster) if roster is not None else None)
        summary = district_summary(uow, cfg.demo.season if cfg.demo else None)
    if report is not None:
        from cli.roster_cmd import print_import_report

        print_import_report(report)
    print_summary(summary)


def backup(
    target: Annotated[Path, typer.Argument(help="备份写到哪里（一个 .db 文件）。")],
) -> None:
    """在使用中安全地复制 SQLite 账本（SQLite 在线备份）。"""
    from adapters.backup import backup_sqlite
    from cli import context
    from cli.output import say

    pages = backup_sqlite(context.settings().db_url, target)
    say(f"已备份 {pages} 页到 {target}")
