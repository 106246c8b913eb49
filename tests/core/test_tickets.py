"""Signed tickets: round trip, tampering, key rotation, validity and key files."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import InputError
from kiosk.core.scan import parse_scan
from kiosk.core.tickets import (
    TICKET_PREFIX,
    InvalidTicket,
    TicketOutsideValidity,
    TicketPayload,
    generate_keypair,
    key_id,
    load_private_key,
    load_public_keys,
    sign_ticket,
    verify_ticket,
)

UTC = UTC
CST = timezone(timedelta(hours=8))
OPENS = datetime(2025, 2, 2, 8, 0, tzinfo=CST)
CLOSES = datetime(2025, 2, 2, 12, 0, tzinfo=CST)
DURING = datetime(2025, 2, 2, 9, 0, tzinfo=CST)
PAYLOAD = TicketPayload("ABCD2345", "17", 4, OPENS, CLOSES)

PRIVATE_PEM, PUBLIC_PEM = generate_keypair()
OTHER_PRIVATE_PEM, OTHER_PUBLIC_PEM = generate_keypair()
TICKET = sign_ticket(PRIVATE_PEM, PAYLOAD)


def _blob(ticket: str) -> bytes:
    body = ticket[len(TICKET_PREFIX) :]
    return base64.b32decode(body + "=" * (-len(body) % 8))


def _encode(blob: bytes) -> str:
    return TICKET_PREFIX + base64.b32encode(blob).decode().rstrip("=")


def test_round_trip_returns_the_payload() -> None:
    """A signed ticket verifies to the same code, session, party and validity, with its key id."""
    payload = verify_ticket(TICKET, [PUBLIC_PEM], DURING)
    assert payload.code == "ABCD2345"
    assert payload.session_id == "17"
    assert payload.party_size == 4
    assert payload.valid_from == OPENS and payload.valid_until == CLOSES
    assert payload.key_id == key_id(PUBLIC_PEM)


def test_ticket_is_small_qr_friendly_and_case_insensitive() -> None:
    """The ticket uses QR alphanumeric characters, fits a small QR, and survives case folding."""
    assert TICKET.upper() == TICKET and parse_scan(TICKET).kind == "signed_ticket"
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(TICKET)
    qr.make(fit=True)
    assert qr.version <= 6
    assert verify_ticket(TICKET.lower(), [PUBLIC_PEM], DURING).code == "ABCD2345"
    assert verify_ticket(f"  {TICKET}\n", [PUBLIC_PEM], DURING).code == "ABCD2345"


def test_unicode_code_and_session_round_trip() -> None:
    """Non-ASCII codes and session ids survive signing and verification."""
    payload = TicketPayload("预约-1", "会场 A", 1, OPENS, CLOSES)
    ticket = sign_ticket(Ed25519PrivateKey.from_private_bytes(bytes(32)), payload)
    public = Ed25519PrivateKey.from_private_bytes(bytes(32)).public_key()
    assert verify_ticket(ticket, [public], DURING).code == "预约-1"


@settings(max_examples=150)
@given(st.data())
def test_any_flipped_bit_is_rejected(data: st.DataObject) -> None:
    """Flipping any bit of any byte of a ticket makes it invalid (never a different payload)."""
    blob = bytearray(_blob(TICKET))
    position = data.draw(st.integers(0, len(blob) - 1), label="byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    blob[position] ^= 1 << bit
    with pytest.raises(InvalidTicket):
        verify_ticket(_encode(bytes(blob)), [PUBLIC_PEM], DURING)


def test_every_byte_is_covered() -> None:
    """Tampering with each byte position in turn (low bit) is caught, including the signature."""
    blob = _blob(TICKET)
    for position in range(len(blob)):
        tampered = bytearray(blob)
        tampered[position] ^= 1
        with pytest.raises(InvalidTicket):
            verify_ticket(_encode(bytes(tampered)), [PUBLIC_PEM], DURING)


def test_tampered_payload_reports_the_claimed_code() -> None:
    """A forged party size fails as 'signature' and still names the claimed code for lookup."""
    blob = bytearray(_blob(TICKET))
    blob[12] = 200  # party size byte
    with pytest.raises(InvalidTicket) as caught:
        verify_ticket(_encode(bytes(blob)), [PUBLIC_PEM], DURING)
    assert caught.value.reason == "signature"
    assert caught.value.claimed_code == "ABCD2345"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "KT1.",
        "KT1.AAAA",
        "KT2." + TICKET[4:],
        TICKET[:-1],
        TICKET + "A",
        TICKET[:-1] + ("B" if TICKET[-1] != "B" else "C"),
        TICKET.replace("A", "1"),
        TICKET[:20] + "=" + TICKET[21:],
    ],
)
def test_malformed_text_is_rejected(text: str) -> None:
    """Truncated, extended, re-padded or otherwise mangled tickets raise InvalidTicket."""
    with pytest.raises(InvalidTicket):
        verify_ticket(text, [PUBLIC_PEM], DURING)


def test_wrong_key_is_unknown_key() -> None:
    """A ticket signed by a key the kiosk does not trust is rejected as unknown_key."""
    with pytest.raises(InvalidTicket) as caught:
        verify_ticket(TICKET, [OTHER_PUBLIC_PEM], DURING)
    assert caught.value.reason == "unknown_key"
    assert "verified" in caught.value.message and caught.value.message_zh != caught.value.message


def test_rotation_accepts_tickets_from_both_keys() -> None:
    """With old and new public keys trusted, tickets from either key verify, each by its id."""
    new_ticket = sign_ticket(OTHER_PRIVATE_PEM, PAYLOAD)
    trusted = [PUBLIC_PEM, OTHER_PUBLIC_PEM]
    assert verify_ticket(TICKET, trusted, DURING).key_id == key_id(PUBLIC_PEM)
    assert verify_ticket(new_ticket, trusted, DURING).key_id == key_id(OTHER_PUBLIC_PEM)
    assert key_id(PUBLIC_PEM) != key_id(OTHER_PUBLIC_PEM)


def test_expired_and_not_yet_valid_are_told_apart_from_forgery() -> None:
    """Outside validity raises TicketOutsideValidity (not InvalidTicket), carrying the payload."""
    with pytest.raises(TicketOutsideValidity) as late:
        verify_ticket(TICKET, [PUBLIC_PEM], CLOSES + timedelta(seconds=1))
    assert late.value.reason == "expired" and late.value.payload.code == "ABCD2345"
    assert not isinstance(late.value, InvalidTicket)
    with pytest.raises(TicketOutsideValidity) as early:
        verify_ticket(TICKET, [PUBLIC_PEM], OPENS - timedelta(seconds=1))
    assert early.value.reason == "not_yet_valid"


def test_validity_bounds_are_inclusive() -> None:
    """The first and last instants of validity are accepted, in any zone."""
    assert verify_ticket(TICKET, [PUBLIC_PEM], OPENS.astimezone(UTC)).code == "ABCD2345"
    assert verify_ticket(TICKET, [PUBLIC_PEM], CLOSES).code == "ABCD2345"


@pytest.mark.parametrize(
    "payload",
    [
        TicketPayload("", "17", 1, OPENS, CLOSES),
        TicketPayload("A", "17", 0, OPENS, CLOSES),
        TicketPayload("A", "17", 256, OPENS, CLOSES),
        TicketPayload("A", "17", 1, CLOSES, OPENS),
        TicketPayload("A", "17", 1, datetime(2025, 2, 2), CLOSES),
        TicketPayload("A" * 300, "17", 1, OPENS, CLOSES),
    ],
)
def test_unencodable_payload_is_an_input_error(payload: TicketPayload) -> None:
    """Sizes out of range, naive or reversed times give a clear InputError, not a crash."""
    with pytest.raises(InputError):
        sign_ticket(PRIVATE_PEM, payload)


def test_key_files_load_and_several_keys_share_a_file(tmp_path: Path) -> None:
    """Keys load from PEM files; one file may hold several public keys for rotation."""
    (tmp_path / "private.pem").write_bytes(PRIVATE_PEM)
    (tmp_path / "public.pem").write_bytes(PUBLIC_PEM + OTHER_PUBLIC_PEM)
    private_key = load_private_key(tmp_path / "private.pem")
    public_keys = load_public_keys([tmp_path / "public.pem"])
    assert [key_id(k) for k in public_keys] == [key_id(PUBLIC_PEM), key_id(OTHER_PUBLIC_PEM)]
    ticket = sign_ticket(private_key, PAYLOAD)
    assert verify_ticket(ticket, public_keys, DURING).code == "ABCD2345"


@pytest.mark.parametrize(
    ("name", "content"),
    [("missing.pem", None), ("garbage.pem", b"not a key"), ("public.pem", PUBLIC_PEM)],
)
def test_bad_private_key_file_is_an_input_error(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    """A missing, garbled or wrong-kind private key file gives an InputError naming the file."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=name):
        load_private_key(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [("missing.pem", None), ("garbage.pem", b"not a key"), ("private.pem", PRIVATE_PEM)],
)
def test_bad_public_key_file_is_an_input_error(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    """A missing, garbled or private-key file in the trusted list gives an InputError."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=name):
        load_public_keys([path])
