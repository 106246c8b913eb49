"""Plain values the services hand to the UI and the command line (never ORM objects)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from kiosk.core.rules import ActionOutcome, Outcome


@dataclass(frozen=True)
class VisitorInfo:
    """One person of a party as a badge or a screen needs it."""

    id: int
    seq: int
    name: str
    badge_code: str
    group: str | None
    colour: str | None
    guide: str | None
    guide_languages: str | None
    meeting_point: str | None
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    kiosk_id: str | None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("checked_in_at", "checked_out_at"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return data


@dataclass(frozen=True)
class CheckInResult:
    """The decision for one scan, with everything the result page and the badge need.

    ``visitors`` are the people this scan admitted (for ok/partial) or the whole party
    (for refusals of a known reservation), so the screen can show names and groups.
    """

    outcome: Outcome | ActionOutcome
    message_en: str
    message_zh: str
    code: str | None = None
    session_id: str | None = None
    session_starts_at: datetime | None = None
    session_ends_at: datetime | None = None
    party_size: int = 0
    checked_in: int = 0
    admitted: int = 0
    language: str = "zh"
    accessibility: bool = False
    notes: str = ""
    contact_name: str = ""
    provisional: bool = False
    overridden: bool = False
    overflow: bool = False
    event_id: int | None = None
    needs_party: bool = False
    visitors: tuple[VisitorInfo, ...] = field(default_factory=tuple)
    layout_repair: str = ""
    """The keyboard layout (``"qwertz"``, ``"azerty"``) that garbled the scan, when the code
    was read by undoing it (the message says so too); empty for a scan read as typed."""
    offline: bool = False
    """Decided by this kiosk on its replica while the hub did not answer (uploaded later)."""
    upload_key: str | None = None
    """The outbox key an offline decision waits under (kiosk id and sequence number)."""

    def __post_init__(self) -> None:
        if not isinstance(self.outcome, Outcome | ActionOutcome):
            # Built from text (a test, a log line): hold the enum all the same.
            text = str(self.outcome)
            coded = Outcome(text) if text in Outcome.__members__.values() else ActionOutcome(text)
            object.__setattr__(self, "outcome", coded)

    @property
    def admitted_ok(self) -> bool:
        """True when this scan let people in."""
        return self.outcome.admits

    @property
    def remaining(self) -> int:
        return max(self.party_size - self.checked_in, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "message": {"zh": self.message_zh, "en": self.message_en},
            "code": self.code,
            "session": self.session_id,
            "session_starts_at": _iso(self.session_starts_at),
            "party_size": self.party_size,
            "checked_in": self.checked_in,
            "admitted": self.admitted,
            "remaining": self.remaining,
            "provisional": self.provisional,
            "overridden": self.overridden,
            "overflow": self.overflow,
            "layout_repair": self.layout_repair or None,
            "offline": self.offline,
            "upload_key": self.upload_key,
            "visitors": [v.to_json() for v in self.visitors],
        }


@dataclass(frozen=True)
class GroupCount:
    """How full one group is, for the dashboard and ``kiosk headcount``."""

    id: int
    name: str
    colour: str
    guide: str | None
    capacity: int
    count: int
    on_site: int
    meeting_point: str
    ready_to_depart: bool = False
    """Full, or the tour has started and the group has people (``core.groups``)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SessionCount:
    """Headcount of one session at one instant."""

    id: str
    starts_at: datetime
    ends_at: datetime
    label_zh: str
    label_en: str
    capacity: int
    booked: int
    checked_in: int
    on_site: int
    checked_out: int
    expected: int
    no_show: int
    window_closed: bool
    groups: tuple[GroupCount, ...]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["starts_at"] = self.starts_at.isoformat()
        data["ends_at"] = self.ends_at.isoformat()
        data["groups"] = [g.to_json() for g in self.groups]
        return data


@dataclass(frozen=True)
class Headcount:
    """The dashboard's view: sessions plus per-kiosk activity and a change token."""

    at: datetime
    sessions: tuple[SessionCount, ...]
    kiosks: dict[str, int]
    change_token: int

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "sessions": [s.to_json() for s in self.sessions],
            "kiosks": self.kiosks,
            "change_token": self.change_token,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
