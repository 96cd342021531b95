"""The apprise notifier: the only module that imports apprise.

Secrets: channel URLs carry tokens, and apprise's masked URL hides only the password. A channel is shown as
its name, scheme and host (notifications/redact.py); error texts are taken from apprise's WARNING+ entries and
scrubbed of every secret piece of the URL; the apprise, requests and urllib3 loggers are held at INFO with a
filter that takes URLs and known secrets out of every record (their DEBUG lines print raw URLs and payloads,
and apprise logs a URL it cannot parse whole).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from notifications.message import Channel, Message, SendResult
from notifications.redact import (
    HOST_SCHEMES,
    REDACT,
    SERVICE_HOSTS,
    channel_label,
    guard_loggers,
    scheme_of,
    scrub,
    secret_parts,
)


def _with_timeouts(url: str, seconds: float) -> str:
    query = urlsplit(url).query
    params = [f"{k}={seconds:g}" for k in ("cto", "rto") if not re.search(rf"(^|&){k}=", query)]
    return url + ("&" if "?" in url else "?") + "&".join(params) if params else url


def _with_targets(url: str, mobiles: tuple[str, ...]) -> str:
    """DingTalk @-mentions are the URL's targets: dingtalk://secret@token/13900000101/…"""
    base, sep, query = url.partition("?")
    return base.rstrip("/") + "/" + "/".join(mobiles) + "/" + sep + query


def _service_host(scheme: str | None) -> str | None:
    """The host a SaaS plugin posts to (its notify_url), for schemes dudao does not list itself."""
    if scheme is None or scheme in SERVICE_HOSTS or scheme in HOST_SCHEMES:
        return None
    from apprise.manager_plugins import NotificationManager

    try:
        plugin = NotificationManager()[scheme]
    except KeyError:
        return None
    notify_url = getattr(plugin, "notify_url", None)
    if isinstance(notify_url, str) and notify_url.startswith(("http://", "https://")):
        return urlsplit(notify_url.split("{", 1)[0]).hostname
    return None


def label(url: str) -> str:
    """What dudao prints for a channel URL: scheme and host only."""
    return channel_label(url, _service_host(scheme_of(url)))


# apprise says the HTTP status only in its warning: "…: Bad Request, error=400." (json://, form://, xml://,
# DingTalk, WeCom bot, Feishu and most plugins), "Lark notification failed: 400 - …" (Lark)
_STATUS = re.compile(r"\berror=(\d{3})\b|notification failed: (\d{3})\b")


def http_status(lines: list[str]) -> int | None:
    """The HTTP status the endpoint answered, from apprise's log lines of one send (the last one says it)."""
    for line in reversed(lines):
        m = _STATUS.search(line)
        if m:
            return int(m[1] or m[2])
    return None


class _Collect(logging.Handler):
    """apprise's WARNING+ lines while a URL is parsed (already redacted by the filter on its logger)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def url_problem(url: str) -> str | None:
    """Why apprise cannot use this URL (its own reason, without the URL or a secret), or None when it can.
    `dudao config check` refuses such a channel instead of calling it configured."""
    import apprise

    guard_loggers()
    REDACT.remember(url)
    secrets = secret_parts(url)
    logger = logging.getLogger("apprise")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=False)
    except Exception as exc:  # the plugin refused its arguments: its message is the reason
        reason = str(exc) or type(exc).__name__
        return scrub(" ".join(reason.split()), secrets)[:300]
    finally:
        logger.removeHandler(collect)
    if plugin is None:
        reason = "; ".join(collect.lines) or "apprise 无法解析此地址"
        return scrub(reason.replace(": (hidden)", "").replace(" (hidden)", ""), secrets)[:300]
    return None


class AppriseNotifier:
    """Sends through apprise; one Apprise object per channel (and mention set), reused across sends."""

    def __init__(self) -> None:
        import apprise  # noqa: F401  (loads its loggers, requests' and urllib3's, before they are guarded)

        guard_loggers()
        self._objects: dict[tuple[str, tuple[str, ...]], object] = {}
        self._labels: dict[str, str] = {}
        self._secrets: dict[str, set[str]] = {}

    def masked(self, channel: Channel) -> str:
        """The channel as dudao shows it: scheme and host only (never apprise's `url(privacy=True)`)."""
        if channel.name not in self._labels:
            url = channel.url.get_secret_value()
            REDACT.remember(url)
            self._secrets[channel.name] = secret_parts(url)
            self._labels[channel.name] = label(url)
        return self._labels[channel.name]

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

        shown = self.masked(channel)
        mentions = message.mentions if channel.mentions else ()
        obj = self._apprise(channel, mentions)
        if obj is None:
            return SendResult(False, shown, "apprise 无法使用此渠道的地址（请检查协议和令牌；"
                                            "`dudao config check` 会说明原因）")
        result = obj.notify(body=message.body, title=message.title, body_format=NotifyFormat.TEXT,
                            attach=[str(p) for p in message.attachments] or None)
        service = result.results[0] if result.results else None
        if result:
            return SendResult(True, shown)
        logs = [e.message for e in (service.logs() if service is not None else result.call_logs())
                if e.level in ("WARNING", "ERROR", "CRITICAL")]
        error = "; ".join(logs[-3:]) or f"apprise: {result.status.name}"
        return SendResult(False, shown, scrub(error, self._secrets[channel.name])[:500], http_status(logs))
