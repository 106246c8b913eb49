"""``kiosk badge`` (render to PNG/PDF) and ``kiosk print`` (through the spooler)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.badges import get_preset, render_badge, write_pdf, write_png
from kiosk.cli.common import EXIT_ERROR, EXIT_OK, Context, say, warn
from kiosk.config import Settings
from kiosk.printers import LABEL_TARGETS
from kiosk.services import printing
from kiosk.services.printing import choose_sink


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


def print_badges(args: argparse.Namespace, ctx: Context) -> int:
    env = ctx.service_env()
    spooler = ctx.front_end.spooler if ctx.front_end is not None else None
    settings = ctx.settings
    target = _target(args, settings)
    if args.test_page:
        sink = choose_sink(settings, target=target, printer=args.printer, spooler=spooler)
        assert sink is not None  # a target was named
        where = printing.print_test_page(sink, settings)
        say(f"Test page sent to {where}.")
        return EXIT_OK
    if not args.code:
        warn("kiosk: give a reservation or badge code, or --test-page.")
        return EXIT_ERROR
    visitor_ids = printing.visitor_ids_for_code(env, args.code)
    sink = choose_sink(settings, target=target, printer=args.printer, spooler=spooler)
    outcome = printing.print_visitor_badges(env, visitor_ids, sink)
    if outcome.printed:
        say(f"Printed {len(visitor_ids)} badge(s) (jobs {', '.join(map(str, outcome.job_ids))}).")
        return EXIT_OK
    warn(f"kiosk: {outcome.error_en} The jobs are recorded as failed; retry when fixed.")
    return EXIT_ERROR


def _target(args: argparse.Namespace, settings: Settings) -> str | None:
    """The print target: the settings', or the spooler for ``--printer`` or when it is off.

    With a label printer configured, ``--printer`` is that printer's address instead.
    """
    if settings.print_target in LABEL_TARGETS:
        return None
    return "system" if args.printer or settings.print_target == "none" else None
