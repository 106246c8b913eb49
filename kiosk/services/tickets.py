"""Signing keys and QR tickets: one PNG per confirmed booking, signed when a key is set."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from kiosk.core.clock import local_day_bounds
from kiosk.core.errors import InputError
from kiosk.core.tickets import (
    PrivateKeyLike,
    TicketPayload,
    generate_keypair,
    key_id,
    load_private_key,
    sign_ticket,
)
from kiosk.services.env import ServiceEnv
from kiosk.store.bookings import TicketBooking, confirmed_bookings
from kiosk.store.db import read_connection
from kiosk.store.sessions import session_by_id

PRIVATE_NAME = "private.pem"
PUBLIC_NAME = "public.pem"
_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class KeyPair:
    """Where a new key pair was written, and its id (to tell keys apart while rotating)."""

    private_path: Path
    public_path: Path
    key_id: str


@dataclass(frozen=True)
class TicketsWritten:
    """How many QR tickets went into which folder, and whether they are signed."""

    folder: Path
    written: int
    signed: bool


def write_keypair(folder: Path) -> KeyPair:
    """Write a new Ed25519 pair; the private key is owner-only and never overwritten.

    Raises:
        InputError: a key file exists already, or the folder cannot be written.
    """
    folder = folder.expanduser().resolve()
    private_path, public_path = folder / PRIVATE_NAME, folder / PUBLIC_NAME
    for path in (private_path, public_path):
        if path.exists():
            raise InputError(
                f"{path} already exists; choose another folder so no key is lost.",
                f"{path} 已存在，请换一个文件夹，以免覆盖已有的密钥。",
            )
    private_pem, public_pem = generate_keypair()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(private_pem)
        os.chmod(private_path, 0o600)  # the umask may have kept bits; make sure
        public_path.write_bytes(public_pem)
    except OSError as exc:
        raise InputError(
            f"Cannot write the keys into {folder}: {exc.strerror or exc}.",
            f"无法在 {folder} 中写入密钥：{exc.strerror or exc}。",
        ) from exc
    return KeyPair(private_path, public_path, key_id(public_pem))


def write_tickets(
    env: ServiceEnv, folder: Path, *, session_id: str | None = None
) -> TicketsWritten:
    """One QR PNG per confirmed booking (of one session): signed when ``private_key`` is set.

    Signed tickets are valid for the whole session day in the site's zone.

    Raises:
        InputError: unknown session, or the folder or a file cannot be written.
    """
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    settings = env.settings
    private_key = load_private_key(settings.private_key) if settings.private_key else None
    with read_connection(env.engine) as db:
        if session_id is not None and session_by_id(db, session_id) is None:
            raise InputError(
                f"There is no session {session_id!r}; see `kiosk headcount` for the ids.",
                f"没有场次 {session_id!r}，可用 `kiosk headcount` 查看场次编号。",
            )
        bookings = confirmed_bookings(db, session_id)
    folder = folder.expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"Cannot create the folder {folder}: {exc.strerror or exc}.",
            f"无法创建文件夹 {folder}：{exc.strerror or exc}。",
        ) from exc
    written = 0
    for booking in bookings:
        content = booking.code if private_key is None else _signed(booking, private_key, env)
        qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
        qr.add_data(content)
        qr.make(fit=True)
        path = folder / f"{_UNSAFE_FILE_CHARS.sub('_', booking.code)}.png"
        try:
            qr.make_image().save(path)
        except OSError as exc:
            raise InputError(
                f"Cannot write {path}: {exc.strerror or exc}; {written} ticket(s) were written.",
                f"无法写入 {path}：{exc.strerror or exc}；已写入 {written} 张。",
            ) from exc
        written += 1
    return TicketsWritten(folder, written, private_key is not None)


def _signed(booking: TicketBooking, private_key: PrivateKeyLike, env: ServiceEnv) -> str:
    valid_from, next_day = local_day_bounds(booking.starts_at, env.settings.zone)
    payload = TicketPayload(
        code=booking.code,
        session_id=booking.session_id,
        party_size=max(1, min(booking.party_size, 255)),
        valid_from=valid_from,
        valid_until=next_day - timedelta(seconds=1),
    )
    return sign_ticket(private_key, payload)
