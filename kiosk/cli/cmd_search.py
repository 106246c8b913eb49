"""``kiosk search QUERY [--at ISO] [--limit N] [--json]``: the gate's booking search, scripted.

Exit 0 when bookings were found, 1 when none were (like ``grep``), 2 on an error.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import EXIT_OK, EXIT_REFUSED, Context, print_json, say
from kiosk.core.errors import InputError
from kiosk.services.lookup import ReservationSummary
from kiosk.services.search import find_bookings

REASONS = {
    "code": ("booking code", "预约码"),
    "code_prefix": ("start of the code", "预约码开头"),
    "name_exact": ("name", "姓名"),
    "name_prefix": ("start of the name", "姓名开头"),
    "name_contains": ("part of the name", "姓名的一部分"),
    "name_typo": ("name, one letter off", "姓名（相差一个字母）"),
    "pinyin_full": ("pinyin", "拼音"),
    "pinyin_initials": ("pinyin initials", "拼音首字母"),
    "pinyin_mixed": ("pinyin, in part", "部分拼音"),
    "phone": ("last digits of the phone", "手机尾号"),
}
"""Why a booking matched, in words (the JSON carries the reason's code)."""
MAX_LIMIT = 500


def run(args: argparse.Namespace, ctx: Context) -> int:
    if not 1 <= args.limit <= MAX_LIMIT:
        raise InputError(
            f"--limit must be between 1 and {MAX_LIMIT}.", f"--limit 必须在 1 到 {MAX_LIMIT} 之间。"
        )
    env = ctx.service_env(args.at)
    found = find_bookings(env, args.query, limit=args.limit)
    if args.json:
        print_json({"query": args.query, "bookings": [_as_json(row) for row in found]})
    else:
        zh = ctx.settings.language == "zh"
        if not found:
            say("没有找到预约。" if zh else "No booking found.")
        for row in found:
            say(_as_line(row, zh))
    return EXIT_OK if found else EXIT_REFUSED


def _as_json(row: ReservationSummary) -> dict[str, Any]:
    return {
        "code": row.code,
        "phone": row.phone_masked,
        "session": row.session_id,
        "starts_at": row.starts_at.isoformat(),
        "party_size": row.party_size,
        "checked_in": row.checked_in,
        "status": row.status,
        "contact_name": row.contact_name,
        "names": list(row.names),
        "reason": row.reason,
        "matched": row.matched,
    }


def _as_line(row: ReservationSummary, zh: bool) -> str:
    """``SOLO2345  2025-02-02 09:30 (S1)  1/1 in  138****5678  王小明 — pinyin initials``."""
    reason = REASONS.get(row.reason, (row.reason, row.reason))[1 if zh else 0]
    if row.matched and row.matched not in (row.contact_name, row.code):
        reason += f": {row.matched}"
    names = ", ".join(row.names) or "—"
    state = "cancelled" if row.status == "cancelled" else f"{row.checked_in}/{row.party_size} in"
    if zh:
        state = (
            "已取消" if row.status == "cancelled" else f"已签到 {row.checked_in}/{row.party_size}"
        )
    return (
        f"{row.code}  {row.starts_at:%Y-%m-%d %H:%M} ({row.session_id})  {state}  "
        f"{row.phone_masked or '—'}  {names} — {reason}"
    )
