"""``kiosk headcount``."""

from __future__ import annotations

import argparse
from datetime import timedelta

from kiosk.cli.common import EXIT_OK, Context, print_json, say
from kiosk.services.headcount import headcount


def run(args: argparse.Namespace, ctx: Context) -> int:
    now = ctx.clock(args.at).now()
    result = headcount(
        ctx.engine(),
        now=now,
        zone=ctx.settings.zone,
        grace_after=timedelta(minutes=ctx.settings.grace_after_min),
        session_id=args.session,
    )
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    if not result.sessions:
        say(f"No sessions on {now:%Y-%m-%d} ({ctx.settings.timezone}).")
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Headcount at {now:%Y-%m-%d %H:%M}")
    for column in ("session", "booked", "in", "on site", "expected", "no-show", "groups"):
        table.add_column(column, justify="right" if column not in ("session", "groups") else "left")
    for s in result.sessions:
        groups = "  ".join(f"{g.name} {g.count}/{g.capacity}" for g in s.groups)
        table.add_row(
            f"{s.id} {s.starts_at:%H:%M}",
            str(s.booked),
            str(s.checked_in),
            str(s.on_site),
            str(s.expected),
            str(s.no_show),
            groups,
        )
    Console().print(table)
    return EXIT_OK
