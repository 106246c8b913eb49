"""``kiosk bench [--size N] [--json]``: each figure beside a raw baseline from the same run."""

from __future__ import annotations

import argparse
import sys

from kiosk.bench.figures import Figure
from kiosk.bench.runner import run_bench
from kiosk.cli.common import EXIT_OK, Context, print_json, warn
from kiosk.core.errors import InputError

MIN_SIZE = 200


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.size < MIN_SIZE:
        raise InputError(
            f"--size must be at least {MIN_SIZE} reservations.",
            f"--size 至少为 {MIN_SIZE} 条预约。",
        )

    def progress(text: str) -> None:
        if not args.json:
            warn(f"bench: {text}…")

    report = run_bench(args.size, progress=progress)
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
        justify = "right" if column in ("kiosk", "raw baseline", "ratio") else "left"
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
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
