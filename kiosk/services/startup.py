"""Opening a kiosk's database: connect, bring the schema up to date, check the file.

The front ends call these instead of reaching into the store: the app when it starts and
when staff retry after a fault, the command line for every command.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from kiosk.core.errors import DatabaseError
from kiosk.services.env import ServiceEnv
from kiosk.store import migrate
from kiosk.store.engine import make_engine


def open_database(url: str) -> Engine:
    """An engine for ``url``; a new SQLite file is created empty and owner-only (0600) at once,
    the schema only by :func:`prepare_database`.

    Raises:
        DatabaseError: a malformed URL or an unsupported backend.
    """
    return make_engine(url)


def prepare_database(engine: Engine) -> str:
    """Upgrade an older or empty schema; returns what it was ("empty", "older", "current").

    Raises:
        DatabaseError: the database is unreachable, damaged, or written by a newer release.
    """
    return migrate.upgrade(engine)


def integrity_problem(engine: Engine) -> str | None:
    """The full-file check's verdict (SQLite ``quick_check``), None when the file is sound.

    It reads the whole file (~0.2 s at 100k bookings), so the app runs it after start-up,
    off the UI thread.
    """
    return migrate.integrity_problem(engine)


def prepare_kiosk(env: ServiceEnv) -> str:
    """Make a kiosk ready to check in: its database, or for a kiosk of a hub its hub or copy.

    A kiosk of a hub (``env.route``) upgrades the hub's schema when the hub answers within
    its budget and otherwise starts on its replica; only a kiosk with neither cannot start.

    Raises:
        DatabaseError: the database (or hub and replica) cannot be used; one sentence says
            what to do.
    """
    from kiosk.services.local_first import LocalFirstKiosk

    route = env.route
    if not isinstance(route, LocalFirstKiosk):
        return migrate.upgrade(env.engine)
    if route.prepare_hub(force=True):
        return "current"
    if route.replica.ready:
        return "offline"
    raise DatabaseError(
        "The shared server does not answer and this kiosk has no copy of its data yet: "
        "connect the kiosk to the network and press Retry.",
        "共享服务器无响应，且本终端尚无数据副本：请连接网络后点击“重试”。",
    )
