"""``kiosk headcount``."""

from __future__ import annotations

import argparse
from datetime import timedelta

from sqlalchemy.engine import Engine

from kiosk.cli.common import EXIT_OK, Context, print_json, say
from kiosk.services.conflicts import HubOverview, hub_overview
from kiosk.services.headcount import headcount
from kiosk.services.results import Headcount


def run(args: argparse.Namespace, ctx: Context) -> int:
    clock = ctx.clock(args.at)
    now = clock.now()

    def count(engine: Engine) -> Headcount:
        return headcount(
            engine,
            now=now,
            zone=ctx.settings.zone,
            grace_after=timedelta(minutes=ctx.settings.grace_after_min),
            session_id=args.session,
        )

    overview: HubOverview | None = None
    source = "hub"
    if getattr(args, "kiosk_id", None) and ctx.has_hub:
        # As that kiosk sees it: the hub while it answers, else the kiosk's own copy.
        route = ctx.kiosk_route(clock)
        route.prepare_hub()
        result, source = route.read(count)
        if source == "hub":
            overview, _ = route.read(hub_overview)
    else:
        engine = ctx.engine()
        result = count(engine)
        overview = hub_overview(engine)
    if args.json:
        data = result.to_json()
        data["source"] = source
        if overview is not None:
            data.update(
                kiosk_status=[k.to_json() for k in overview.kiosks],
                conflicts=[c.to_json() for c in overview.conflicts],
            )
        print_json(data)
        return EXIT_OK
    if source == "replica":
        say("The shared server does not answer: counted on this kiosk's own copy.")
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
    if overview is not None and overview.conflicts:
        say(f"{len(overview.conflicts)} open conflict(s) from offline check-ins: kiosk conflicts")
    return EXIT_OK
