"""Signed tickets: a reservation that a kiosk can trust before the platform export is synced.

A ticket is ``KT1.`` followed by unpadded RFC 4648 base32 of::

    key id (4) | valid_from u32 | valid_until u32 | party_size u8 |
    len u8 | code (UTF-8) | len u8 | session_id (UTF-8) | Ed25519 signature (64)

All integers are big-endian; times are unix seconds. The signature covers ``b"KT1"`` plus every
byte before it. Why base32 and not base64url: base32 uses only QR "alphanumeric mode"
characters (5.5 bits per character instead of 8), so although the text is longer (about
150 characters for a typical code) the QR code is *smaller* (version 6 instead of 8 at error
correction M), and base32 is case-insensitive, so a scanner that flips case (caps lock, a
Chinese IME) cannot break a ticket.

Several public keys may be trusted at once (rotation); the ticket names its key by
:func:`key_id`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.core.errors import InputError, KioskError

TICKET_PREFIX = "KT1."
"""Marks a signed ticket (format version 1); matched case-insensitively."""

KEY_ID_BYTES = 4
SIGNATURE_BYTES = 64
_DOMAIN = b"KT1"
_HEADER = struct.Struct(">4sIIB")
_U32_MAX = 2**32 - 1
_PEM_PUBLIC_BEGIN = b"-----BEGIN PUBLIC KEY-----"

PublicKeyLike = Ed25519PublicKey | bytes
"""A loaded public key or its PEM text."""
PrivateKeyLike = Ed25519PrivateKey | bytes
"""A loaded private key or its unencrypted PKCS#8 PEM text."""


@dataclass(frozen=True, slots=True)
class TicketPayload:
    """What a ticket vouches for.

    Attributes:
        code: the reservation code, as the platform spells it (match it case-insensitively).
        session_id: the tour session's id (1–255 UTF-8 bytes).
        party_size: number of people admitted, 1–255.
        valid_from: first instant the ticket is valid (aware; whole seconds are kept).
        valid_until: last instant the ticket is valid, inclusive (aware; whole seconds).
        key_id: id of the signing key; filled in by :func:`sign_ticket` and
            :func:`verify_ticket`, ignored on input.
    """

    code: str
    session_id: str
    party_size: int
    valid_from: datetime
    valid_until: datetime
    key_id: str = ""


class TicketError(KioskError):
    """Base of every ticket problem, so a caller can catch both kinds at once."""


class InvalidTicket(TicketError):
    """The ticket is not authentic: bad encoding, unknown key or bad signature.

    Attributes:
        reason: ``"encoding"``, ``"unknown_key"`` or ``"signature"``.
        claimed_code: the code the ticket *claims* (unverified!) when it could be decoded, so the
            caller can tell "forged ticket for a real booking" from an unknown one; else None.
    """

    def __init__(
        self,
        reason: Literal["encoding", "unknown_key", "signature"],
        claimed_code: str | None = None,
    ) -> None:
        super().__init__(
            "This ticket could not be verified; please ask a member of staff.",
            "此电子票无法验证，请联系工作人员。",
        )
        self.reason = reason
        self.claimed_code = claimed_code


class TicketOutsideValidity(TicketError):
    """The ticket is authentic but not valid at this instant.

    Attributes:
        reason: ``"expired"`` or ``"not_yet_valid"``.
        payload: the verified payload (safe to use, e.g. to look the reservation up and explain
            which day it is for).
    """

    def __init__(self, reason: Literal["expired", "not_yet_valid"], payload: TicketPayload) -> None:
        if reason == "expired":
            super().__init__("This ticket has expired.", "此电子票已过期。")
        else:
            super().__init__("This ticket is not valid yet.", "此电子票尚未生效。")
        self.reason = reason
        self.payload = payload


def generate_keypair() -> tuple[bytes, bytes]:
    """Make a new signing key pair.

    Returns:
        ``(private_pem, public_pem)``: unencrypted PKCS#8 and SubjectPublicKeyInfo PEM. Keep the
        private one on the machine that prints tickets only; kiosks need the public one.
    """
    private_key = Ed25519PrivateKey.generate()
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return private_pem, _public_pem(private_key.public_key())


