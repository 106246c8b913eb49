"""Small, explicit test data: a session with groups and guides, and reservations with visitors."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from kiosk.store.models import Guide, Reservation, TourGroup, TourSession, Visitor

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLOURS = ("#D32F2F", "#1976D2", "#388E3C", "#F57C00", "#7B1FA2", "#00796B")


@dataclass(frozen=True)
class Party:
    code: str
    size: int
    language: str = "zh"
    names: Sequence[str] = ()
    status: str = "confirmed"
    group: str | None = None
    phone: str = "13812345678"
    notes: str = ""


def add_session(
    engine: Engine,
    session_id: str = "S1",
    *,
    starts_at: datetime = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI),
    minutes: int = 120,
    groups: int = 4,
    group_size: int = 15,
    guide_languages: Sequence[str] = ("zh", "zh,en", "zh", "zh"),
    parties: Sequence[Party] = (),
) -> str:
    """Insert one session with lettered groups, a guide each, and the given parties."""
    with Session(engine) as db:
        db.add(
            TourSession(
                id=session_id,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                capacity=groups * group_size,
                label_zh=f"{starts_at:%m月%d日 %H:%M} 场",
                label_en=f"{starts_at:%d %b %H:%M}",
            )
        )
        db.flush()  # the session row first: parties refer to it even with no groups
        for index in range(groups):
            letter = chr(ord("A") + index)
            guide = Guide(
                name=f"Guide {session_id}-{letter}",
                languages=guide_languages[index % len(guide_languages)],
                phone="13900000000",
            )
            db.add(guide)
            db.flush()
            db.add(
                TourGroup(
                    session_id=session_id,
                    letter=letter,
                    colour=COLOURS[index % len(COLOURS)],
                    guide_id=guide.id,
                    capacity=group_size,
                    meeting_point=f"Gate {index + 1}",
                )
            )
        for party in parties:
            add_party(db, session_id, party)
        db.commit()
    return session_id


def add_party(db: Session, session_id: str, party: Party) -> Reservation:
    reservation = Reservation(
        code=party.code.upper(),
        session_id=session_id,
        contact_name=party.names[0] if party.names else "Contact",
        phone=party.phone,
        party_size=party.size,
        language=party.language,
        status=party.status,
        pre_assigned_group=party.group,
        notes=party.notes,
        accessibility="wheelchair" in party.notes.lower() or "轮椅" in party.notes,
    )
    db.add(reservation)
    db.flush()
    for seq in range(1, party.size + 1):
        name = party.names[seq - 1] if seq - 1 < len(party.names) else ""
        db.add(
            Visitor(
                reservation_id=reservation.id or 0,
                session_id=session_id,
                seq=seq,
                name=name,
                badge_code=f"{party.code.upper()}-{seq}",
            )
        )
    return reservation


def migrated_engine(db_url: str, template: Path) -> Engine:
    """An engine on a migrated, empty database: a copy of the run's template file on SQLite
    (see the ``empty_db`` fixture), the migrations run on a fresh PostgreSQL database."""
    from sqlalchemy import make_url

    from kiosk.store.engine import make_engine
    from kiosk.store.migrate import upgrade

    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        shutil.copyfile(template, str(url.database))
        return make_engine(db_url)
    engine = make_engine(db_url)
    upgrade(engine)
    return engine


def fresh_url(template: Path, folder: Path) -> str:
    """A copy of a migrated empty SQLite file (see the ``empty_db`` fixture): fast per test."""
    target = folder / "kiosk.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"
