"""Which of a few codes exist, as a booking's code or a visitor's badge code (one statement).

For the check-in's repair of scans garbled by a keyboard-layout mix-up: the handful of codes
the scan could have been are looked up together, and the repair is trusted only when exactly
one of them exists.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, bindparam, select, union

from kiosk.store.models import Reservation, Visitor, table_of

_RESERVATION = table_of(Reservation)
_VISITOR = table_of(Visitor)

_KNOWN = union(
    select(_RESERVATION.c.code.label("code")).where(
        _RESERVATION.c.code.in_(bindparam("codes", expanding=True))
    ),
    select(_VISITOR.c.badge_code.label("code")).where(
        _VISITOR.c.badge_code.in_(bindparam("codes", expanding=True))
    ),
)


def known_codes(conn: Connection, codes: Collection[str]) -> set[str]:
    """Those of ``codes`` (upper-case, as stored) that are a booking's or a badge's code."""
    if not codes:
        return set()
    return {str(code) for code in conn.scalars(_KNOWN, {"codes": sorted(set(codes))})}
