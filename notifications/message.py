"""What is sent and to where: Message, a resolved Channel, the Notifier protocol and its SendResult."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import SecretStr


@dataclass(frozen=True)
class Message:
    """One message as a channel receives it (消息). `mentions` are mobiles to @ where the channel can."""

    title: str
    body: str
    attachments: tuple[Path, ...] = ()
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChannelKind:
    """What a kind of endpoint accepts, by URL scheme. Limits apprise does not enforce for us."""

    name: str
    rate_per_minute: int | None  # None: no pacing
    max_bytes: int | None  # title + body, UTF-8; None: no limit
    max_parts: int | None  # a digest longer than this many messages is truncated
    mentions: bool  # @mobile supported
    attachments: bool  # files (.docx, .xlsx) go only to e-mail


@dataclass(frozen=True)
class Channel:
    """A configured channel with its secret URL and its effective limits (config overrides the kind's)."""

    name: str
    tags: tuple[str, ...]
    url: SecretStr = field(repr=False)
    kind: ChannelKind
    rate_per_minute: int | None
    max_bytes: int | None
    max_parts: int | None
    mentions: bool
    timeout_s: float = 10.0

    def serves(self, tag: str) -> bool:
        from fnmatch import fnmatchcase

        return any(fnmatchcase(tag, pattern) for pattern in self.tags)


@dataclass(frozen=True)
class SendResult:
    """The outcome on one channel. `url` is the channel as dudao shows it (scheme and host only, see
    notifications/redact.py); `error` never contains a secret."""

    ok: bool
    url: str
    error: str | None = None
    status: int | None = None  # the endpoint's HTTP status, when it answered one

    @property
    def permanent(self) -> bool:
        """The endpoint refused this message for good (4xx but 408 timeout and 429 too many requests): sending
        it again would be refused again, so it is failed at once; anything else may pass on a retry."""
        return self.status is not None and 400 <= self.status < 500 and self.status not in (408, 429)


class Notifier(Protocol):
    """Sends one message to one channel. Implementations: AppriseNotifier, FakeNotifier."""

    def send(self, channel: Channel, message: Message) -> SendResult: ...

    def masked(self, channel: Channel) -> str:
        """The channel as it may be printed: scheme and host only, never a token."""
        ...
