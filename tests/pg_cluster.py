"""A throwaway PostgreSQL cluster for the tests and the benchmarks: initdb in a temporary folder, a loopback
port, its unix socket in that folder, fsync off. Nothing outside the folder is touched; `stop()` removes it.

The binaries are Debian's `postgresql` package (or any PostgreSQL >= 15 whose `initdb` is found through
`pg_config --bindir`, /usr/lib/postgresql/*/bin or PATH). initdb refuses to run as root: as root the cluster
runs as the `postgres` user when there is one, else as `nobody`, owning only the temporary folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

TEMPLATE = "dudao_template"  # an empty ledger at the head migration: tests copy it (CREATE DATABASE … TEMPLATE)


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def bindir() -> Path | None:
    """The folder holding initdb/pg_ctl/postgres, or None."""
    candidates: list[str] = []
    if os.environ.get("DUDAO_PG_BINDIR"):  # given: that folder only
        path = Path(os.environ["DUDAO_PG_BINDIR"])
        return path if all((path / name).exists() for name in ("initdb", "pg_ctl", "postgres")) else None
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0:
            candidates.append(out.stdout.strip())
    except OSError:
        pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(str(Path(found).resolve().parent))
    for folder in candidates:
        path = Path(folder)
        if all((path / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return path
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _runas() -> str | None:
    """The unprivileged user the cluster runs as when we are root (initdb refuses root), else None."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresMissing("running as root and no unprivileged user (postgres/nobody) to run PostgreSQL as")


class Cluster:
    """One PostgreSQL cluster; `url(db)` is the SQLAlchemy URL of a database in it (psycopg 3, trust auth)."""

    def __init__(self, root: Path | None = None, port: int | None = None):
        bins = bindir()
        if bins is None:
            raise PostgresMissing("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.bin = bins
        self.root = Path(root or tempfile.mkdtemp(prefix="dudao-pg-"))
        self.data = self.root / "data"
        self.port = port or _free_port()
        self.user = _runas()

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *args] if self.user else list(args)

    def start(self) -> Cluster:
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o755)  # the test processes (root) read the log; the socket folder must be reachable
        made = subprocess.run(self._cmd(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                                        "--auth=trust", "-E", "UTF8",
                                        "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C", "--no-sync"),
                              capture_output=True, text=True, cwd="/")
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed (as {self.user or 'this user'}): {made.stdout[-1500:]}{made.stderr}")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                   "-c shared_buffers=256MB -c timezone=UTC -c max_locks_per_transaction=256")
        done = subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                                        str(self.root / "server.log"), "-o", options, "-w", "-t", "60", "start"),
                              capture_output=True, text=True, cwd="/")
        if done.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace") if (self.root / "server.log").exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {done.stdout}{done.stderr}\n{log[-2000:]}")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(self.dsn(database), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, name: str, template: str | None = None) -> str:
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def make_template(self) -> str:
        """The migrated template every test database is copied from (ALLOW_CONNECTIONS false after)."""
        from models.db import dispose_engines
        from models.migrate import upgrade

        url = self.create_database(TEMPLATE)
        upgrade(url)
        dispose_engines()
        return url

    def stop(self) -> None:
        subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"),
                       capture_output=True, cwd="/")
        deadline = time.monotonic() + 10
        while (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        shutil.rmtree(self.root, ignore_errors=True)


def _has_c_utf8() -> bool:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10).stdout.lower()
    except OSError:
        return False
    return "c.utf8" in out or "c.utf-8" in out
