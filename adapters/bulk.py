"""Bulk work in Python (批量计算): building tens of thousands of long-lived objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector for a bulk computation.

    The collector runs a full pass over every object in the process each time the objects that survived its
    younger passes have grown by a quarter. Building the red/black list of 20k villages (~200k dicts,
    dataclasses and tuples that all stay alive until the end) triggered six full passes, ~0.5 s of a 2 s
    computation, and none of them found garbage. Reference counting still frees everything as usual; only
    reference cycles wait until the collector is back on (it is re-enabled at the end if it was on before).
    Nothing depends on it semantically: it is a speed switch, safe to nest (another thread leaving its own
    pause early only turns the collector back on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
