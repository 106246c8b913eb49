"""``kiosk badge`` (render to PNG/PDF) and ``kiosk print`` (through the spooler)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosk.badges import get_preset, render_badge, write_pdf, write_png
from kiosk.cli.common import EXIT_ERROR, EXIT_OK, Context, say, warn
from kiosk.services import printing


def badge(args: argparse.Namespace, ctx: Context) -> int:
    env = ctx.service_env()
    preset = args.size or ctx.settings.badge_size
    get_preset(preset)
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".pdf"):
        warn("kiosk: --out must end in .png or .pdf.")
        return EXIT_ERROR
    badges = printing.badge_data(env, printing.visitor_ids_for_code(env, args.code))
    mono = args.mono or ctx.settings.badge_mono
    images = [render_badge(b, preset, mono=mono) for b in badges]
    if out.suffix.lower() == ".pdf":
        write_pdf(images, out, preset, mono)
        say(f"Wrote {len(images)} badge page(s) to {out}.")
    else:
        for path in write_png(images, out):
            say(f"Wrote {path}.")
    return EXIT_OK


def _headless_qt() -> None:
    """Printing from a terminal needs no screen: let Qt run offscreen when there is none."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def print_badges(args: argparse.Namespace, ctx: Context) -> int:
    env = ctx.service_env()
    _headless_qt()
    if args.test_page:
        from kiosk.ui.printing import print_badges as spool
        from kiosk.ui.printing import test_page_images

        spool(
            test_page_images(ctx.settings.badge_size),
            printer_name=args.printer or ctx.settings.printer or None,
            preset=ctx.settings.badge_size,
            job_name="Kiosk test page",
        )
        say("Test page sent to the printer.")
        return EXIT_OK
    if not args.code:
        warn("kiosk: give a reservation or badge code, or --test-page.")
        return EXIT_ERROR
    from kiosk.ui.print_jobs import print_visitor_badges

    visitor_ids = printing.visitor_ids_for_code(env, args.code)
    target = "system" if args.printer else None
    if target is None and ctx.settings.print_target == "none":
        target = "system"
    outcome = print_visitor_badges(env, visitor_ids, printer=args.printer, target=target)
    if outcome.printed:
        say(f"Printed {len(visitor_ids)} badge(s) (jobs {', '.join(map(str, outcome.job_ids))}).")
        return EXIT_OK
    warn(f"kiosk: {outcome.error_en} The jobs are recorded as failed; retry when fixed.")
    return EXIT_ERROR
