"""The supervisor's view of a hub: each kiosk's last contact and uploads, and the conflicts.

Conflicts are what uploads of offline decisions could not apply as decided (see
kiosk.services.hub_apply); each stays open until a supervisor acknowledges it, with their
name and the time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from kiosk.core.errors import InputError
from kiosk.services.env import ServiceEnv
from kiosk.store import hub as hub_sql
from kiosk.store.db import read_connection, write_connection

KIND_TEXT = {
    "double_admission": ("Admitted twice", "重复入场"),
    "over_capacity": ("Group over capacity", "分组超员"),
    "cancelled": ("Booking cancelled meanwhile", "预约已被取消"),
    "unknown_visitor": ("Visitor no longer in the booking", "访客已不在预约中"),
    "group_gone": ("Group no longer exists", "分组已不存在"),
    "checkout_not_in": ("Checked out but not checked in", "未签到却已离场"),
    "unapplied": ("Upload could not be applied", "上传无法应用"),
}
"""What each kind of conflict is called on screen (English, Chinese)."""


@dataclass(frozen=True)
class KioskLine:
    """One kiosk as the supervisor sees it."""

    kiosk_id: str
    last_contact_at: datetime
    pending_uploads: int
    held_uploads: int
    uploaded_total: int
    offline_since: datetime | None
    offline_until: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.kiosk_id,
            "last_contact": self.last_contact_at.isoformat(),
            "pending_uploads": self.pending_uploads,
            "held_uploads": self.held_uploads,
            "uploaded_total": self.uploaded_total,
            "last_offline": {
                "since": self.offline_since.isoformat(),
                "until": self.offline_until.isoformat() if self.offline_until else None,
            }
            if self.offline_since
            else None,
        }


@dataclass(frozen=True)
class ConflictLine:
    """One conflict: what, whose booking and visitor, both kiosks and both times."""

    id: int
    kind: str
    title_en: str
    title_zh: str
    code: str | None
    session_id: str | None
    visitor_id: int | None
    visitor_seq: int | None
    visitor_name: str | None
    kiosks: tuple[str, str]
    times: tuple[datetime | None, datetime | None]
    detail: dict[str, Any]
    created_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": {"en": self.title_en, "zh": self.title_zh},
            "code": self.code,
            "session": self.session_id,
            "visitor": {"id": self.visitor_id, "seq": self.visitor_seq, "name": self.visitor_name}
            if self.visitor_seq is not None
            else None,
            "kiosks": list(self.kiosks),
            "times": [t.isoformat() if t else None for t in self.times],
            "detail": {k: v for k, v in self.detail.items() if k != "event"},
            "created_at": self.created_at.isoformat(),
            "acknowledged_by": self.acknowledged_by,
            "acknowledged_at": self.acknowledged_at.isoformat() if self.acknowledged_at else None,
        }


@dataclass(frozen=True)
class HubOverview:
    kiosks: tuple[KioskLine, ...]
    conflicts: tuple[ConflictLine, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "kiosks": [k.to_json() for k in self.kiosks],
            "conflicts": [c.to_json() for c in self.conflicts],
        }


def hub_overview(engine: Engine, *, open_only: bool = True) -> HubOverview:
    """Every kiosk that reported to the hub, and its (open) conflicts, oldest first."""
    with read_connection(engine) as conn:
        kiosks = tuple(KioskLine(**asdict(r)) for r in hub_sql.kiosk_reports(conn))
        found = hub_sql.conflicts(conn, open_only=open_only)
    return HubOverview(kiosks, tuple(_line(c) for c in found))


def acknowledge_conflict(env: ServiceEnv, conflict_id: int) -> None:
    """Mark a conflict dealt with, in the supervisor's name (``env.operator``).

    Raises:
        InputError: no open conflict has this number.
    """
    by = env.operator or env.kiosk_id
    with write_connection(env.engine) as conn:
        if not hub_sql.acknowledge(conn, conflict_id, by=by, at=env.now()):
            raise InputError(
                f"There is no open conflict number {conflict_id}.",
                f"没有编号为 {conflict_id} 的未处理冲突。",
            )


def _line(record: hub_sql.ConflictRecord) -> ConflictLine:
    title_en, title_zh = KIND_TEXT.get(record.kind, (record.kind, record.kind))
    return ConflictLine(
        id=record.id,
        kind=record.kind,
        title_en=title_en,
        title_zh=title_zh,
        code=record.reservation_code,
        session_id=record.session_id,
        visitor_id=record.visitor_id,
        visitor_seq=record.visitor_seq,
        visitor_name=record.visitor_name,
        kiosks=(record.kiosk_a, record.kiosk_b),
        times=(record.at_a, record.at_b),
        detail=record.detail,
        created_at=record.created_at,
        acknowledged_by=record.acknowledged_by,
        acknowledged_at=record.acknowledged_at,
    )
