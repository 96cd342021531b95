"""Channel kinds by URL scheme with their default limits, and the channels serving an audience tag.

Defaults (override per channel in [notifications].channels): a DingTalk group bot takes about 20
messages a minute and @-mentions mobiles; a WeCom bot text is limited to about 2000 bytes; Feishu/Lark
about 100 a minute; e-mail takes files; json:// and other webhooks have no limits of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import SecretStr

from config.channels import ChannelConfig
from notifications.message import Channel, ChannelKind

KINDS: dict[str, ChannelKind] = {
    "dingtalk": ChannelKind("dingtalk", 20, 18_000, 3, mentions=True, attachments=False),
    "wecombot": ChannelKind("wecombot", 20, 2_000, 3, mentions=False, attachments=False),
    "feishu": ChannelKind("feishu", 100, 18_000, 3, mentions=False, attachments=False),
    "lark": ChannelKind("lark", 100, 18_000, 3, mentions=False, attachments=False),
    "email": ChannelKind("email", None, None, 1, mentions=False, attachments=True),
    "webhook": ChannelKind("webhook", None, None, None, mentions=False, attachments=False),
    "other": ChannelKind("other", None, 4_000, 3, mentions=False, attachments=False),
}
SCHEMES = {"dingtalk": "dingtalk", "wecombot": "wecombot", "feishu": "feishu", "lark": "lark",
           "mailto": "email", "mailtos": "email", "json": "webhook", "jsons": "webhook", "form": "webhook",
           "forms": "webhook", "xml": "webhook", "xmls": "webhook"}


def kind_of(url: str) -> ChannelKind:
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    return KINDS[SCHEMES.get(scheme, "other")]


def resolve_channels(configs: Sequence[ChannelConfig],
                     urls: Mapping[str, SecretStr]) -> tuple[list[Channel], list[str]]:
    """(channels with a URL, names of configured channels that have none)."""
    channels, missing = [], []
    for c in configs:
        url = urls.get(c.name)
        if url is None:
            missing.append(c.name)
            continue
        kind = kind_of(url.get_secret_value())
        channels.append(Channel(
            name=c.name, tags=tuple(c.tags), url=url, kind=kind,
            rate_per_minute=None if c.unlimited_rate else (c.rate_per_minute or kind.rate_per_minute),
            max_bytes=c.max_bytes or kind.max_bytes, max_parts=c.max_parts or kind.max_parts,
            mentions=c.mention_mobiles and kind.mentions, timeout_s=c.timeout_s))
    return channels, missing