def _public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id(key: PublicKeyLike | Ed25519PrivateKey) -> str:
    """Short id of a key: the first 4 bytes of SHA-256 of the raw public key, as 8 hex digits."""
    public_key = key.public_key() if isinstance(key, Ed25519PrivateKey) else _as_public(key)
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:KEY_ID_BYTES].hex()


def sign_ticket(private_key: PrivateKeyLike, payload: TicketPayload) -> str:
    """Encode and sign a ticket.

    Args:
        private_key: the signing key (loaded, or PEM bytes).
        payload: what to vouch for; its ``key_id`` is ignored.

    Returns:
        The ticket text (``KT1.`` + upper-case base32), ready to put in a QR code.

    Raises:
        InputError: the payload cannot be encoded (naive times, sizes out of range, …).
    """
    key = _as_private(private_key)
    code = payload.code.encode("utf-8")
    session = payload.session_id.encode("utf-8")
    valid_from = _unix_seconds(payload.valid_from, "valid_from")
    valid_until = _unix_seconds(payload.valid_until, "valid_until")
    problems = []
    if not 1 <= len(code) <= 255:
        problems.append("the code must have 1 to 255 bytes")
    if not 1 <= len(session) <= 255:
        problems.append("the session id must have 1 to 255 bytes")
    if not 1 <= payload.party_size <= 255:
        problems.append("the party size must be 1 to 255")
    if valid_until < valid_from:
        problems.append("valid_until is before valid_from")
    if problems:
        raise InputError(
            f"Cannot make a ticket for {payload.code!r}: {'; '.join(problems)}.",
            f"无法为 {payload.code!r} 生成电子票：{'；'.join(problems)}。",
        )
    body = (
        _HEADER.pack(bytes.fromhex(key_id(key)), valid_from, valid_until, payload.party_size)
        + bytes([len(code)])
        + code
        + bytes([len(session)])
        + session
    )
    signature = key.sign(_DOMAIN + body)
    return TICKET_PREFIX + base64.b32encode(body + signature).decode("ascii").rstrip("=")


def verify_ticket(text: str, public_keys: Sequence[PublicKeyLike], now: datetime) -> TicketPayload:
    """Check a ticket's signature and validity.

    Args:
        text: the ticket as scanned (any case; surrounding whitespace is ignored).
        public_keys: every trusted key (loaded, or PEM bytes); the ticket picks one by id.
        now: the current instant (aware), from the Clock.

    Returns:
        The verified payload (times in UTC, ``key_id`` set).

    Raises:
        InvalidTicket: not a well-formed ticket, signed by an unknown key, or bad signature.
        TicketOutsideValidity: authentic, but ``now`` is before ``valid_from`` or after
            ``valid_until``; the exception carries the payload.
    """
    blob = _decode(text)
    claimed = _unpack(blob)
    if claimed is None:
        raise InvalidTicket("encoding")
    payload, signed_part, signature = claimed
    keys = {key_id(key): key for key in map(_as_public, public_keys)}
    public_key = keys.get(payload.key_id)
    if public_key is None:
        raise InvalidTicket("unknown_key", payload.code)
    try:
        public_key.verify(signature, _DOMAIN + signed_part)
    except InvalidSignature:
        raise InvalidTicket("signature", payload.code) from None
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if now < payload.valid_from:
        raise TicketOutsideValidity("not_yet_valid", payload)
    if now > payload.valid_until:
        raise TicketOutsideValidity("expired", payload)
    return payload


def _decode(text: str) -> bytes:
    """Base32 body of a ticket; only the canonical encoding is accepted (no malleability)."""
    text = text.strip()
    if not text[: len(TICKET_PREFIX)].upper() == TICKET_PREFIX.upper():
        raise InvalidTicket("encoding")
    body = text[len(TICKET_PREFIX) :].upper()
    if not body.isascii() or not body.isalnum():
        raise InvalidTicket("encoding")
    try:
        blob = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        raise InvalidTicket("encoding") from None
    if base64.b32encode(blob).decode("ascii").rstrip("=") != body:
        raise InvalidTicket("encoding")
    return blob


