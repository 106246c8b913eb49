"""Signing keys and QR tickets as the service writes them (the command line has its own tests)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import InputError
from kiosk.core.tickets import TicketOutsideValidity, key_id, verify_ticket
from kiosk.services.env import ServiceEnv
from kiosk.services.tickets import (
    PRIVATE_NAME,
    PUBLIC_NAME,
    KeyPair,
    TicketsWritten,
    write_keypair,
    write_tickets,
)
from kiosk.store.engine import make_engine
from kiosk.store.models import Reservation
from tests.factories import SHANGHAI, Party, add_session, fresh_url

# Just after midnight in Shanghai is still the previous day in UTC: a ticket valid for the
# "UTC day" would be wrong by eight hours.
EARLY = datetime(2025, 2, 2, 0, 30, tzinfo=SHANGHAI)
NEXT_DAY = datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI)
LOCAL_MIDNIGHT = datetime(2025, 2, 2, tzinfo=SHANGHAI)


@pytest.fixture
def tours(tmp_path: Path, empty_db: Path) -> Iterator[Engine]:
    """A night tour (00:30 site time) and a morning tour the next day, one party cancelled."""
    engine = make_engine(fresh_url(empty_db, tmp_path))
    add_session(
        engine, "NIGHT", starts_at=EARLY, parties=(Party("BBBB2222", 3), Party("AAAA1111", 1))
    )
    add_session(
        engine,
        "DAY2",
        starts_at=NEXT_DAY,
        parties=(Party("CCCC3333", 2), Party("DDDD4444", 2, status="cancelled")),
    )
    yield engine
    engine.dispose()


@pytest.fixture
def keys(tmp_path: Path) -> KeyPair:
    return write_keypair(tmp_path / "keys")


def env_of(engine: Engine, private_key: Path | None = None) -> ServiceEnv:
    settings = Settings(private_key=str(private_key) if private_key else "")
    return ServiceEnv(engine, settings, Clock.fixed(EARLY), "OFFICE")


def decode(path: Path) -> str:
    """The text of the one QR code in a PNG, read back by zxing-cpp."""
    found = zxingcpp.read_barcodes(Image.open(path))
    assert len(found) == 1, f"expected one QR code in {path.name}"
    return str(found[0].text)


def test_write_keypair_makes_an_owner_only_private_key(tmp_path: Path) -> None:
    """The private key is 0600 in a new folder; the public key is PEM; the id names the key."""
    pair = write_keypair(tmp_path / "new" / "keys")
    assert pair.private_path == (tmp_path / "new" / "keys" / PRIVATE_NAME).resolve()
    assert pair.public_path == (tmp_path / "new" / "keys" / PUBLIC_NAME).resolve()
    assert stat.S_IMODE(pair.private_path.stat().st_mode) == 0o600
    assert pair.private_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    public = pair.public_path.read_bytes()
    assert public.startswith(b"-----BEGIN PUBLIC KEY-----")
    assert pair.key_id == key_id(public)


def test_write_keypair_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    """A permissive umask does not loosen the private key's mode."""
    previous = os.umask(0)
    try:
        pair = write_keypair(tmp_path / "keys")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(pair.private_path.stat().st_mode) == 0o600


def test_write_keypair_never_overwrites_a_key(keys: KeyPair) -> None:
    """A second pair into the same folder is refused in both languages; both keys stay."""
    before = keys.private_path.read_bytes(), keys.public_path.read_bytes()
    with pytest.raises(InputError) as caught:
        write_keypair(keys.private_path.parent)
    assert "already exists" in caught.value.message and caught.value.message_zh
    assert caught.value.message_zh != caught.value.message
    assert (keys.private_path.read_bytes(), keys.public_path.read_bytes()) == before


def test_write_keypair_refuses_when_only_the_public_key_is_there(tmp_path: Path) -> None:
    """A lone public key is not replaced either, and no private key appears beside it."""
    folder = tmp_path / "keys"
    folder.mkdir()
    (folder / PUBLIC_NAME).write_bytes(b"someone else's key")
    with pytest.raises(InputError):
        write_keypair(folder)
    assert (folder / PUBLIC_NAME).read_bytes() == b"someone else's key"
    assert not (folder / PRIVATE_NAME).exists()


