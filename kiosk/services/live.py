"""What a batch of changes did to the rows a live screen shows: a few roster lines, the new
lines of the audit log. Read on a background lane after a
:class:`~kiosk.services.changes.ChangeBatch`, instead of reloading whole lists.

Session counts come from :func:`kiosk.services.headcount.headcount` with ``session_ids``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kiosk.services.env import ServiceEnv
from kiosk.services.reports import RosterEntry, ScanLogEntry, log_entry, roster
from kiosk.store import changes as change_sql
from kiosk.store.db import read_connection


@dataclass(frozen=True)
class RosterUpdate:
    """Roster lines to show or take away after check-ins, check-outs, undos and moves.

    Attributes:
        entries: the lines of the visitors now on site (new or changed), in roster order.
        gone: visitors whose lines must go (checked out, undone, or of another day).
    """

    entries: tuple[RosterEntry, ...]
    gone: frozenset[int]


def roster_update(env: ServiceEnv, visitor_ids: Iterable[int]) -> RosterUpdate:
    """The roster lines of these visitors as they stand now (today's sessions only)."""
    wanted = sorted(set(visitor_ids))
    if not wanted:
        return RosterUpdate((), frozenset())
    entries = roster(env, visitor_ids=wanted)
    present = {e.visitor_id for e in entries}
    return RosterUpdate(tuple(entries), frozenset(v for v in wanted if v not in present))


@dataclass(frozen=True)
class LogFilter:
    """The audit log viewer's filters (None: any)."""

    kiosk_id: str | None = None
    outcome: str | None = None
    action: str | None = None
    since: datetime | None = None

    def admits(self, entry: ScanLogEntry) -> bool:
        return (
            (self.kiosk_id is None or entry.kiosk_id == self.kiosk_id)
            and (self.outcome is None or entry.outcome == self.outcome)
            and (self.action is None or entry.action == self.action)
            and (self.since is None or entry.at >= self.since)
        )


def new_log_entries(
    env: ServiceEnv, event_ids: Iterable[int], log_filter: LogFilter | None = None
) -> list[ScanLogEntry]:
    """The log lines of these events that pass the filter, newest first."""
    zone = env.settings.zone
    with read_connection(env.engine) as db:
        found = change_sql.events_by_id(db, event_ids)
    entries = [log_entry(event, zone) for event in found]
    if log_filter is None:
        return entries
    return [e for e in entries if log_filter.admits(e)]
