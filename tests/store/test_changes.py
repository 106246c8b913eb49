"""Change notes: what they say about an audit event, and how they travel in a notification."""

from __future__ import annotations

from kiosk.core.changes import Change
from kiosk.store.changes import MAX_PAYLOAD_BYTES, ChangeNote, change_of


def test_actions_map_to_the_kind_of_change() -> None:
    """Admissions change counts, walk-ins the program, a refused scan or a reveal only the log."""
    assert change_of("checkin", [1, 2]) is Change.CHECKINS
    assert change_of("checkout", [5]) is Change.CHECKINS
    assert change_of("move", None) is Change.CHECKINS
    assert change_of("checkin", []) is None
    assert change_of("walk_in", [9]) is Change.PROGRAM
    assert change_of("reveal_phone", []) is None


def test_a_note_survives_its_payload() -> None:
    """The notification's JSON gives back the same note, Chinese kiosk names included."""
    note = ChangeNote.of_event(42, "checkin", "东门-1", "S1", [7, 8, 9])
    assert ChangeNote.from_payload(note.to_payload()) == note


def test_a_huge_party_drops_its_visitor_ids_to_fit() -> None:
    """Too many visitor ids for PostgreSQL's 8000 bytes: the note says 'not known' instead."""
    note = ChangeNote.of_event(1, "checkin", "K1", "S1", list(range(100_000, 102_000)))
    payload = note.to_payload()
    assert len(payload.encode()) <= MAX_PAYLOAD_BYTES
    back = ChangeNote.from_payload(payload)
    assert back is not None and back.visitor_ids is None and back.change is Change.CHECKINS


def test_foreign_payloads_are_ignored() -> None:
    """Anything else sent on the channel is not a note."""
    assert ChangeNote.from_payload("hello") is None
    assert ChangeNote.from_payload('{"a": "checkin"}') is None
