"""``kiosk keys generate`` and ``kiosk tickets``: signing keys and a QR ticket per booking."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.common import EXIT_OK, Context, say
from kiosk.services.tickets import write_keypair, write_tickets


def keys_generate(args: argparse.Namespace, ctx: Context) -> int:
    """Write a new Ed25519 pair; the private key is owner-only and never overwritten."""
    pair = write_keypair(Path(args.out))
    say(f"Key id: {pair.key_id}")
    say(f"Private key (keep it on the ticket-printing machine only): {pair.private_path}")
    say(f"Public key (copy it to every kiosk): {pair.public_path}")
    say("Add to kiosk.toml:")
    say(f'  private_key = "{pair.private_path}"        # only where tickets are made')
    say(
        f'  public_keys = ["{pair.public_path}"]       # on every kiosk; keep old keys while rotating'
    )
    return EXIT_OK


def tickets(args: argparse.Namespace, ctx: Context) -> int:
    """One QR PNG per confirmed reservation: a signed ticket if a private key is set."""
    done = write_tickets(ctx.service_env(), Path(args.out), session_id=args.session)
    kind = "signed tickets" if done.signed else "bare reservation codes (no private_key set)"
    say(f"Wrote {done.written} QR ticket(s) to {done.folder} as {kind}.")
    return EXIT_OK
