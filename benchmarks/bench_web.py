"""Web board figures on 20,000 villages and 1M issues (the ledger of bench_issues): a town user's paginated ledger
(p95), 工作台 under 50 concurrent keep-alive clients for 30 s, and that rate against a bare FastAPI JSON endpoint
served the same way (uvicorn in a subprocess, one worker; the clients are httpx's async client)."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks import ROOT, benchmark
from benchmarks.bench_issues import AS_OF
from benchmarks.ledger_cache import issue_ledger

CLIENTS, SECONDS = 50, 30
TOWN = "T0007"
PASSWORD = "bench-password-1"
BARE = textwrap.dedent("""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/ping")
    def ping():
        return {"ok": True}
""")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(app: str, env: dict, cwd: Path, *, factory: bool) -> tuple[subprocess.Popen, str]:
    port = _port()
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
           "--no-server-header"] + (["--factory"] if factory else [])
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    import httpx

    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(url + "/static/board.css" if factory else url + "/ping", timeout=30)
            return proc, url
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()) from None
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def _log_in(url: str) -> dict[str, str]:
    import httpx

    with httpx.Client(base_url=url, timeout=300) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)[1]
        reply = c.post("/login", data={"login": "town-bench", "password": PASSWORD, "csrf_token": token})
        assert reply.status_code in (200, 303), reply.status_code
        return dict(c.cookies)


async def _ask(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One request on a kept-alive connection; the reply's status (its body read whole, by Content-Length)."""
    writer.write(request)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = None
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise ConnectionError("a reply without Content-Length")
    await reader.readexactly(length)
    return status


async def _hammer(url: str, path: str, cookies: dict[str, str]) -> tuple[int, int]:
    """CLIENTS clients, each on its own keep-alive HTTP/1.1 connection (opened and warmed before the clock
    starts), asking `path` in a loop for SECONDS. The clients speak HTTP on asyncio streams, not through httpx:
    on a small machine the load generator shares the cores with the server, and httpx's own cost per request
    (several times a bare endpoint's) would be measured instead of the server's."""
    host, port = url.removeprefix("http://").split(":")
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/html\r\n"
               + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode()
    connections = [await asyncio.open_connection(host, int(port)) for _ in range(CLIENTS)]
    await asyncio.gather(*(_ask(r, w, request) for r, w in connections))  # warmed before the clock starts
    done = errors = 0
    stop = time.perf_counter() + SECONDS

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal done, errors
        while time.perf_counter() < stop:
            try:
                if await _ask(reader, writer, request) == 200:
                    done += 1
                else:
                    errors += 1
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                errors += 1
                reader, writer = await asyncio.open_connection(host, int(port))

    try:
        await asyncio.gather(*(client(r, w) for r, w in connections))
    finally:
        for _, w in connections:
            w.close()
    return done, errors


@benchmark("web_issue_list_p95_ms", "web_dashboard_rps", "web_vs_bare_fastapi")
def web_board():
    from config.district import DistrictConfig
    from domain.accounts import add_user
    from domain.unit_of_work import unit_of_work
    from models.db import dispose_engines

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        url = issue_ledger(home)  # built once, cached under var/bench-cache
        cfg = DistrictConfig.model_validate({"district": {"code": "BENCH", "name": "基准区"}})
        with unit_of_work(as_of=AS_OF, actor="bench", config=cfg, url=url) as uow:
            add_user(uow, "town-bench", role="town", scope=TOWN, name="镇街用户", password=PASSWORD)
        dispose_engines()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DUDAO_", "PREFECT_"))}
        env.update(DUDAO_HOME=str(home), DUDAO_DATABASE_URL=url, DUDAO_WEB_AS_OF=AS_OF.isoformat(),
                   DUDAO_CONFIG_PATH=str(ROOT / "config" / "examples" / "district.toml"), DUDAO_WEB_SECRET="bench")
        board, board_url = _serve("web.app:make_app", env, ROOT, factory=True)
        try:
            import httpx

            cookies = _log_in(board_url)
            times = []
            with httpx.Client(base_url=board_url, cookies=cookies, timeout=300) as c:
                total = c.get("/issues?format=json").json()["pages"]
                for n in range(200):
                    start = time.perf_counter()
                    reply = c.get(f"/issues?page={n % total + 1}")
                    times.append((time.perf_counter() - start) * 1000)
                    assert reply.status_code == 200 and "问题台账" in reply.text
                assert "工作台" in c.get("/dashboard").text
            p95 = statistics.quantiles(times, n=20)[-1]
            done, errors = asyncio.run(_hammer(board_url, "/dashboard", cookies))
        finally:
            _stop(board)
        (home / "bare_app.py").write_text(BARE)
        bare, bare_url = _serve("bare_app:app", env, home, factory=False)
        try:
            bare_done, bare_errors = asyncio.run(_hammer(bare_url, "/ping", {}))
        finally:
            _stop(bare)
    rate, bare_rate = done / SECONDS, bare_done / SECONDS
    yield "web_issue_list_p95_ms", p95, f"ms (a town user's ledger, {total} pages, 200 requests)"
    yield "web_dashboard_rps", rate, f"req/s ({CLIENTS} keep-alive clients for {SECONDS} s, {errors} errors)"
    yield "web_vs_bare_fastapi", rate / bare_rate, f"(bare FastAPI JSON {bare_rate:.0f} req/s, {bare_errors} errors)"
