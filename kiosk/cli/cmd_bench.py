"""``kiosk bench [--size N] [--json]``: each figure beside a raw baseline from the same run.

``kiosk bench --soak [--kiosks N] [--minutes M] [--db URL] [--json]`` runs the soak instead
(see :mod:`kiosk.bench.soak`); it exits 1 when the audit finds a lost or doubled check-in or
any error.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.bench.figures import Figure
from kiosk.bench.runner import run_bench
from kiosk.cli.common import EXIT_OK, EXIT_REFUSED, Context, print_json, warn
from kiosk.core.errors import InputError

MIN_SIZE = 200
MAX_SOAK_KIOSKS = 100
SOAK_SIZE = 2000


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.soak:
        return soak(args)
    if args.size < MIN_SIZE:
        raise InputError(
            f"--size must be at least {MIN_SIZE} reservations.",
            f"--size 至少为 {MIN_SIZE} 条预约。",
        )

    def progress(text: str) -> None:
        if not args.json:
            warn(f"bench: {text}…")

    hub_url = args.db if args.db and args.db.startswith("postgresql") else None
    report = run_bench(args.size, progress=progress, hub_url=hub_url)
    if args.json:
        print_json(report.to_json())
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    machine = report.machine
    table = Table(
        title=f"kiosk bench, {report.size:,} reservations "
        f"({machine['nproc']}× {machine['cpu']}, Python {machine['python']}, "
        f"SQLite {machine['sqlite']})",
        caption="Ratios count; absolute times only indicate (the machine is noisy). "
        f"Load average before/after: {machine.get('load_average')} / "
        f"{machine.get('load_average_after')}.",
    )
    for column in ("what", "kiosk", "raw baseline", "ratio", "target", "met"):
        if column in ("kiosk", "raw baseline", "ratio"):
            table.add_column(column, justify="right")
        else:
            table.add_column(column, justify="left")
    for figure in report.figures:
        table.add_row(
            figure.title,
            _amount(figure.value, figure.unit),
            f"{_amount(figure.baseline, figure.unit)}\n[dim]{figure.baseline_label}[/dim]",
            "—" if figure.ratio is None else f"{figure.ratio:.1f}×",
            figure.target,
            _met(figure),
        )
    # A pipe or a log file gets a wide table instead of one squeezed into 80 columns.
    Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160).print(table)
    return EXIT_OK


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "ms" and value < 1:
        return f"{value * 1000:.0f} µs"
    return f"{value:,.1f} {unit}" if value >= 10 else f"{value:.2f} {unit}"


def _met(figure: Figure) -> str:
    if figure.met is None:
        return figure.note.removeprefix("not measured: ")[:60] if figure.value is None else "—"
    return "[green]yes[/green]" if figure.met else "[red]no[/red]"


def soak(args: argparse.Namespace) -> int:
    """Many kiosks and a dashboard on one database; exit 1 if the audit finds anything."""
    from kiosk.bench.soak import run_soak

    if not 1 <= args.kiosks <= MAX_SOAK_KIOSKS:
        raise InputError(
            f"--kiosks must be between 1 and {MAX_SOAK_KIOSKS}.",
            f"--kiosks 必须在 1 到 {MAX_SOAK_KIOSKS} 之间。",
        )
    seconds = round(args.minutes * 60)
    if seconds < 1:
        raise InputError("--minutes must be at least one second.", "--minutes 至少为一秒。")

    def progress(text: str) -> None:
        if not args.json:
            warn(f"soak: {text}…")

    # Only an explicit --db: the soak writes test data, so never the kiosk's own database.
    report = run_soak(kiosks=args.kiosks, seconds=seconds, db_url=args.db, size=SOAK_SIZE,
                      progress=progress)  # fmt: skip
    if args.json:
        print_json(report.to_json())
        return EXIT_OK if report.passed else EXIT_REFUSED
    from rich.console import Console
    from rich.table import Table

    audit = report.audit
    table = Table(
        title=f"kiosk bench --soak: {report.kiosks} kiosks × {report.seconds} s on "
        f"{report.backend}, {report.scans:,} scans ({report.scans_per_second}/s)",
        caption=report.note or None,
    )
    table.add_column("what")
    table.add_column("figure", justify="right")
    rows = [
        ("check-in latency p50 / p99", _spread(report.checkin_ms)),
        ("every scan (check-in, check-out, undo) p50 / p99", _spread(report.all_scans_ms)),
        ("dashboard headcount p50 / p99", _spread(report.headcount_ms)),
        ("dashboard change_token p50 / p99", _spread(report.token_ms)),
        ("dashboard polls / headcounts", f"{report.dashboard_polls} / {report.headcounts}"),
        ("same code scanned by ≥2 kiosks in one second", f"{report.collisions:,}"),
        ("outcomes", ", ".join(f"{k} {v}" for k, v in report.outcomes.items())),
        ("admitting events / visitors in at the end",
         f"{audit.admitting_events:,} / {audit.admitted_visitors:,}"),
        ("doubled check-ins", _verdict(len(audit.doubled))),
        ("lost check-ins", _verdict(len(audit.lost))),
        ("phantom check-ins", _verdict(len(audit.phantom))),
        *(
            [
                ("partition: kiosks cut off, seconds",
                 f"{', '.join(report.partition['kiosks'])}: "
                 f"{report.partition['from']}–{report.partition['until']} s"),
                ("offline decisions / uploaded / conflicts recorded",
                 f"{audit.offline_scans:,} / {audit.uploaded:,} / {audit.conflicts:,}"),
                ("unflagged doubles", _verdict(len(audit.unflagged_doubles))),
            ]
            if report.partition
            else []
        ),
        ("errors", _verdict(len(report.errors))),
    ]  # fmt: skip
    for what, figure in rows:
        table.add_row(what, figure)
    Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160).print(table)
    problems = audit.doubled + audit.lost + audit.phantom + audit.unflagged_doubles + report.errors
    for problem in problems[:10]:
        warn(f"soak: {problem}")
    return EXIT_OK if report.passed else EXIT_REFUSED


def _spread(spread: dict[str, float]) -> str:
    if not spread:
        return "not measured"
    return f"{spread['p50']:.1f} / {spread['p99']:.1f} ms"


def _verdict(count: int) -> str:
    return "[green]0[/green]" if count == 0 else f"[red]{count}[/red]"
