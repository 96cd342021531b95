"""Progress of long work (进度): a hook the areas call and the CLI shows, nothing at all by default.

Long loops (a 200,000-row roster, a sheet import, a delivery of thousands of messages, a ranking of 20,000
villages) call `task(label, total)` and advance it as they go. Nothing is shown unless the CLI installed a
reporter (`cli/progress.py`: a rich progress bar on a terminal, none when the output is not a terminal or with
--json), so a flow, a test or the web board pays one function call per step and prints nothing. The reporter
is process-wide, not a context variable: delivery sends on worker threads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int], None]

_reporter: Callable[[str, int], object] | None = None


def _nothing(_n: int = 1) -> None:
    return None


@contextmanager
def task(label: str, total: int) -> Iterator[Advance]:
    """A unit of long work: `label` (what is counted, in Chinese: 导入花名册（行）) of `total` steps; yields
    `advance(n=1)`. Without a reporter, advance does nothing."""
    if _reporter is None or total <= 0:
        yield _nothing
        return
    with _reporter(label, total) as advance:
        yield advance


def counted(items, label: str, *, every: int = 500) -> Iterator:
    """Yield `items` (a sized collection), advancing a task named `label` as they go (every `every` items: a bar
    of 200,000 rows costs nothing noticeable)."""
    total = len(items)
    with task(label, total) as advance:
        pending = 0
        for item in items:
            yield item
            pending += 1
            if pending == every:
                advance(pending)
                pending = 0
        advance(pending)


@contextmanager
def reporting(reporter: Callable[[str, int], object]) -> Iterator[None]:
    """Show every task started inside the block through `reporter(label, total)` (a context manager yielding
    advance)."""
    global _reporter
    before, _reporter = _reporter, reporter
    try:
        yield
    finally:
        _reporter = before
