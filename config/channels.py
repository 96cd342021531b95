"""Notification channels: apprise URLs by audience tag. The URLs are secrets and live outside the config."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import Field, SecretStr

from config.errors import ConfigError, Problem
from config.schema_base import KEY_PATTERN, Strict


class ChannelConfig(Strict):
    """A place messages go (a DingTalk group bot, a WeCom bot, Feishu, a mailbox …).

    The apprise URL (it carries tokens) is never in the config: it comes from the environment
    (DUDAO_CHANNELS__<NAME>) or the secrets file (`[channels] <name> = "url"`).
    `tags` are the audiences it serves, glob patterns allowed: coordinators, leadership, office,
    town:*, team:team-1, department:finance …
    """

    name: str = Field(pattern=KEY_PATTERN)
    tags: list[str] = Field(min_length=1)
    rate_per_minute: int | None = Field(None, ge=1, description="default by channel kind; 0 is not allowed, "
                                                                "leave it out for the kind's default")
    unlimited_rate: bool = Field(False, description="send as fast as the endpoint answers (ignore any rate)")
    max_bytes: int | None = Field(None, ge=200, description="default by channel kind")
    max_parts: int | None = Field(None, ge=1, description="a longer digest is truncated with 其余N项见台账")
    mention_mobiles: bool = Field(True, description="@-mention responsible contacts where supported")
    timeout_s: float = Field(10.0, gt=0, le=120, description="connect and read timeout of one send")


class NotificationsConfig(Strict):
    channels: list[ChannelConfig] = Field(default_factory=list)
    digest_hour: int = Field(9, ge=0, le=23, description="daily digests go out from this hour")
    max_attempts: int = Field(6, ge=1, description="after this many failed deliveries a row is failed")


def channel_urls(channels: dict[str, SecretStr], secrets_file: Path) -> dict[str, SecretStr]:
    """Apprise URLs by channel name: the secrets file first, the environment wins."""
    urls: dict[str, SecretStr] = {}
    if secrets_file.exists():
        try:
            data = tomllib.loads(secrets_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError("密钥文件不是有效的 TOML", [Problem(str(secrets_file), str(exc))]) from None
        table = data.get("channels", {})
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise ConfigError(
                "密钥文件格式不对",
                [Problem(f"{secrets_file}: channels", '应为 名称 = "apprise 地址" 形式的表')],
            )
        urls.update({name: SecretStr(url) for name, url in table.items()})
    urls.update({name.lower().replace("_", "-"): url for name, url in channels.items()})
    return urls
