"""Progress bars on a terminal (rich): `with shown(as_json): …` around a command's long work.

Shows the tasks of adapters/progress.py as rich bars on stderr when stderr is a terminal and the command was not
asked for --json; otherwise nothing (a pipe, a log file, a test, a script reading JSON see no bar).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


def wanted(as_json: bool = False) -> bool:
    return not as_json and sys.stderr.isatty()


@contextmanager
def shown(as_json: bool = False) -> Iterator[None]:
    if not wanted(as_json):
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from adapters.progress import reporting

    bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)

    @contextmanager
    def bar(label: str, total: int):
        task = bars.add_task(label, total=total)
        try:
            yield lambda n=1: bars.advance(task, n)
        finally:
            bars.remove_task(task)

    with bars, reporting(bar):
        yield
