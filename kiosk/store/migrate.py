"""Schema upgrades through Alembic: upgrade an older database, refuse a newer one."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from kiosk.core.errors import DatabaseError
from kiosk.paths import MIGRATIONS
from kiosk.store.engine import check_connection, describe_operational_error


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_state(engine: Engine) -> str:
    """ "empty", "current", "older" or "newer" (a database written by a later release)."""
    revision = current_revision(engine)
    if revision is None:
        return "empty"
    script = ScriptDirectory.from_config(alembic_config())
    if revision == script.get_current_head():
        return "current"
    try:
        script.get_revision(revision)
    except Exception:
        return "newer"
    return "older"


def upgrade(engine: Engine) -> str:
    """Bring the schema to the newest revision; returns what the database was before.

    Raises:
        DatabaseError: the database comes from a newer release, is damaged or unreachable.
    """
    check_connection(engine, thorough=True)
    try:
        state = schema_state(engine)
        if state == "newer":
            raise DatabaseError(
                "This database was written by a newer version of the kiosk software "
                f"(schema {current_revision(engine)}); update this kiosk before using it.",
                "此数据库由更新版本的签到软件创建，请先升级本终端的软件。",
            )
        if state != "current":
            config = alembic_config()
            with engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        return state
    except OperationalError as exc:
        raise describe_operational_error(exc, engine.url.render_as_string()) from exc


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
