"""Writing the files a user asked for: whole or not at all, and a clear message when the path cannot be used."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from config.errors import InputError, Problem


def write_atomically(path: Path | str, write: Callable[[Path], object]) -> Path:
    """Call `write` on a file beside `path`, then rename it into place: a reader never sees half a file, and a
    failed write leaves nothing behind. A path that cannot be written is the user's to fix, not a traceback."""
    path = Path(path)
    try:
        folder = path.is_dir()
    except OSError as exc:  # a name too long …
        raise InputError("无法写入文件", [Problem(str(path)[:200], exc.strerror or str(exc))]) from None
    if folder:
        raise InputError("无法写入文件", [Problem(str(path), "这是文件夹；请给出文件名")])
    if path.exists() and not path.is_file():  # a device (/dev/null), a pipe, a socket: renaming would replace it
        raise InputError("无法写入文件", [Problem(str(path), "这不是普通文件（设备、管道等）；请给出文件名")])
    # a temporary name of this writer's own: two processes writing the same file (two `rounds close` at once)
    # never share one; the last rename wins, and neither sees the other's half-written file
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError("无法写入文件", [Problem(str(path), exc.strerror or str(exc))]) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def evidence_problem(path: Path, *, inside: Path | None = None) -> str | None:
    """What is wrong with `path` as an evidence file, in the user's words, or None: it must be a regular file
    (not a folder, a device, a pipe or a socket), and lie inside `inside` when given (a sheet's relative paths
    may not climb out of the sheet's folder: `../../../../etc/passwd` is not evidence)."""
    import stat

    try:
        resolved = path.resolve()
        mode = resolved.stat().st_mode
    except (OSError, RuntimeError):
        return "文件不存在或无法读取"
    if inside is not None and not resolved.is_relative_to(inside.resolve()):
        return f"不在表格所在文件夹 {inside} 之内；证明材料请放在表格旁边"
    if stat.S_ISDIR(mode):
        return "是文件夹；请给出文件"
    if not stat.S_ISREG(mode):
        return "不是普通文件（设备、管道或套接字）；请给出文件"
    return None
