"""Schema upgrades through Alembic: upgrade an older database, refuse a newer one.

Alembic is imported only when the schema is not already current: a kiosk that starts on an
up-to-date database reads one row of ``alembic_version`` and saves ~0.4 s of start-up.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from kiosk.core.errors import DatabaseError
from kiosk.paths import MIGRATIONS
from kiosk.store.engine import check_connection, describe_operational_error

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w-]+|None)['\"]?", re.M)


def quick_head(folder: Path | None = None) -> str | None:
    """The head revision read from the migration files' text, without importing Alembic.

    Returns None when the files do not describe one single head (Alembic then decides).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in ((folder or MIGRATIONS) / "versions").glob("*.py"):
        found = dict((key, value) for key, value in _REVISION_LINE.findall(path.read_text("utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            if found.get("down_revision", "None") != "None":
                parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def schema_state(engine: Engine) -> str:
    """ "empty", "current", "older" or "newer" (a database written by a later release)."""
    revision = current_revision(engine)
    if revision is None:
        return "empty"
    if revision == quick_head():
        return "current"
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    if revision == script.get_current_head():
        return "current"
    try:
        script.get_revision(revision)
    except Exception:
        return "newer"
    return "older"


def upgrade(engine: Engine, *, thorough: bool = False) -> str:
    """Bring the schema to the newest revision; returns what the database was before.

    Args:
        thorough: run SQLite's ``quick_check`` even when no migration is due (it reads the
            whole file: ~0.2 s at 100k bookings, so the app runs it after start-up instead).
            Before a migration it always runs.

    Raises:
        DatabaseError: the database comes from a newer release, is damaged or unreachable.
    """
    check_connection(engine, thorough=thorough)
    try:
        state = schema_state(engine)
        if state in ("empty", "older") and not thorough:
            check_connection(engine, thorough=True)
        if state == "newer":
            raise DatabaseError(
                "This database was written by a newer version of the kiosk software "
                f"(schema {current_revision(engine)}); update this kiosk before using it.",
                "此数据库由更新版本的签到软件创建，请先升级本终端的软件。",
            )
        if state != "current":
            from alembic import command

            config = alembic_config()
            with engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        return state
    except OperationalError as exc:
        raise describe_operational_error(exc, engine.url.render_as_string()) from exc


def integrity_problem(engine: Engine) -> str | None:
    """SQLite's ``quick_check`` verdict, or None when the file is sound (or not SQLite)."""
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as conn:
        verdict = str(conn.exec_driver_sql("PRAGMA quick_check").scalar())
    return None if verdict == "ok" else verdict


def require_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not the one this release expects."""
    check_connection(engine)
    state = schema_state(engine)
    if state == "current":
        return
    if state == "newer":
        upgrade(engine)  # raises the clear "newer version" error
    raise DatabaseError(
        "The database has no current kiosk schema; run `kiosk db upgrade` first.",
        "数据库结构不是最新，请先运行 `kiosk db upgrade`。",
    )
