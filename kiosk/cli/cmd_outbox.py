"""``kiosk outbox``: what a kiosk of a hub still has to upload; uploads it when the hub answers.

``kiosk conflicts``: the hub's open conflicts, and acknowledging them.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import EXIT_OK, EXIT_REFUSED, Context, print_json, say
from kiosk.core.errors import InputError


def _require_hub(ctx: Context, command: str) -> None:
    if not ctx.has_hub:
        raise InputError(
            f"`kiosk {command}` is for kiosks of a shared PostgreSQL server (--db "
            "postgresql://…); a single kiosk on its own SQLite file has nothing to upload.",
            f"`kiosk {command}` 仅用于连接共享 PostgreSQL 服务器的终端；单机 SQLite 终端无需上传。",
        )


def outbox(args: argparse.Namespace, ctx: Context) -> int:
    """Drain the outbox if the hub answers; report what is left, uploaded and in conflict."""
    _require_hub(ctx, "outbox")
    route = ctx.kiosk_route(ctx.clock(args.at))
    drained, pulled = route.sync()
    status = route.status()
    held = [
        {
            "key": event.key,
            "action": event.action,
            "code": event.payload.get("code"),
            "at": event.payload.get("at"),
            "reason": (event.result.get("conflicts") or [{}])[0].get("detail", {}).get("reason"),
        }
        for event in route.held_events()
    ]
    report: dict[str, Any] = {
        "kiosk": route.kiosk_id,
        "online": drained.reached_hub,
        "offline_since": status.offline_since.isoformat() if status.offline_since else None,
        "pending": status.pending,
        "uploaded": drained.uploaded,
        "already_on_hub": drained.duplicates,
        "held": held,
        "conflicts": [note.to_json() for note in drained.conflicts],
        "replica": {
            "ready": route.replica.ready,
            "rows_pulled": pulled.rows if pulled else 0,
            "rebuilt": bool(pulled and pulled.rebuilt),
        },
    }
    if status.other_hub_pending:
        report["pending_for_another_hub"] = status.other_hub_pending
    done = status.pending == 0 and not held
    if args.json:
        print_json(report)
        return EXIT_OK if done else EXIT_REFUSED
    where = "online" if drained.reached_hub else "offline: the shared server does not answer"
    say(f"Kiosk {route.kiosk_id} ({where}).")
    say(f"  uploaded now: {drained.uploaded}; still waiting: {status.pending}; held: {len(held)}")
    for note in drained.conflicts:
        times = " / ".join(t or "—" for t in note.times)
        say(f"  conflict {note.kind}: {note.code} on {' and '.join(note.kiosks)} ({times})")
    for item in held:
        say(f"  held {item['key']} ({item['code']}): {item['reason']}")
    return EXIT_OK if done else EXIT_REFUSED


def conflicts(args: argparse.Namespace, ctx: Context) -> int:
    """List the hub's open conflicts (``--all``: acknowledged too); ``--ack N`` closes one."""
    from kiosk.services.conflicts import acknowledge_conflict, hub_overview

    env = ctx.service_env()
    for conflict_id in args.ack or []:
        acknowledge_conflict(env, conflict_id)
    overview = hub_overview(env.engine, open_only=not args.all)
    if args.json:
        print_json(overview.to_json())
        return EXIT_OK
    if not overview.conflicts:
        say("No open conflicts." if not args.all else "No conflicts.")
    zh = ctx.settings.language == "zh"
    for line in overview.conflicts:
        title = line.title_zh if zh else line.title_en
        who = line.visitor_name or (f"#{line.visitor_seq}" if line.visitor_seq else "")
        times = " / ".join(t.astimezone(ctx.settings.zone).strftime("%H:%M:%S") if t else "—"
                           for t in line.times)  # fmt: skip
        kiosks = " / ".join(k or "hub" for k in line.kiosks)
        state = f" (acknowledged by {line.acknowledged_by})" if line.acknowledged_by else ""
        say(f"{line.id:>5}  {title}: {line.code} {who}  {kiosks}  {times}{state}")
    return EXIT_OK
