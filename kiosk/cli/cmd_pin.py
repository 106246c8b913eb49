"""``kiosk pin``: turn a staff PIN into the ``pin_hash`` line for kiosk.toml.

The PIN itself is never stored or printed: only its scrypt hash.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.cli.common import EXIT_OK, Context, say
from kiosk.core.errors import InputError
from kiosk.core.pin import hash_pin


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New staff PIN (4-12 digits): ")
        if getpass.getpass("Again: ") != pin:
            raise InputError("The two PINs differ; nothing was made.", "两次输入的 PIN 不一致。")
    say(f'pin_hash = "{hash_pin(pin)}"')
    say("Put this line in kiosk.toml (or KIOSK_PIN_HASH) on every kiosk.")
    return EXIT_OK
