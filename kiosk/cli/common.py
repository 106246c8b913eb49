"""What every command shares: settings, clock, database, output and exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.engine import Engine

from kiosk.config import Settings, load_settings
from kiosk.core.clock import Clock, parse_instant
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine, parse_db_url
from kiosk.store.migrate import upgrade

if TYPE_CHECKING:
    from kiosk.badges.sink import BadgeSink
    from kiosk.services.local_first import LocalFirstKiosk

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_ERROR = 2

Handler = Callable[[argparse.Namespace, "Context"], int]


class FrontEnd(Protocol):
    """What the touchscreen app lends the command line; ``kiosk.launcher`` plugs it in.

    The command line never imports the app (``kiosk.ui``): ``kiosk run`` and the system
    spooler reach it through this, so a build without Qt still runs every other command.
    """

    def require_display(self) -> None:
        """Raise a KioskError saying what to do when there is no usable display."""
        ...

    def run_window(
        self, env: ServiceEnv, mode: str, fullscreen: bool, screenshot: Path | None = None
    ) -> int:
        """Show the kiosk and run it until it is closed; returns the process exit code.

        Args:
            screenshot: save the first page to this PNG once ready, then quit.
        """
        ...

    def spooler(self, printer_name: str | None) -> BadgeSink:
        """The system print spooler as a badge sink (None: the default printer)."""
        ...


@dataclass
class Context:
    """Resolved settings and lazily opened resources for one command."""

    args: argparse.Namespace
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)
    front_end: FrontEnd | None = None
    _route: LocalFirstKiosk | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace, front_end: FrontEnd | None = None) -> Context:
        overrides: dict[str, Any] = {"db_url": getattr(args, "db", None)}
        if getattr(args, "kiosk_id", None):
            overrides["kiosk_id"] = args.kiosk_id
        if getattr(args, "mode", None):
            overrides["mode"] = args.mode
        settings = load_settings(getattr(args, "config", None), overrides=overrides)
        return cls(args, settings, front_end=front_end)

    def engine(self, *, migrated: bool = True) -> Engine:
        """The database engine; with ``migrated`` an empty or older schema is upgraded first.

        A damaged file or a database from a newer release raises DatabaseError untouched.
        """
        if self._engine is None:
            self._engine = make_engine(self.settings.database_url)
            if migrated:
                upgrade(self._engine)
        return self._engine

    def instant(self, text: str | None) -> datetime | None:
        return None if text is None else parse_instant(text, self.settings.zone)

    def clock(self, at: str | None = None, *, frozen: bool = True) -> Clock:
        """A clock at ``--at``/``--now`` if given (frozen for one-shot commands), else real."""
        instant = self.instant(at)
        if instant is None:
            return Clock(self.settings.zone)
        return Clock(self.settings.zone, instant, frozen=frozen)

    def service_env(self, at: str | None = None) -> ServiceEnv:
        """What a one-shot command hands to a use case: migrated database, clock, kiosk id.

        ``--at`` is parsed before the database is opened, so that a typo neither creates nor
        migrates a database ("exit 2: nothing changed"). The operator is ``--operator`` where
        the command has one.
        """
        clock = self.clock(at)
        return ServiceEnv(
            engine=self.engine(),
            settings=self.settings,
            clock=clock,
            kiosk_id=self.settings.kiosk_id,
            operator=getattr(self.args, "operator", "") or "",
        )

    @property
    def has_hub(self) -> bool:
        """Whether the database is a PostgreSQL hub this command plays a kiosk of."""
        if not self.settings.local_first:
            return False
        return parse_db_url(self.settings.database_url).get_backend_name() == "postgresql"

    def kiosk_env(self, at: str | None = None) -> ServiceEnv:
        """Like :meth:`service_env`, for commands that act as a kiosk (check-in and friends).

        On a hub the command is a kiosk like the app: it decides on the hub when it answers
        within the budget and else on its replica, with its outbox, in the data folder of
        its kiosk id. The hub is not needed to start.
        """
        if not self.has_hub:
            return self.service_env(at)
        clock = self.clock(at)
        route = self.kiosk_route(clock)
        return ServiceEnv(
            engine=route.link.engine,
            settings=self.settings,
            clock=clock,
            kiosk_id=self.settings.kiosk_id,
            operator=getattr(self.args, "operator", "") or "",
            route=route,
        )

    def kiosk_route(
        self, clock: Clock | None = None, *, background: bool = False
    ) -> LocalFirstKiosk:
        """This kiosk's replica, outbox and link to the hub (made once per command).

        Args:
            background: the app: a follower thread (``start``) probes, uploads and follows.
        """
        if self._route is None:
            from kiosk.services.local_first import LocalFirstKiosk

            budget = self.settings.hub_timeout_ms / 1000
            self._engine = make_engine(self.settings.database_url, hub_budget_s=budget)
            now = (clock or self.clock()).now
            self._route = LocalFirstKiosk(
                self._engine, self.settings, self.settings.kiosk_id, now=now, background=background
            )
        return self._route

    def close(self) -> None:
        if self._route is not None:
            self._route.close()
        if self._engine is not None:
            self._engine.dispose()


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL", help="database URL (default: KIOSK_DB_URL, then settings)"
    )
    parser.add_argument("--config", metavar="FILE", help="settings file (default: kiosk.toml)")


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON report for machines")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")
