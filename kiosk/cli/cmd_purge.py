"""``kiosk purge --before DATE``: erase personal data of past sessions, keep the counts."""

from __future__ import annotations

import argparse

from kiosk.cli.common import EXIT_OK, Context, print_json, say
from kiosk.services.purge import parse_cutoff, purge_personal_data


def run(args: argparse.Namespace, ctx: Context) -> int:
    env = ctx.service_env()
    report = purge_personal_data(env, parse_cutoff(args.before, env))
    if args.json:
        print_json(report.to_json())
        return EXIT_OK
    local = report.before.astimezone(ctx.settings.zone)
    say(
        f"Purged {report.sessions} session(s) that started before {local:%Y-%m-%d %H:%M}: "
        f"erased contact name, phone and notes of {report.reservations_erased} reservation(s) "
        f"and the names of {report.visitors_erased} visitor(s). Codes, check-in times and "
        "groups are kept, so headcounts still add up."
    )
    return EXIT_OK
