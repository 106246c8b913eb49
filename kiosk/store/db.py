"""Sessions scoped to one user action: one session (or connection), one transaction."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from kiosk.core.errors import DatabaseError
from kiosk.store.engine import WRITE_OPTION, describe_operational_error


@contextmanager
def database_errors(engine: Engine, *, writing: bool) -> Iterator[None]:
    """Turn driver faults into one DatabaseError sentence (the transaction was rolled back)."""
    try:
        yield
    except OperationalError as exc:
        raise describe_operational_error(exc, engine.url.render_as_string()) from exc
    except DBAPIError as exc:
        if writing and exc.connection_invalidated:
            raise DatabaseError(
                "The connection to the database was lost; nothing was saved. Try again.",
                "与数据库的连接已断开，本次操作未保存，请重试。",
            ) from exc
        raise


_WRITERS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _writer(engine: Engine) -> Engine:
    """The engine's write-transaction variant, made once (it is cheap to use, not to make)."""
    writer = _WRITERS.get(engine)
    if writer is None:
        writer = _WRITERS[engine] = engine.execution_options(**{WRITE_OPTION: True})
    return writer


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction: committed on success, rolled back on any error.

    On SQLite the transaction starts with ``BEGIN IMMEDIATE`` so concurrent kiosks queue
    on the busy timeout instead of failing halfway. Driver faults become DatabaseError.
    """
    bound = _writer(engine)
    with (
        database_errors(engine, writing=True),
        Session(bound, expire_on_commit=False) as session,
        session.begin(),
    ):
        yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads only; never commits."""
    with database_errors(engine, writing=False), Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """Like :func:`write_session` but a bare Core connection, for hot paths (check-in).

    Skipping the ORM unit of work saves most of a check-in's CPU time; the transaction and
    error translation are the same.
    """
    with database_errors(engine, writing=True), _writer(engine).begin() as conn:
        yield conn


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A bare connection for reads only."""
    with database_errors(engine, writing=False), engine.connect() as conn:
        yield conn
