"""FakeNotifier for tests: records what was sent; can be told to fail a channel a number of times."""

from __future__ import annotations

from dataclasses import dataclass, field

from notifications.message import Channel, Message, SendResult


@dataclass
class FakeNotifier:
    sent: list[tuple[str, Message]] = field(default_factory=list)  # (channel name, message) in order
    failures: dict[str, int] = field(default_factory=dict)  # channel name → how many sends fail first
    refuse: dict[str, int] = field(default_factory=dict)  # title substring → HTTP status answered every time
    attempts: int = 0

    def masked(self, channel: Channel) -> str:
        return f"fake://{channel.name}/****"

    def send(self, channel: Channel, message: Message) -> SendResult:
        self.attempts += 1
        refused = next((code for key, code in self.refuse.items() if key in message.title), None)
        if refused is not None:
            return SendResult(False, self.masked(channel), f"fake refusal, error={refused}.", refused)
        if self.failures.get(channel.name, 0) > 0:
            self.failures[channel.name] -= 1
            return SendResult(False, self.masked(channel), "fake failure")
        self.sent.append((channel.name, message))
        return SendResult(True, self.masked(channel))

    def to(self, channel: str) -> list[Message]:
        return [m for c, m in self.sent if c == channel]
