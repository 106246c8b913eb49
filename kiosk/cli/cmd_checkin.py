"""``kiosk checkin``, ``kiosk checkout`` and ``kiosk undo``."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from kiosk.cli.common import EXIT_OK, EXIT_REFUSED, Context, print_json, say
from kiosk.core.errors import InputError
from kiosk.core.rules import ActionOutcome
from kiosk.services.checkin import check_in, check_out, undo_check_in
from kiosk.services.results import CheckInResult


def _in_site_time(data: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Show instants in the site's zone (stored and computed in UTC)."""
    zone = ctx.settings.zone

    def local(text: str | None) -> str | None:
        return None if text is None else datetime.fromisoformat(text).astimezone(zone).isoformat()

    data["session_starts_at"] = local(data.get("session_starts_at"))
    for visitor in data.get("visitors", []):
        for key in ("checked_in_at", "checked_out_at"):
            visitor[key] = local(visitor.get(key))
    return data


def _report(args: argparse.Namespace, ctx: Context, result: CheckInResult, ok: bool) -> int:
    if args.json:
        print_json(_in_site_time(result.to_json(), ctx))
    else:
        message = result.message_zh if ctx.settings.language == "zh" else result.message_en
        say(f"{result.outcome}: {message}")
        for visitor in result.visitors:
            name = visitor.name or f"Guest {visitor.seq}/{result.party_size}"
            group = f"group {visitor.group}" if visitor.group else "no group"
            guide = f", guide {visitor.guide}" if visitor.guide else ""
            where = f", meet at {visitor.meeting_point}" if visitor.meeting_point else ""
            say(f"  {name}: {group}{guide}{where}")
        if result.overflow:
            say("  Note: every group was full; the supervisor has been alerted.")
        if result.offline:
            say(
                "  Offline: the shared server did not answer; decided on this kiosk's copy and "
                "queued for upload (kiosk outbox)."
            )
    return EXIT_OK if ok else EXIT_REFUSED


def checkin(args: argparse.Namespace, ctx: Context) -> int:
    if args.count is not None and args.count < 1:
        # Raised (not printed) so the sentence goes to stderr and --json stdout stays clean.
        raise InputError("--count must be at least 1.", "--count 至少为 1。")
    result = check_in(
        ctx.kiosk_env(args.at), args.code, count=args.count, override_reason=args.override
    )
    return _report(args, ctx, result, result.admitted_ok)


def checkout(args: argparse.Namespace, ctx: Context) -> int:
    result = check_out(ctx.kiosk_env(args.at), args.code)
    return _report(args, ctx, result, result.outcome is ActionOutcome.CHECKED_OUT)


def undo(args: argparse.Namespace, ctx: Context) -> int:
    result = undo_check_in(ctx.kiosk_env(args.at), args.code, reason="undone from the command line")
    return _report(args, ctx, result, result.outcome is ActionOutcome.UNDONE)
