"""The background Prefect server's watchdog: `python -m flows.idle_stop RECORD USED PID IDLE_SECONDS`.

Started detached by `flows.runtime.background_server`; it stops the server PID when no command has used it
(the USED file's time) for IDLE_SECONDS, and forgets it in RECORD (server.json). It leaves the server alone
once RECORD names another server or an owner (`dudao serve` took it over), and ends when the server ends.
Imports neither prefect nor dudao's settings: it must stay small.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover
        return True
    return True


def watch(record: Path, used: Path, pid: int, idle: float, tick: float | None = None) -> str:
    """Watch until the server ends or is stopped; returns why it stopped watching."""
    tick = tick or max(1.0, min(30.0, idle / 4))
    while True:
        time.sleep(tick)
        if not _alive(pid):
            return "ended"
        try:
            now = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            now = {}
        if now.get("pid") != pid or now.get("owner") is not None:
            return "taken over"
        try:
            quiet = time.time() - used.stat().st_mtime
        except OSError:
            quiet = idle + 1
        if quiet > idle:
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 20
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            if _alive(pid):  # pragma: no cover
                os.kill(pid, signal.SIGKILL)
            try:
                if json.loads(record.read_text(encoding="utf-8")).get("pid") == pid:
                    record.unlink()
            except (OSError, ValueError):
                pass
            return "idle"


if __name__ == "__main__":  # pragma: no cover - run as a detached process
    watch(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
