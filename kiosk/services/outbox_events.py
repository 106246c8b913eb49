"""What a kiosk of a hub writes about each decision: outbox events and the hub's keys.

An outbox event is a decision taken offline, in plain JSON: the action and its outcome, when
and where, the booking, and the party members it admitted or changed (by their place in the
party, ``seq``, with the group letter their badge shows), plus the input as a digest and hint.
The hub replays it exactly once (kiosk.services.hub_apply). The same events are laid over
the replica after every pull until the hub has them, so a pull never makes the kiosk forget
what it did offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from kiosk.core.masking import digest_secret, hint
from kiosk.services.env import JournalEntry
from kiosk.store import hub as hub_sql
from kiosk.store import party as party_sql
from kiosk.store import replica as replica_sql
from kiosk.store.outbox import EventKey, Outbox, OutboxEvent

VERSION = 1
ADMITTING = frozenset({"checkin", "override"})
CHANGING = ADMITTING | {"checkout"}


def payload_of(entry: JournalEntry) -> dict[str, Any]:
    """The JSON an outbox keeps for one decision."""
    result = entry.result
    touched = set(entry.touched)
    places = [
        {"seq": v.seq, "group": v.group, "id": v.id} for v in result.visitors if v.id in touched
    ]
    return {
        "v": VERSION,
        "action": entry.action,
        "at": entry.at.isoformat(),
        "kiosk_id": entry.kiosk_id,
        "operator": entry.operator,
        "outcome": result.outcome.value,
        "code": result.code,
        "session_id": result.session_id,
        "party_size": result.party_size,
        "provisional": result.provisional,
        "overridden": result.overridden,
        "visitors": places,
        "input_digest": digest_secret(entry.raw),
        "input_hint": hint(entry.raw),
        "detail": dict(entry.detail),
        "local_event_id": entry.event_id,
    }


@dataclass
class OutboxJournal:
    """Queues an offline decision in the outbox before the replica's transaction commits."""

    outbox: Outbox
    key: EventKey
    hub_id: str

    def record(self, db: Connection, entry: JournalEntry) -> None:
        self.outbox.append(
            self.key,
            hub_id=self.hub_id,
            created_at=entry.at,
            action=entry.action,
            payload=payload_of(entry),
        )


@dataclass
class HubKeyJournal:
    """Records an online decision's key on the hub, in the decision's own transaction.

    If the hub's answer is lost after it committed (a cut at the worst moment) the kiosk
    decides the same scan offline under the same key, and the upload then knows the hub has
    it already.
    """

    key: EventKey

    def record(self, db: Connection, entry: JournalEntry) -> None:
        if entry.action not in CHANGING or not entry.touched:
            return
        touched = set(entry.touched)
        hub_sql.claim_key(
            db,
            key=self.key.text,
            kiosk_id=self.key.kiosk_id,
            seq=self.key.seq,
            at=entry.at,
            state="online",
            visitor_seqs=[v.seq for v in entry.result.visitors if v.id in touched],
        )


def lay_over(conn: Connection, events: Sequence[OutboxEvent]) -> int:
    """Apply not yet uploaded decisions to freshly pulled replica rows; returns rows changed.

    Check-ins made offline on a signed ticket recreate their local booking if a rebuild lost
    it. Nobody is admitted twice: only people not in yet are marked in.
    """
    from datetime import datetime

    changed = 0
    for event in events:
        data = event.payload
        places = data.get("visitors") or []
        code = data.get("code")
        if not places or not code:
            continue
        at = datetime.fromisoformat(data["at"])
        if event.action in ADMITTING:
            if data.get("provisional") and party_sql.reservation_id(conn, code) is None:
                if not party_sql.session_exists(conn, data["session_id"]):
                    continue
                party_sql.create_provisional_booking(
                    conn,
                    code=code,
                    session_id=data["session_id"],
                    party_size=int(data["party_size"]),
                )
            changed += replica_sql.admit_places(
                conn,
                code=code,
                places=[(int(p["seq"]), p.get("group")) for p in places],
                at=at,
                kiosk_id=str(data["kiosk_id"]),
            )
        elif event.action == "checkout":
            changed += replica_sql.check_out_places(
                conn, code=code, seqs=[int(p["seq"]) for p in places], at=at
            )
    return changed
