"""The command table: parsers are built eagerly, handlers imported only when run."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from kiosk.cli.common import EXIT_ERROR, Context, add_db_option, add_json_option, warn
from kiosk.core.errors import NotAvailableYet


def _lazy(target: str, feature: str) -> Any:
    """Import ``module:function`` on first use so ``kiosk --help`` and scans start fast."""

    def handler(args: argparse.Namespace, ctx: Context) -> int:
        module_name, _, name = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # A command whose module (or a kiosk module it needs) is not in this build is "not
            # available yet" (exit 2), never an internal error. A missing third-party package
            # is a broken install and still surfaces as one.
            if not (exc.name or "").startswith("kiosk"):
                raise
            raise _not_available_yet(feature) from exc
        function = getattr(module, name, None)
        if function is None:
            raise _not_available_yet(feature)
        result: int = function(args, ctx)
        return result

    return handler


def _not_available_yet(feature: str) -> NotAvailableYet:
    return NotAvailableYet(
        f"`kiosk {feature}` is not available yet in this version; nothing was done.",
        f"`kiosk {feature}` 在此版本中尚未提供，未做任何更改。",
    )


def not_available(feature: str) -> Any:
    def handler(args: argparse.Namespace, ctx: Context) -> int:
        warn(f"kiosk: {feature} is not available yet in this version; nothing was done.")
        return EXIT_ERROR

    return handler


SCREENSHOT_HELP = "save the first page as a picture once ready, then quit (checks a set-up)"


def register_all(sub: Any) -> None:
    def command(name: str, help_text: str, target: str | None) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(
            name, help=help_text, description=help_text
        )
        add_db_option(parser)
        parser.set_defaults(handler=_lazy(target, name) if target else not_available(name))
        return parser

    p = command("run", "run the kiosk app", "kiosk.cli.cmd_app:run")
    p.add_argument("--mode", choices=["gate", "self", "supervisor"])
    p.add_argument("--kiosk-id", metavar="ID")
    p.add_argument("--fullscreen", action="store_true")
    p.add_argument("--now", metavar="ISO", help="start the clock at this instant")
    p.add_argument("--screenshot", metavar="FILE.png", help=SCREENSHOT_HELP)

    p = command(
        "demo",
        "fresh database from the demo program, clock inside a live session",
        "kiosk.cli.cmd_app:demo",
    )
    p.add_argument("--now", metavar="ISO")
    p.add_argument("--mode", choices=["gate", "self", "supervisor"])
    p.add_argument("--kiosk-id", metavar="ID")
    p.add_argument("--fullscreen", action="store_true")
    p.add_argument("--no-window", action="store_true", help="prepare the database only")
    p.add_argument("--screenshot", metavar="FILE.png", help=SCREENSHOT_HELP)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p = db_sub.add_parser("upgrade", help="create or upgrade the schema")
    add_db_option(p)
    add_json_option(p)
    p.set_defaults(handler=_lazy("kiosk.cli.cmd_db:upgrade", "db upgrade"))

    p = command("sync", "import reservation and roster exports", "kiosk.cli.cmd_sync:run")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--full", action="store_true", help="the files are the complete list")
    p.add_argument("--strict", action="store_true", help="any rejected row aborts everything")
    p.add_argument("--dry-run", action="store_true", help="report without writing")
    p.add_argument("--watch", metavar="DIR", help="import each new export dropped into DIR")
    p.add_argument(
        "--session",
        metavar="START",
        help="the tour (its start, e.g. 2025-02-08T09:30, site time) of exports without dates",
    )
    p.add_argument(
        "--profile", metavar="NAME", help="a saved column mapping (profiles/ beside kiosk.toml)"
    )
    add_json_option(p)

    p = command("checkin", "check a reservation or badge in", "kiosk.cli.cmd_checkin:checkin")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--at", metavar="ISO")
    p.add_argument("--kiosk-id", metavar="ID")
    p.add_argument("--operator", metavar="NAME", default="")
    p.add_argument("--count", type=int, metavar="K", help="admit K of the party")
    p.add_argument("--override", metavar="REASON", help="staff override of a refusal")
    add_json_option(p)

    p = command(
        "search",
        "find bookings by name (pinyin, initials, a typo), code or last phone digits",
        "kiosk.cli.cmd_search:run",
    )
    p.add_argument("query", metavar="QUERY", help="e.g. wxm, 王小明, 'Chloe Martn', 5678")
    p.add_argument("--at", metavar="ISO", help="today's tours (at this instant) come first")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N bookings (20)")
    add_json_option(p)

    p = command("checkout", "check a visitor or party out", "kiosk.cli.cmd_checkin:checkout")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--at", metavar="ISO")
    p.add_argument("--kiosk-id", metavar="ID")
    add_json_option(p)

    p = command("undo", "undo the check-in of a reservation", "kiosk.cli.cmd_checkin:undo")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--at", metavar="ISO")
    p.add_argument("--kiosk-id", metavar="ID")
    p.add_argument("--operator", metavar="NAME", default="")
    add_json_option(p)

    p = command("headcount", "live headcounts per session", "kiosk.cli.cmd_headcount:run")
    p.add_argument("--at", metavar="ISO")
    p.add_argument("--session", metavar="ID")
    p.add_argument(
        "--kiosk-id",
        metavar="ID",
        help="count as this kiosk of a hub sees it (its copy while the hub does not answer)",
    )
    add_json_option(p)

    p = command(
        "outbox",
        "a hub kiosk's check-ins waiting to upload; uploads them when the hub answers",
        "kiosk.cli.cmd_outbox:outbox",
    )
    p.add_argument("--kiosk-id", metavar="ID")
    p.add_argument("--at", metavar="ISO", help="the kiosk's clock (for its report to the hub)")
    add_json_option(p)

    p = command(
        "conflicts",
        "what uploads of offline check-ins could not apply; acknowledge them",
        "kiosk.cli.cmd_outbox:conflicts",
    )
    p.add_argument("--ack", type=int, action="append", metavar="N", help="acknowledge conflict N")
    p.add_argument("--operator", metavar="NAME", default="", help="who acknowledges")
    p.add_argument("--all", action="store_true", help="acknowledged conflicts too")
    add_json_option(p)

    p = command("badge", "render the badges of a reservation", "kiosk.cli.cmd_badge:badge")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--out", required=True, metavar="FILE.png|FILE.pdf")
    p.add_argument("--size", metavar="PRESET")
    p.add_argument("--mono", action="store_true", help="black-and-white for thermal printers")

    p = command("print", "print the badges of a reservation", "kiosk.cli.cmd_badge:print_badges")
    p.add_argument("code", metavar="CODE", nargs="?")
    p.add_argument("--printer", metavar="NAME")
    p.add_argument("--test-page", action="store_true")

    export = sub.add_parser("export", help="export data")
    export_sub = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    p = export_sub.add_parser("checkins", help="check-ins as CSV or XLSX")
    add_db_option(p)
    p.add_argument("--out", required=True, metavar="FILE.csv|FILE.xlsx")
    p.add_argument("--with-contact", action="store_true")
    p.set_defaults(handler=_lazy("kiosk.cli.cmd_export:checkins", "export checkins"))

    keys = sub.add_parser("keys", help="ticket signing keys")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    p = keys_sub.add_parser("generate", help="write a new Ed25519 key pair")
    add_db_option(p)
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(handler=_lazy("kiosk.cli.cmd_tickets:keys_generate", "keys generate"))

    p = command("tickets", "write a QR ticket per reservation", "kiosk.cli.cmd_tickets:tickets")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--session", metavar="ID")

    p = command("pin", "make the staff PIN hash for kiosk.toml", "kiosk.cli.cmd_pin:run")
    p.add_argument("--stdin", action="store_true", help="read the PIN from standard input")

    p = command("purge", "erase personal data of past sessions", "kiosk.cli.cmd_purge:run")
    p.add_argument("--before", required=True, metavar="DATE")
    add_json_option(p)

    p = command(
        "install-service",
        "boot this Linux PC into the kiosk: a systemd unit running it under cage",
        "kiosk.cli.cmd_service:install_service",
    )
    p.add_argument("--mode", choices=["gate", "self"], required=True)
    p.add_argument("--kiosk-id", metavar="ID", required=True)
    p.add_argument("--user", metavar="USER", help="who the kiosk runs as (default: SUDO_USER)")
    p.add_argument("--tty", default="tty1", metavar="TTY", help="virtual terminal (tty1)")
    p.add_argument("--program", metavar="PATH", help="the kiosk command (default: this one)")
    p.add_argument("--name", default="tour-kiosk", metavar="UNIT", help="unit name (tour-kiosk)")
    p.add_argument("--unit-dir", metavar="DIR", help="where to write it (/etc/systemd/system)")
    p.add_argument("--enable", action="store_true", help="start it now and at every boot")
    p.add_argument("--print", action="store_true", help="print the unit instead of writing it")

    p = command("bench", "measure performance against raw baselines", "kiosk.cli.cmd_bench:run")
    p.add_argument("--size", type=int, default=100_000, metavar="N")
    p.add_argument(
        "--soak",
        action="store_true",
        help="soak instead: many kiosks and a dashboard on one database (--db, empty), "
        "then an audit of every check-in",
    )
    p.add_argument("--kiosks", type=int, default=20, metavar="N", help="soak: kiosk processes")
    p.add_argument("--minutes", type=float, default=5.0, metavar="M", help="soak: duration")
    add_json_option(p)
