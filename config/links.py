"""Where a reader opens what dudao made: the web board's pages and documents, as markdown links.

Prefect artifacts are read in a browser by people who have no shell on the server: they link here, never
to a CLI command or a server path. The board's address is the `web_url` setting (`DUDAO_WEB_URL`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from config.settings import get_settings


def page(label: str, where: str, /, **query: object) -> str:
    """`[label](<web_url>/<where>?<query>)`: a page of the web board."""
    url = get_settings().web_url.rstrip("/") + "/" + where.lstrip("/")
    shown = {k: v for k, v in query.items() if v is not None}
    return f"[{label}]({url}{'?' + urlencode(shown) if shown else ''})"


def document(file: Path | str, label: str | None = None) -> str:
    """A bulletin, brief or report under the outputs folder, as its download link on the board (报告与文件);
    a file elsewhere is named only (the board serves nothing outside the outputs folder)."""
    file = Path(file)
    root = get_settings().outputs_dir.resolve()
    try:
        rel = file.resolve().relative_to(root).as_posix()
    except ValueError:
        return label or file.name
    return page(label or file.name, "reports/file", path=rel)
