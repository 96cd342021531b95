"""The engine and the one transaction helper, `session_scope()`.

SQLite (the embedded default) gets WAL and a busy timeout so the CLI, a flow and a backup can
share the file; PostgreSQL is used by giving its URL (DUDAO_DATABASE_URL).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from operator import methodcaller
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from config.errors import DudaoError, Problem

_engines: dict[str, Engine] = {}


def database_url() -> str:
    from config.settings import get_settings

    return get_settings().db_url


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL per process."""
    url = url or database_url()
    if url not in _engines:
        _engines[url] = _make_engine(url)
    return _engines[url]


def _make_engine(url: str) -> Engine:
    engine = _open_engine(url)
    sa.event.listen(engine, "before_execute", _refuse_too_long)
    return engine


def _open_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite test
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if sa.engine.make_url(url).get_backend_name() == "postgresql":
        # the same meaning whatever the server's defaults: timestamps come back in UTC (dudao converts to the
        # district's zone itself), dates print as YYYY-MM-DD (`CAST(date AS TEXT)` builds outbox periods)
        return sa.create_engine(url, pool_pre_ping=True,
                                connect_args={"options": "-c TimeZone=UTC -c DateStyle=ISO,YMD"})
    return sa.create_engine(url, pool_pre_ping=True)


TEXT_ORDER = ("C", "C.UTF-8", "C.utf8", "POSIX", "ucs_basic")  # text sorted by Unicode code point, as SQLite does


