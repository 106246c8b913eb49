"""The one writer of the audit trail (``scan_event``): every scan and every staff action.

Check-in, staff actions and sync all append here, in the transaction of the change they
record, so the log and the data can never disagree. Rows are never updated or deleted
(``kiosk purge`` only blanks personal detail of old days).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Connection, insert
from sqlmodel import col

from kiosk.core.masking import digest_secret, hint
from kiosk.store.models import ScanEvent

_INSERT = insert(ScanEvent).returning(col(ScanEvent.id))


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
) -> int:
    """Append one event and return its id.

    Args:
        raw_input: what was scanned or typed; stored only as a digest and a short hint, never
            in clear (it may be a ticket secret). None for events without an input (sync).
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
            "input_digest": digest_secret(raw_input) if raw_input is not None else "",
            "input_hint": hint(raw_input) if raw_input is not None else "",
            "reservation_code": reservation_code,
            "session_id": session_id,
            "outcome": outcome,
            "visitor_ids": ",".join(str(i) for i in visitor_ids),
            "detail": json.dumps(dict(detail), ensure_ascii=False) if detail else "",
        },
    ).scalar_one()
    return int(row)
