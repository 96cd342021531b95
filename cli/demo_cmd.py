"""`dudao demo`: replay the example district's 2022 season on the embedded default (SQLite, local Prefect).

Deterministic: every step acts at a fixed as-of in 2022, so the output is the same on any day.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

EXAMPLES = Path(__file__).resolve().parent.parent / "config" / "examples"
SHANGHAI = ZoneInfo("Asia/Shanghai")
LOAD_AT = datetime(2022, 9, 30, 9, 0, tzinfo=SHANGHAI)


def demo() -> None:
    """Replay the example district's 2022 season into var/ and say where to look at the results."""
    from cli import context
    from cli.output import say
    from cli.summary import print_summary
    from domain.demo import reset_demo_database
    from domain.setup import initialise

    s = context.settings()
    config_path = EXAMPLES / "district.toml"
    cfg = context.district(config_path)
    reset_demo_database(s.db_url, cfg.district.code)
    say(f"[bold]1. 载入示范区[/bold] {_shown(config_path)}")
    initialise(s.db_url, cfg, config_path, EXAMPLES / cfg.demo.roster, at=LOAD_AT, actor=cfg.district.acting_user)
    print_summary(s.db_url, cfg, cfg.demo.season)
    say("")
    say("[bold]Where to look[/bold]")
    say(f"  ledger:   {s.db_url}")
    say("  roster:   .venv/bin/dudao roster show")
    say("  config:   .venv/bin/dudao config check config/examples/district.toml")


def _shown(path: Path) -> Path:
    """A path relative to the working directory when it is below it (stable demo output)."""
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