def refuse_locale_collation(conn) -> None:
    """A PostgreSQL ledger must sort text by code point (LC_COLLATE C / C.UTF-8), as SQLite does: dudao lists
    Chinese names in the same order on both. A database created with a language collation is refused by
    `dudao init` with the command that creates a right one."""
    if conn.dialect.name != "postgresql":
        return
    collation, provider, icu = conn.execute(sa.text(
        "SELECT datcollate, to_jsonb(d) ->> 'datlocprovider', to_jsonb(d) ->> 'daticulocale' FROM pg_database d "
        "WHERE datname = current_database()")).one()
    if provider == "i":  # an ICU collation (PostgreSQL 15+) sorts by language, whatever datcollate says
        collation = f"ICU {icu}"
    if collation not in TEXT_ORDER:
        name = conn.execute(sa.text("SELECT current_database()")).scalar()
        raise LedgerUnavailable("数据库的排序规则不符合要求", [Problem(
            _shown(conn.engine.url.render_as_string(hide_password=False)),
            f"排序规则为 {collation}；dudao 要求按 Unicode 码位排序（与 SQLite 一致），请用 "
            f"`createdb --locale=C.UTF-8 --template=template0 {name}` 创建账本数据库")])


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A unit of work: commits when the block ends, rolls back everything if it raises."""
    session = Session(get_engine(url), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class LedgerUnavailable(DudaoError):
    """The ledger cannot be opened, read or written (locked, read-only, not a database file, no driver)."""


class LedgerConflict(DudaoError):
    """A change would break a uniqueness rule of the ledger (e.g. two villages of a town with one name)."""


DRIVERS = {"psycopg", "psycopg2", "asyncpg", "pg8000"}  # a missing one of these is the ledger's driver


def ledger_error(exc: BaseException, url: str | None = None) -> DudaoError | None:
    """The user-facing error for a database failure a user can act on, or None when it is a defect.

    Called where a unit of work ends in an error (and by the CLI's last resort), so that a locked, read-only
    or missing ledger, a missing driver or a uniqueness conflict ends in a clear message, never a traceback."""
    where = _shown(url)
    text = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, sa.exc.IntegrityError):
        columns = text.split(":", 1)[1].strip() if "UNIQUE constraint failed" in text else _pg_unique(exc) or text
        return LedgerConflict("与账本中已有的记录冲突，未写入任何内容", [Problem(where, f"须唯一：{columns}")])
    if isinstance(exc, sa.exc.NoSuchModuleError) or (
            isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] in DRIVERS):
        return LedgerUnavailable("缺少数据库驱动", [Problem(where, "PostgreSQL 需安装驱动：pip install -e '.[postgres]'"
                                                    f"（{text}）")])
    if isinstance(exc, sa.exc.OperationalError):
        lowered = text.lower()
        if "locked" in lowered:
            reason = "账本正被其他进程写入，等待30秒后仍未释放；请稍后重试"
        elif "readonly" in lowered or "read-only" in lowered:
            reason = "账本文件只读，无法写入；请检查文件权限"
        elif "unable to open" in lowered or "is a directory" in lowered:
            reason = "无法打开账本文件（路径不存在、是文件夹或无权限）"
        elif "not a database" in lowered or "malformed" in lowered:
            reason = "该文件不是 dudao 账本（SQLite 数据库）"
        elif "connection" in lowered or "could not connect" in lowered:
            reason = "无法连接数据库服务器"
        else:
            return None
        return LedgerUnavailable("无法使用账本", [Problem(where, f"{reason}（{text}）")])
    return None


def _pg_unique(exc: BaseException) -> str | None:
    """PostgreSQL's unique violation as SQLite names it: `table.column, table.column`."""
    diag = getattr(getattr(exc, "orig", None), "diag", None)
    detail = getattr(diag, "message_detail", None) or ""
    table = getattr(diag, "table_name", None)
    if not table or not detail.startswith("Key ("):
        return None
    columns = detail[len("Key ("):].split(")=", 1)[0]
    return ", ".join(f"{table}.{c.strip()}" for c in columns.split(","))


def _shown(url: str | None) -> str:
    """The ledger as a user knows it: the SQLite file's path, or the server URL without its password."""
    if not url:
        return "账本"
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "账本"
    return parsed.render_as_string(hide_password=True)


class TooLong(DudaoError):
    """A text longer than its column declares (SQLite would store it; PostgreSQL refuses it)."""


def declared_length(attribute) -> int | None:
    """The length a model declares for a text column (`Field(max_length=64)` → VARCHAR(64)), or None."""
    column = attribute.property.columns[0] if hasattr(attribute, "property") else attribute
    return getattr(column.type, "length", None)


def length_problem(attribute, value: object) -> str | None:
    """What is wrong with `value` for the column `attribute` (e.g. `Village.name`) in the user's words, or None:
    the doors (sheets, options) check against the length the model declares, so it is declared once."""
    limit = declared_length(attribute)
    if isinstance(value, str) and limit is not None and len(value) > limit:
        return f"长 {len(value):,} 字，超过上限 {limit} 字：{value[:20]}…"
    return None


def _refuse_too_long(conn, clause, multiparams, params, execution_options) -> None:
    """The last door for text: an INSERT or UPDATE with a value longer than its column declares is refused
    before it reaches the database, on SQLite as on PostgreSQL (the doors above name the row or option)."""
    table = getattr(clause, "table", None)
    if not isinstance(clause, sa.sql.dml.ValuesBase | sa.sql.dml.Update) or not isinstance(table, sa.Table):
        return
    limits = {c.key: c.type.length for c in table.columns if getattr(c.type, "length", None)}
    if not limits:
        return
    rows = [p for group in (multiparams or ()) for p in (group if isinstance(group, list | tuple) else [group])]
    rows += [params] if params else []
    rows = [row for row in rows if isinstance(row, dict)]
    present = set().union(*rows)
    # column by column over the limited keys given, the longest text found in C (map, filter, max): an executemany
    # of 20,000 rows costs a few passes, not a Python loop over every value
    for key, limit in limits.items():
        if key not in present:
            continue
        if max(map(len, filter(str.__instancecheck__, map(methodcaller("get", key), rows))), default=0) <= limit:
            continue
        value = next(v for v in (row.get(key) for row in rows) if isinstance(v, str) and len(v) > limit)
        raise TooLong("文本过长，未写入任何内容", [Problem(
            f"{table.name}.{key}", f"长 {len(value):,} 字，超过上限 {limit} 字：{value[:20]}…")])


class SchemaMissing(DudaoError):
    """The database has no dudao schema yet."""


@lru_cache(maxsize=1)
def schema_head() -> str:
    """The newest migration's revision id (migrations are numbered files `000N_name.py`, one linear history)."""
    versions = Path(__file__).parent / "migrations" / "versions"
    return max(p.stem for p in versions.glob("[0-9]*.py"))


def refuse_missing_ledger(url: str) -> None:
    """A SQLite ledger that does not exist yet is not created by reading it: SchemaMissing (run `dudao init`)."""
    parsed = sa.engine.make_url(url)
    path = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if path and path != ":memory:" and not path.startswith("file:") and not Path(path).exists():
        raise SchemaMissing(f"账本 {path} 尚不存在：请先运行 `dudao init`")


_AT_HEAD: set[str] = set()  # ledgers this process has found at schema_head(): a served process checks each once


def require_schema(session: Session) -> None:
    """Fail with a clear message when `dudao init` has not been run against this database, or when the
    database is behind this version of dudao (it was created by an older one). A ledger found at head is not
    asked again by this process (schemas only move forward, and only through `dudao init`)."""
    url = session.get_bind().url.render_as_string(hide_password=True)
    if url in _AT_HEAD:
        return
    if not sa.inspect(session.connection()).has_table("alembic_version"):
        raise SchemaMissing(f"账本 {url} 尚未建立：请先运行 `dudao init`")
    current = session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    if current != schema_head():
        raise SchemaMissing(f"账本 {url} 的结构版本为 {current}，本版 dudao 需要 {schema_head()}："
                            "请运行 `dudao init` 升级（不会丢失任何内容）")
    _AT_HEAD.add(url)


def upsert(
    session: Session,
    model: type[SQLModel],
    rows: Sequence[dict],
    *,
    keys: Iterable[str],
    update: Iterable[str],
) -> None:
    """Insert rows, or update `update` columns where a row with the same `keys` exists (one statement)."""
    if not rows:
        return
    stmt = dialect_insert(session)(model.__table__)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys), set_={col: stmt.excluded[col] for col in update}
    )
    session.execute(stmt, list(rows))


def dialect_insert(session: Session):
    """The INSERT construct with ON CONFLICT clauses for the session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover
        raise NotImplementedError(f"upsert on {dialect}")
    return insert


def insert_ignore(session: Session, model: type[SQLModel], rows: Sequence[dict], *, keys: Iterable[str]) -> int:
    """Insert rows whose `keys` are new, skip the others (one statement); return how many were new."""
    if not rows:
        return 0
    stmt = (dialect_insert(session)(model.__table__).on_conflict_do_nothing(index_elements=list(keys))
            .execution_options(preserve_rowcount=True))
    return session.execute(stmt, list(rows)).rowcount


def bulk_insert(session: Session, model: type[SQLModel], rows: Sequence[dict]) -> None:
    """Insert many rows in one executemany (far faster than add_all)."""
    if rows:
        session.execute(sa.insert(model.__table__), list(rows))
