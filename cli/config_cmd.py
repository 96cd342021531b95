"""`dudao config check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import Json

app = typer.Typer(help="检查并概述区配置。", no_args_is_help=True)


@app.command("check")
def check(
    file: Annotated[Path | None, typer.Argument(help="配置文件；默认 DUDAO_CONFIG_PATH。")] = None,
    as_json: Json = False,
) -> None:
    """检查区配置，列出其内容（不显示渠道 URL）。"""
    from cli import context
    from cli.output import emit_json, say, table
    from config.channels import channel_urls

    path = file or context.settings().config_path
    cfg = context.district(path)
    s = context.settings()
    urls = channel_urls(s.channels, s.secrets_path)
    channels = [{"name": c.name, "tags": c.tags, "url": _shown(urls[c.name]) if c.name in urls else "missing"}
                for c in cfg.notifications.channels]
    _refuse_unusable(urls, [c.name for c in cfg.notifications.channels], s.secrets_path)
    summary = {
        "file": str(path),
        "district": cfg.district.name,
        "towns": len(cfg.towns),
        "departments": [d.name for d in cfg.departments],
        "teams": [{"key": t.key, "name": t.name, "members": 1 + len(t.members),
                   "avoids": sorted(t.avoided_towns)} for t in cfg.teams],
        "cycles": [{"key": c.key, "kind": c.kind, "name": c.display_name, "trigger": c.trigger,
                    "holiday_policy": c.holiday_policy} for c in cfg.cycles],
        "ranking_indicators": [i.key for i in cfg.ranking.indicators],
        "campaign": cfg.campaign.name if cfg.campaign else None,
        "channels": channels,
    }
    if as_json:
        emit_json(summary)
        return
    say(f"[green]ok[/green] {path}: {cfg.district.name}，{len(cfg.towns)} 个镇街，"
        f"{len(cfg.departments)} 个成员单位，{len(cfg.teams)} 个督导组")
    table("督导组（回避）", ["键", "名称", "人数", "回避镇街"],
          [[t["key"], t["name"], t["members"], "、".join(t["avoids"])] for t in summary["teams"]])
    table("周期", ["键", "类型", "名称", "触发", "节假日"],
          [[c.key, c.kind, c.display_name, c.trigger.replace("\n", " "), c.holiday_policy] for c in cfg.cycles])
    table("通知渠道", ["名称", "对象", "地址"], [[c["name"], ", ".join(c["tags"]), c["url"]] for c in channels])


def _shown(url) -> str:
    """A channel URL as dudao prints it: scheme and host only."""
    from notifications.apprise_notifier import label

    return label(url.get_secret_value())


def _refuse_unusable(urls: dict, names: list[str], secrets_path: Path) -> None:
    """A channel whose URL apprise cannot use is an error, not 'configured': apprise's reason, never the URL."""
    from config.errors import ConfigError, Problem
    from notifications.apprise_notifier import url_problem

    problems = []
    for name in names:
        if name in urls and (reason := url_problem(urls[name].get_secret_value())):
            problems.append(Problem(
                f"渠道 {name}（DUDAO_CHANNELS__{name.upper().replace('-', '_')} 或 {secrets_path} 的 [channels]）",
                f"apprise 无法使用此 URL：{reason}（URL 不显示）"))
    if problems:
        raise ConfigError("通知渠道的 URL 不可用", problems)
