"""``kiosk keys generate`` and ``kiosk tickets``: signing keys and a QR ticket per booking."""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from kiosk.cli.common import EXIT_OK, Context, say
from kiosk.core.errors import InputError
from kiosk.core.tickets import (
    TicketPayload,
    generate_keypair,
    key_id,
    load_private_key,
    sign_ticket,
)
from kiosk.store.db import read_session
from kiosk.store.models import Reservation, TourSession

PRIVATE_NAME = "private.pem"
PUBLIC_NAME = "public.pem"
_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def keys_generate(args: argparse.Namespace, ctx: Context) -> int:
    """Write a new Ed25519 pair; the private key is owner-only and never overwritten."""
    folder = Path(args.out).expanduser().resolve()
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
    say(f"Key id: {key_id(public_pem)}")
    say(f"Private key (keep it on the ticket-printing machine only): {private_path}")
    say(f"Public key (copy it to every kiosk): {public_path}")
    say("Add to kiosk.toml:")
    say(f'  private_key = "{private_path}"        # only where tickets are made')
    say(f'  public_keys = ["{public_path}"]       # on every kiosk; keep old keys while rotating')
    return EXIT_OK


@dataclass(frozen=True)
class _Booking:
    code: str
    session_id: str
    party_size: int
    starts_at: datetime


def tickets(args: argparse.Namespace, ctx: Context) -> int:
    """One QR PNG per confirmed reservation: a signed ticket if a private key is set."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    private_key = load_private_key(ctx.settings.private_key) if ctx.settings.private_key else None
    bookings = _bookings(ctx, args.session)
    folder = Path(args.out).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"Cannot create the folder {folder}: {exc.strerror or exc}.",
            f"无法创建文件夹 {folder}：{exc.strerror or exc}。",
        ) from exc
    zone = ctx.settings.zone
    written = 0
    for booking in bookings:
        content = _ticket_text(booking, private_key, zone)
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
    kind = "signed tickets" if private_key else "bare reservation codes (no private_key set)"
    say(f"Wrote {written} QR ticket(s) to {folder} as {kind}.")
    return EXIT_OK


def _bookings(ctx: Context, session_id: str | None) -> list[_Booking]:
    with read_session(ctx.engine()) as db:
        if session_id is not None and db.get(TourSession, session_id) is None:
            raise InputError(
                f"There is no session {session_id!r}; see `kiosk headcount` for the ids.",
                f"没有场次 {session_id!r}，可用 `kiosk headcount` 查看场次编号。",
            )
        query = (
            select(Reservation.code, Reservation.session_id, Reservation.party_size)
            .add_columns(TourSession.starts_at)
            .join(TourSession, TourSession.id == Reservation.session_id)  # type: ignore[arg-type]
            .where(Reservation.status == "confirmed")
            .order_by(TourSession.starts_at, Reservation.code)  # type: ignore[arg-type]
        )
        if session_id is not None:
            query = query.where(Reservation.session_id == session_id)
        return [_Booking(*row) for row in db.execute(query).all()]


def _ticket_text(booking: _Booking, private_key: Ed25519PrivateKey | None, zone: tzinfo) -> str:
    """Signed tickets are valid for the whole session day in the site's zone."""
    if private_key is None:
        return booking.code
    day: date = booking.starts_at.astimezone(zone).date()
    valid_from = datetime.combine(day, time.min, tzinfo=zone)
    payload = TicketPayload(
        code=booking.code,
        session_id=booking.session_id,
        party_size=max(1, min(booking.party_size, 255)),
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=1, seconds=-1),
    )
    return sign_ticket(private_key, payload)
