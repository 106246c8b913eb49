"""``kiosk export checkins --out FILE.csv|FILE.xlsx [--with-contact]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.common import EXIT_ERROR, EXIT_OK, Context, say, warn
from kiosk.core.errors import KioskError
from kiosk.services.export import export_checkins


def checkins(args: argparse.Namespace, ctx: Context) -> int:
    """Write every check-in to a spreadsheet; phones stay masked unless --with-contact."""
    env = ctx.service_env()
    try:
        report = export_checkins(env, Path(args.out), with_contact=bool(args.with_contact))
    except KioskError as exc:
        warn(f"kiosk: {exc.message}")
        return EXIT_ERROR
    contact = "with full phone numbers" if report.with_contact else "phones masked"
    say(f"Wrote {report.rows} check-in(s) to {report.path} ({contact}).")
    return EXIT_OK
