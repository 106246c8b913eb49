"""``kiosk db upgrade``."""

from __future__ import annotations

import argparse

from kiosk.cli.common import EXIT_OK, Context, print_json, say
from kiosk.store.migrate import head_revision
from kiosk.store.migrate import upgrade as upgrade_schema


def upgrade(args: argparse.Namespace, ctx: Context) -> int:
    before = upgrade_schema(ctx.engine(migrated=False), thorough=True)
    url = ctx.engine(migrated=False).url.render_as_string(hide_password=True)
    if args.json:
        print_json({"database": url, "before": before, "revision": head_revision()})
    else:
        verb = {"empty": "created", "older": "upgraded", "current": "already up to date"}[before]
        say(f"Database {url}: schema {verb} (revision {head_revision()}).")
    return EXIT_OK
