"""The one writer of the audit trail (``scan_event``): every scan and every staff action.

Check-in, staff actions and sync all append here, in the transaction of the change they
record, so the log and the data can never disagree. Rows are never updated or deleted; the
input is kept only as a digest and a short hint, so the log holds no booking's contact data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from kiosk.core.masking import digest_secret, hint
from kiosk.store.models import ScanEvent, table_of

_TABLE = table_of(ScanEvent)
_INSERT = insert(_TABLE).returning(_TABLE.c.id)


def record_event(
    conn: Connection,
    *,
    at: datetime,
    kiosk_id: str,
    operator: str,
    action: str,
    outcome: str,
    raw_input: str | None,
    reservation_code: str | None = None,
    session_id: str | None = None,
    visitor_ids: Sequence[int] = (),
    detail: Mapping[str, object] | None = None,
    input_digest: str = "",
    input_hint: str = "",
) -> int:
    """Append one event and return its id.

    Args:
        raw_input: what was scanned or typed; stored only as a digest and a short hint, never
            in clear (it may be a ticket secret). None for events without an input (sync),
            or for an event recorded elsewhere first (a kiosk's offline scan): then
            ``input_digest`` and ``input_hint`` are stored as given.
        visitor_ids: the visitors the event admitted or changed.
        detail: extra facts as JSON (a reason, an overflow flag …); empty when None.
    """
    row = conn.execute(
        _INSERT,
        {
            "at": at,
            "kiosk_id": kiosk_id,
            "operator": operator,
            "action": action,
            "input_digest": digest_secret(raw_input) if raw_input is not None else input_digest,
            "input_hint": hint(raw_input) if raw_input is not None else input_hint,
            "reservation_code": reservation_code,
            "session_id": session_id,
            "outcome": outcome,
            "visitor_ids": ",".join(str(i) for i in visitor_ids),
            "detail": json.dumps(dict(detail), ensure_ascii=False) if detail else "",
        },
    ).scalar_one()
    return int(row)


@dataclass(frozen=True)
class EventRecord:
    """One audit event as stored (the input only as digest and hint)."""

    id: int
    at: datetime
    kiosk_id: str
    operator: str
    action: str
    outcome: str
    reservation_code: str | None
    session_id: str | None
    input_hint: str
    visitor_ids: str
    detail: str


_EVENT_COLUMNS = (
    _TABLE.c.id,
    _TABLE.c.at,
    _TABLE.c.kiosk_id,
    _TABLE.c.operator,
    _TABLE.c.action,
    _TABLE.c.outcome,
    _TABLE.c.reservation_code,
    _TABLE.c.session_id,
    _TABLE.c.input_hint,
    _TABLE.c.visitor_ids,
    _TABLE.c.detail,
)


def events(
    conn: Connection,
    *,
    kiosk_id: str | None = None,
    outcome: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> list[EventRecord]:
    """The newest events first, filtered by whichever arguments are given."""
    query = select(*_EVENT_COLUMNS).order_by(_TABLE.c.id.desc())
    if kiosk_id:
        query = query.where(_TABLE.c.kiosk_id == kiosk_id)
    if outcome:
        query = query.where(_TABLE.c.outcome == outcome)
    if action:
        query = query.where(_TABLE.c.action == action)
    if since is not None:
        query = query.where(_TABLE.c.at >= since)
    if until is not None:
        query = query.where(_TABLE.c.at <= until)
    return [EventRecord(*tuple(row)) for row in conn.execute(query.limit(limit))]


def event_facets(conn: Connection) -> tuple[list[str], list[str], list[str]]:
    """The kiosks, outcomes and actions the log holds (for filters)."""
    kiosks = sorted(str(v) for v in conn.scalars(select(_TABLE.c.kiosk_id).distinct()))
    outcomes = sorted(str(v) for v in conn.scalars(select(_TABLE.c.outcome).distinct()))
    actions = sorted(str(v) for v in conn.scalars(select(_TABLE.c.action).distinct()))
    return kiosks, outcomes, actions