def _unpack(blob: bytes) -> tuple[TicketPayload, bytes, bytes] | None:
    """Split a decoded ticket into (unverified payload, signed bytes, signature), or None."""
    if len(blob) < _HEADER.size + 2 + SIGNATURE_BYTES:
        return None
    signed_part, signature = blob[:-SIGNATURE_BYTES], blob[-SIGNATURE_BYTES:]
    raw_key_id, valid_from, valid_until, party_size = _HEADER.unpack_from(signed_part)
    offset = _HEADER.size
    fields: list[str] = []
    for _ in range(2):
        if offset >= len(signed_part):
            return None
        length = signed_part[offset]
        field = signed_part[offset + 1 : offset + 1 + length]
        if length == 0 or len(field) != length:
            return None
        try:
            fields.append(field.decode("utf-8"))
        except UnicodeDecodeError:
            return None
        offset += 1 + length
    if offset != len(signed_part):
        return None
    payload = TicketPayload(
        code=fields[0],
        session_id=fields[1],
        party_size=party_size,
        valid_from=datetime.fromtimestamp(valid_from, UTC),
        valid_until=datetime.fromtimestamp(valid_until, UTC),
        key_id=raw_key_id.hex(),
    )
    return payload, signed_part, signature


def _unix_seconds(value: datetime, name: str) -> int:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(
            f"The ticket's {name} needs a time zone.", f"电子票的 {name} 需要包含时区。"
        )
    seconds = int(value.timestamp() // 1)
    if not 0 <= seconds <= _U32_MAX:
        raise InputError(f"The ticket's {name} is out of range.", f"电子票的 {name} 超出可用范围。")
    return seconds


def _as_public(key: PublicKeyLike) -> Ed25519PublicKey:
    if isinstance(key, Ed25519PublicKey):
        return key
    loaded = serialization.load_pem_public_key(key)
    if not isinstance(loaded, Ed25519PublicKey):
        raise TypeError("not an Ed25519 public key")
    return loaded


def _as_private(key: PrivateKeyLike) -> Ed25519PrivateKey:
    if isinstance(key, Ed25519PrivateKey):
        return key
    loaded = serialization.load_pem_private_key(key, password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise TypeError("not an Ed25519 private key")
    return loaded


def _read(path: str | os.PathLike[str]) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(
            f"Cannot read the key file {os.fspath(path)!r} ({exc.strerror or exc}).",
            f"无法读取密钥文件 {os.fspath(path)!r}（{exc.strerror or exc}）。",
        ) from exc


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """Load the ticket-signing key from an unencrypted PKCS#8 PEM file.

    Raises:
        InputError: the file is missing, unreadable, or not an unencrypted Ed25519 private key.
    """
    data = _read(path)
    try:
        return _as_private(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise InputError(
            f"{os.fspath(path)!r} is not an unencrypted Ed25519 private key in PEM format.",
            f"{os.fspath(path)!r} 不是未加密的 PEM 格式 Ed25519 私钥。",
        ) from exc


def load_public_keys(paths: Iterable[str | os.PathLike[str]]) -> list[Ed25519PublicKey]:
    """Load every trusted public key; a file may hold several PEM blocks (key rotation).

    Raises:
        InputError: a file is missing, unreadable, or holds anything but Ed25519 public keys.
    """
    keys: list[Ed25519PublicKey] = []
    for path in paths:
        data = _read(path)
        blocks = [_PEM_PUBLIC_BEGIN + part for part in data.split(_PEM_PUBLIC_BEGIN)[1:]]
        try:
            if not blocks:
                raise ValueError("no public key block")
            keys.extend(_as_public(block) for block in blocks)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise InputError(
                f"{os.fspath(path)!r} is not an Ed25519 public key in PEM format.",
                f"{os.fspath(path)!r} 不是 PEM 格式的 Ed25519 公钥。",
            ) from exc
    return keys
