"""What kind of data changed, so that each screen refreshes only what it shows."""

from __future__ import annotations

from enum import StrEnum


class Change(StrEnum):
    """A kind of change to the kiosk's data (a use case's effect, or another kiosk's).

    The values are stable strings: they also travel between processes (notifications).
    """

    CHECKINS = "checkins"
    """Visitors admitted, checked out, undone, or moved between groups."""
    PROGRAM = "program"
    """Sessions, groups, guides or bookings: a sync, a walk-in, a pre-assignment."""
    PRINTING = "printing"
    """Print jobs queued, printed, failed or retried."""
    SESSION = "session"
    """The session the kiosk serves (the clock moved on); nothing in the database changed."""
