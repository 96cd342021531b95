"""Every thread `dudao serve` starts talks to the server serve chose (issue: the watcher started a second,
ephemeral Prefect server 60 s after start because Prefect's settings did not reach its thread)."""

from __future__ import annotations

from tests.conftest import AT


def test_the_watcher_thread_sees_the_chosen_api(home, example_cfg, monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serving import Startup, Watcher

    seen: list[str | None] = []

    def watch(self) -> None:  # the watcher's loop, reduced to what it reads first: the API URL
        seen.append(PREFECT_API_URL.value())

    monkeypatch.setattr(Watcher, "watch", watch)
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4999/api"}):
        watcher = Watcher(example_cfg, Startup([], {}), since=AT)
    watcher.start()
    watcher.join(timeout=10)
    assert seen == ["http://127.0.0.1:4999/api"]


def test_a_plain_thread_would_not(home):
    """The defect the watcher avoids: a thread started inside `temporary_settings` does not see it."""
    import threading

    from prefect.settings import PREFECT_API_URL, temporary_settings

    seen: list[str | None] = []
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4999/api"}):
        thread = threading.Thread(target=lambda: seen.append(PREFECT_API_URL.value()))
        thread.start()
    thread.join(timeout=10)
    assert seen != ["http://127.0.0.1:4999/api"]
