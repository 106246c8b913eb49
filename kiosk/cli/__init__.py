"""The ``kiosk`` command line: every use case scriptable, JSON for machines.

Exit codes: 0 done, 1 done but refused or with rejected rows, 2 error (nothing changed).
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.cli import commands
from kiosk.cli.common import EXIT_ERROR, Context, FrontEnd, warn
from kiosk.config import data_dir
from kiosk.core.errors import KioskError

log = logging.getLogger("kiosk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Check-in kiosk for guided factory tours: scan, admit, badge, count.",
        epilog="Exit codes: 0 done, 1 done but refused or with rejected rows, 2 error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands.register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, front_end: FrontEnd | None = None) -> int:
    """Run one command; never lets a traceback reach the user.

    Args:
        front_end: the touchscreen app for ``kiosk run``/``demo`` and the system spooler
            (``kiosk.launcher`` passes it; without it those say they are not available).
    """
    _configure_logging()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed a usage line
        return EXIT_ERROR if exc.code not in (0, None) else 0
    ctx: Context | None = None
    try:
        ctx = Context.from_args(args, front_end)
        code: int = args.handler(args, ctx)
        return code
    except KioskError as exc:
        warn(f"kiosk: {exc.message}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        warn("kiosk: interrupted; nothing more was changed.")
        return EXIT_ERROR
    except Exception as exc:  # a bug: one sentence for the user, the details in the log
        log.exception("unexpected error in %s", getattr(args, "command", "?"))
        warn(
            f"kiosk: unexpected internal error ({type(exc).__name__}); nothing was changed. "
            "Set KIOSK_DEBUG=1 to see details."
        )
        if _debug():
            raise
        return EXIT_ERROR
    finally:
        if ctx is not None:
            ctx.close()


def _debug() -> bool:
    return os.environ.get("KIOSK_DEBUG") == "1"


def _configure_logging() -> None:
    """Details go to a log file in the data folder, never to the user's terminal."""
    log.propagate = False
    if log.handlers:
        return
    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "kiosk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    log.addHandler(handler)
    log.setLevel(logging.INFO)


if __name__ == "__main__":
    sys.exit(main())
