"""Writing the files a user asked for: whole or not at all, and a clear message when the path cannot be used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from config.errors import InputError, Problem


def write_atomically(path: Path | str, write: Callable[[Path], object]) -> Path:
    """Call `write` on a file beside `path`, then rename it into place: a reader never sees half a file, and a
    failed write leaves nothing behind. A path that cannot be written is the user's to fix, not a traceback."""
    path = Path(path)
    if path.is_dir():
        raise InputError("cannot write the file", [Problem(str(path), "is a folder; give a file name")])
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        write(tmp)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError("cannot write the file", [Problem(str(path), exc.strerror or str(exc))]) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
