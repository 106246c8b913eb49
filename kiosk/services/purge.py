"""Erase the personal data of past sessions while keeping the anonymous counts.

Why: visitors' names and phone numbers are needed only until their tour is over; after
that the site keeps how many came, when and in which group (headcounts, reports), never
who. Codes stay: a reservation code is not personal and keeps the scan log readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from kiosk.core.clock import parse_instant
from kiosk.core.errors import InputError
from kiosk.services.env import ServiceEnv
from kiosk.store.audit import record_event
from kiosk.store.db import write_connection
from kiosk.store.purge import erase_personal_data

ERASED_FIELDS = (
    "reservation.contact_name",
    "reservation.phone",
    "reservation.notes",
    "visitor.name",
)


@dataclass(frozen=True)
class PurgeReport:
    """What a purge erased; counts only, so the report itself holds no personal data."""

    before: datetime
    sessions: int
    reservations_erased: int
    visitors_erased: int
    event_id: int

    def to_json(self) -> dict[str, Any]:
        return {
            "before": self.before.isoformat(),
            "sessions": self.sessions,
            "reservations_erased": self.reservations_erased,
            "visitors_erased": self.visitors_erased,
            "fields": list(ERASED_FIELDS),
            "event_id": self.event_id,
        }


def parse_cutoff(text: str, env: ServiceEnv) -> datetime:
    """``2025-02-03`` means midnight starting that day in the site's zone; a time is allowed."""
    zone = env.settings.zone
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return parse_instant(text, zone)
    return datetime.combine(day, time.min, tzinfo=zone)


def purge_personal_data(env: ServiceEnv, before: datetime) -> PurgeReport:
    """Blank names, phones and notes of every session that started before ``before``.

    Check-in times, groups, kiosks and party sizes are kept, so headcounts of those sessions
    stay right. One transaction; a ``purge`` scan event records what was done.

    Raises:
        InputError: ``before`` lies in the future of the clock (nothing changed).
    """
    now = env.now()
    if before > now:
        local = before.astimezone(env.settings.zone)
        raise InputError(
            f"{local:%Y-%m-%d %H:%M} is in the future; purging before it would erase sessions "
            "that have not happened yet. Nothing was erased.",
            f"{local:%Y-%m-%d %H:%M} 尚未到来，按此清除会删掉还未举行的场次的资料，未做任何清除。",
        )
    with write_connection(env.engine) as db:
        erased = erase_personal_data(db, before)
        detail = {
            "before": before.isoformat(),
            "sessions": erased.sessions,
            "reservations_erased": erased.reservations,
            "visitors_erased": erased.visitors,
        }
        event_id = record_event(
            db,
            at=now,
            kiosk_id=env.kiosk_id,
            operator=env.operator,
            action="purge",
            outcome="ok",
            raw_input=None,
            detail=detail,
        )
    return PurgeReport(before, erased.sessions, erased.reservations, erased.visitors, event_id)
