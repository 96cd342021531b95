"""The apprise notifier: the only module that imports apprise.

Secrets: channel URLs carry tokens. Only apprise's masked form (`url(privacy=True)`) leaves this module;
error texts are taken from apprise's WARNING+ log entries and scrubbed of every secret part of the URL;
the apprise and urllib3 loggers are held at INFO (their DEBUG lines print raw URLs and payloads).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from notifications.message import Channel, Message, SendResult

_QUIET = ("apprise", "urllib3", "requests")


def quiet_loggers() -> None:
    """Never let apprise/urllib3 DEBUG lines (raw URLs, tokens) reach a handler."""
    for name in _QUIET:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)


def _secret_parts(url: str, masked: str) -> list[str]:
    """Pieces of the raw URL that the masked URL hides (tokens, passwords, keys)."""
    parts = {p for p in re.split(r"[/:@?&=#,+]+", url) if len(p) >= 4}
    return sorted((p for p in parts if p not in masked), key=len, reverse=True)


def scrub(text: str, url: str, masked: str) -> str:
    for part in _secret_parts(url, masked):
        text = text.replace(part, "****")
    return text


def _with_timeouts(url: str, seconds: float) -> str:
    query = urlsplit(url).query
    params = [f"{k}={seconds:g}" for k in ("cto", "rto") if not re.search(rf"(^|&){k}=", query)]
    return url + ("&" if "?" in url else "?") + "&".join(params) if params else url


def _with_targets(url: str, mobiles: tuple[str, ...]) -> str:
    """DingTalk @-mentions are the URL's targets: dingtalk://secret@token/13900000101/…"""
    base, sep, query = url.partition("?")
    return base.rstrip("/") + "/" + "/".join(mobiles) + "/" + sep + query


class AppriseNotifier:
    """Sends through apprise; one Apprise object per channel (and mention set), reused across sends."""

    def __init__(self) -> None:
        quiet_loggers()
        self._objects: dict[tuple[str, tuple[str, ...]], object] = {}
        self._masked: dict[str, str] = {}

    def masked(self, channel: Channel) -> str:
        if channel.name not in self._masked:
            import apprise

            plugin = apprise.Apprise.instantiate(channel.url.get_secret_value())
            self._masked[channel.name] = plugin.url(privacy=True) if plugin else f"<{channel.name}: invalid URL>"
        return self._masked[channel.name]

    def _apprise(self, channel: Channel, mentions: tuple[str, ...]):
        import apprise

        key = (channel.name, mentions)
        if key not in self._objects:
            url = channel.url.get_secret_value()
            if mentions:
                url = _with_targets(url, mentions)
            obj = apprise.Apprise(asset=apprise.AppriseAsset(storage_mode="memory"))
            self._objects[key] = obj if obj.add(_with_timeouts(url, channel.timeout_s)) else None
        return self._objects[key]

    def send(self, channel: Channel, message: Message) -> SendResult:
        from apprise import NotifyFormat

        masked = self.masked(channel)
        mentions = message.mentions if channel.mentions else ()
        obj = self._apprise(channel, mentions)
        if obj is None:
            return SendResult(False, masked, "apprise cannot use this channel's URL (check its scheme and tokens)")
        result = obj.notify(body=message.body, title=message.title, body_format=NotifyFormat.TEXT,
                            attach=[str(p) for p in message.attachments] or None)
        service = result.results[0] if result.results else None
        url = service.url if service is not None else masked
        if result:
            return SendResult(True, url)
        logs = [e.message for e in (service.logs() if service is not None else result.call_logs())
                if e.level in ("WARNING", "ERROR", "CRITICAL")]
        error = "; ".join(logs[-3:]) or f"apprise: {result.status.name}"
        return SendResult(False, url, scrub(error, channel.url.get_secret_value(), url)[:500])