def test_write_keypair_into_a_file_is_one_sentence(tmp_path: Path) -> None:
    """A path that is a file, not a folder, gives an InputError rather than an OSError."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(InputError) as caught:
        write_keypair(blocker)
    assert "Cannot write the keys" in caught.value.message


def test_bare_tickets_carry_each_confirmed_code(tours: Engine, tmp_path: Path) -> None:
    """Without a private key, one PNG per confirmed booking whose QR is the booking's code."""
    out = tmp_path / "tickets"
    written = write_tickets(env_of(tours), out)
    assert written == TicketsWritten(out, 3, signed=False)
    files = sorted(out.iterdir())
    assert [p.name for p in files] == ["AAAA1111.png", "BBBB2222.png", "CCCC3333.png"]
    assert [decode(p) for p in files] == ["AAAA1111", "BBBB2222", "CCCC3333"]


def test_tickets_of_one_session_only(tours: Engine, tmp_path: Path) -> None:
    """With a session id, only that tour's confirmed bookings get a ticket."""
    out = tmp_path / "night"
    written = write_tickets(env_of(tours), out, session_id="NIGHT")
    assert (written.written, sorted(p.name for p in out.iterdir())) == (
        2,
        ["AAAA1111.png", "BBBB2222.png"],
    )


def test_an_unknown_session_is_an_input_error_and_writes_nothing(
    tours: Engine, tmp_path: Path
) -> None:
    """A session id that does not exist is refused in both languages before any file."""
    out = tmp_path / "none"
    with pytest.raises(InputError) as caught:
        write_tickets(env_of(tours), out, session_id="NOPE")
    assert "NOPE" in caught.value.message and "NOPE" in caught.value.message_zh
    assert not out.exists()


def test_a_code_with_path_characters_stays_inside_the_folder(tours: Engine, tmp_path: Path) -> None:
    """A code like ``../X`` makes a safe file name in the folder; its QR keeps the code."""
    with tours.begin() as conn:
        conn.execute(
            update(Reservation).where(col(Reservation.code) == "AAAA1111").values(code="../ESC/1")
        )
    out = tmp_path / "deep" / "tickets"
    write_tickets(env_of(tours), out, session_id="NIGHT")
    files = sorted(out.iterdir())
    assert [p.parent for p in files] == [out, out]
    assert sorted(decode(p) for p in files) == ["../ESC/1", "BBBB2222"]
    assert not (tmp_path / "deep" / "ESC").exists()


def test_signed_tickets_verify_for_their_sessions_whole_local_day(
    tours: Engine, keys: KeyPair, tmp_path: Path
) -> None:
    """A signed ticket names code, session and party, and is valid for the site's day only."""
    out = tmp_path / "signed"
    written = write_tickets(env_of(tours, keys.private_path), out, session_id="NIGHT")
    assert (written.written, written.signed) == (2, True)
    ticket = decode(out / "BBBB2222.png")
    public = [keys.public_path.read_bytes()]
    payload = verify_ticket(ticket, public, EARLY)
    assert (payload.code, payload.session_id, payload.party_size) == ("BBBB2222", "NIGHT", 3)
    assert payload.key_id == keys.key_id
    assert payload.valid_from == LOCAL_MIDNIGHT
    assert payload.valid_until == LOCAL_MIDNIGHT + timedelta(days=1, seconds=-1)
    verify_ticket(ticket, public, LOCAL_MIDNIGHT + timedelta(hours=23, minutes=59))
    for outside, reason in (
        (LOCAL_MIDNIGHT - timedelta(seconds=1), "not_yet_valid"),
        (LOCAL_MIDNIGHT + timedelta(days=1), "expired"),
    ):
        with pytest.raises(TicketOutsideValidity) as caught:
            verify_ticket(ticket, public, outside)
        assert caught.value.reason == reason


def test_a_party_too_big_for_a_ticket_still_gets_one(
    tours: Engine, keys: KeyPair, tmp_path: Path
) -> None:
    """A booking over 255 people (a ticket's limit) gets a valid ticket for 255."""
    with tours.begin() as conn:
        conn.execute(
            update(Reservation).where(col(Reservation.code) == "CCCC3333").values(party_size=400)
        )
    out = tmp_path / "big"
    write_tickets(env_of(tours, keys.private_path), out, session_id="DAY2")
    payload = verify_ticket(decode(out / "CCCC3333.png"), [keys.public_path.read_bytes()], NEXT_DAY)
    assert (payload.code, payload.party_size) == ("CCCC3333", 255)
