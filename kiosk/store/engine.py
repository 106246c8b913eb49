"""One engine factory for every backend, with the durability settings a kiosk needs."""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine

from kiosk.core.errors import DatabaseError

# How long a writer waits for another process's write lock before giving up. SQLite's busy
# handler polls instead of queueing, so under steady contention (several kiosks on one file, or
# a sync holding the lock) a 5 s wait starved some check-ins into "database is busy" errors;
# 30 s makes that practically impossible while the UI shows "Working…".
WAL_AUTOCHECKPOINT_PAGES = 4000
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _bad_url(url: str) -> DatabaseError:
    return DatabaseError(
        f"The database address {_redact(url)!r} is not valid; use sqlite:///PATH or "
        "postgresql+psycopg://USER:PASSWORD@HOST/DB.",
        f"数据库地址 {_redact(url)!r} 无效，请使用 sqlite:///路径 或 postgresql+psycopg://… 。",
    )


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@")[-1] if "@" in url else url


def parse_db_url(url: str) -> URL:
    """Parse and check a database URL; only SQLite and PostgreSQL (psycopg 3) are served."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise _bad_url(url) from exc
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.get_driver_name() in ("psycopg2", "pg8000", "asyncpg"):
            raise _bad_url(url)
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise _bad_url(url)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file owner-only (0600) before SQLite does, so personal data is not shared.

    A file that exists with looser permissions (copied from a USB stick, say) is tightened,
    together with its WAL and shared-memory files.
    """
    if str(path) in ("", ":memory:"):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
        for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if part.exists() and part.stat().st_mode & 0o077 and os.access(part, os.W_OK):
                with contextlib.suppress(OSError):  # not ours to change: leave it
                    part.chmod(0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise DatabaseError(
            f"The database file {path} cannot be created: {exc.strerror}.",
            f"无法创建数据库文件 {path}：{exc.strerror}。",
        ) from exc


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        # A checkpoint fsyncs the main file; at SQLite's default of every 1000 WAL pages it
        # lands on ~1 % of check-ins and sets their p99. Every 4000 pages (16 MB) it is rarer.
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()
    # No implicit pysqlite transactions: _sqlite_begin issues BEGIN / BEGIN IMMEDIATE itself.
    dbapi_connection.isolation_level = None


WRITE_OPTION = "kiosk_write"


def _sqlite_begin(conn: Any) -> None:
    # We drive SQLite transactions ourselves: writers issue BEGIN IMMEDIATE so a check-in
    # takes the write lock up front (waiting on busy_timeout) instead of failing with
    # "database is locked" when a read transaction tries to upgrade under contention.
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


# Statement parameters are phone numbers, names and scanned codes: a database error's message
# (which reaches kiosk.log and error dialogs) must not carry them.
HIDE_PARAMETERS = True


HUB_IDLE_IN_TRANSACTION_MS = 5000
"""A hub ends a kiosk's transaction whose client went silent (a cut network) after this, so
the rows it locked are free again for the kiosks that can still reach it."""


def hub_connect_args(budget_s: float) -> dict[str, Any]:
    """psycopg options of a kiosk that follows a hub and must notice a dead link quickly.

    The kiosk runs every hub call under its own deadline too (kiosk.store.hub_link): neither
    libpq's connect timeout (2 s at least) nor keepalives notice a link that swallows
    traffic while holding the connection open.
    """
    budget_ms = max(int(budget_s * 1000), 100)
    return {
        "connect_timeout": max(2, math.ceil(budget_s)),
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 2,
        "tcp_user_timeout": max(3 * budget_ms, 3000),
        "options": f"-c idle_in_transaction_session_timeout={HUB_IDLE_IN_TRANSACTION_MS}",
    }


def make_engine(url: str, *, echo: bool = False, hub_budget_s: float | None = None) -> Engine:
    """Build an engine for ``url``; SQLite gets WAL, FULL sync, FKs and a busy timeout.

    Args:
        hub_budget_s: for PostgreSQL, the time a kiosk gives the hub to answer (it connects
            with short timeouts and TCP keepalives then); None for plain use.

    Raises:
        DatabaseError: for a malformed URL or an unsupported backend.
    """
    parsed = parse_db_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                _prepare_sqlite_file(Path(database))
            engine = create_engine(
                parsed,
                echo=echo,
                hide_parameters=HIDE_PARAMETERS,
                poolclass=NullPool if not database or database == ":memory:" else None,
                connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            )
            event.listen(engine, "connect", _on_sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(
            parsed,
            echo=echo,
            hide_parameters=HIDE_PARAMETERS,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=5,
            connect_args=(
                {"connect_timeout": 5} if hub_budget_s is None else hub_connect_args(hub_budget_s)
            ),
        )
    except (ArgumentError, NoSuchModuleError) as exc:
        raise _bad_url(url) from exc


def check_connection(engine: Engine, *, thorough: bool = False) -> None:
    """Open a connection once and turn every way that can fail into one clear sentence.

    Args:
        thorough: on SQLite, also run ``PRAGMA quick_check`` (startup, upgrades).
    """
    url = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                pragma = "PRAGMA quick_check" if thorough else "PRAGMA schema_version"
                row = conn.exec_driver_sql(pragma).scalar()
                row = "ok" if not thorough else row
                if row != "ok":
                    raise DatabaseError(
                        f"The database file {engine.url.database} is damaged ({row}); "
                        "restore it from a backup or start a new one.",
                        f"数据库文件 {engine.url.database} 已损坏，请从备份恢复或新建数据库。",
                    )
            else:
                conn.execute(text("select 1"))
    except DatabaseError:
        raise
    except OperationalError as exc:
        raise describe_operational_error(exc, url) from exc
    except Exception as exc:  # the DBAPI's own errors, e.g. "file is not a database"
        raise DatabaseError(
            f"The database at {url} cannot be opened: {_first_line(exc)}.",
            f"无法打开数据库 {url}：{_first_line(exc)}。",
        ) from exc


def _first_line(exc: BaseException) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text_[0] if text_ else type(exc).__name__).rstrip(".")


def describe_operational_error(exc: BaseException, url: str) -> DatabaseError:
    """Translate a driver's operational error into what the operator should do."""
    detail = _first_line(exc)
    lowered = detail.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        return DatabaseError(
            f"The file behind {url} is not a kiosk database or is damaged; "
            "restore it from a backup or point --db at another file.",
            f"{url} 对应的文件不是有效的数据库或已损坏，请从备份恢复或使用其他文件。",
        )
    if "locked" in lowered or "busy" in lowered:
        return DatabaseError(
            "The database is busy with another kiosk; try again in a moment.",
            "数据库正被其他终端占用，请稍后重试。",
        )
    if "disk" in lowered and ("full" in lowered or "i/o" in lowered):
        return DatabaseError(
            "The disk under the database is full or failing; nothing was saved. "
            "Free some space and try again.",
            "数据库所在磁盘已满或出错，本次操作未保存。请清理空间后重试。",
        )
    return DatabaseError(
        f"The database at {url} cannot be reached: {detail}.",
        f"无法连接数据库 {url}：{detail}。",
    )
