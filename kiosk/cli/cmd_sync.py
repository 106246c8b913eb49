"""``kiosk sync``: import exports, report what changed; ``--watch`` a drop folder."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.cli.common import EXIT_ERROR, EXIT_OK, EXIT_REFUSED, Context, print_json, say, warn
from kiosk.core.errors import InputError, KioskError
from kiosk.services.sync import RejectedRows, SyncReport, sync_files
from kiosk.sync.profiles import MappingProfile, load_profile, profiles_dir

LARGE_FILE = 2_000_000  # bytes; show a progress bar above this


@dataclass(frozen=True)
class _Extras:
    """``--session`` and ``--profile``, resolved before anything is read or written."""

    session: datetime | None = None
    profile: MappingProfile | None = None


def _extras(args: argparse.Namespace, ctx: Context) -> _Extras:
    """Parse ``--session`` and load ``--profile`` (InputError: exit 2, nothing changed)."""
    session = None
    text = getattr(args, "session", None)
    if text:
        if len(text.strip()) <= len("2025-02-08"):
            raise InputError(
                f"--session {text} needs the tour's start time too, like 2025-02-08T09:30.",
                f"--session {text} 还需要场次开始时间，例如 2025-02-08T09:30。",
            )
        session = ctx.instant(text)
    profile = None
    name = getattr(args, "profile", None)
    if name:
        profile = load_profile(name, profiles_dir(getattr(args, "config", None)))
    return _Extras(session, profile)


def run(args: argparse.Namespace, ctx: Context) -> int:
    extras = _extras(args, ctx)
    if args.watch:
        return watch(Path(args.watch), args, ctx, extras=extras)
    if not args.files:
        warn("kiosk: give at least one export file (or --watch DIR).")
        return EXIT_ERROR
    paths = [Path(f) for f in args.files]
    try:
        report = _sync_with_progress(ctx, paths, args, extras)
    except RejectedRows as exc:
        if args.json:
            data = exc.report.to_json()
            data["error"] = exc.message
            print_json(data)
        else:
            _print_table(exc.report)
        warn(f"kiosk: {exc.message}")
        return EXIT_ERROR
    if args.json:
        print_json(report.to_json())
    else:
        _print_table(report)
    return EXIT_REFUSED if report.rejected else EXIT_OK


def _sync_with_progress(
    ctx: Context, paths: list[Path], args: argparse.Namespace, extras: _Extras
) -> SyncReport:
    env = ctx.service_env()
    size = sum(p.stat().st_size for p in paths if p.is_file())
    if args.json or size < LARGE_FILE:
        return sync_files(
            env,
            paths,
            full=args.full,
            strict=args.strict,
            dry_run=args.dry_run,
            session=extras.session,
            profile=extras.profile,
        )
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    estimate = max(sum(_count_lines(p) for p in paths if p.is_file()) - len(paths), 1)
    with Progress(
        TextColumn("[bold]Importing"),
        BarColumn(),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("sync", total=estimate)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total or estimate)

        return sync_files(
            env,
            paths,
            full=args.full,
            strict=args.strict,
            dry_run=args.dry_run,
            progress=progress,
            session=extras.session,
            profile=extras.profile,
        )


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _print_table(report: SyncReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    title = "Dry run: nothing was written" if report.dry_run else "Sync done"
    if not report.changed and not report.rejected and not report.conflicts:
        title += " (no changes: the database already matched the export)"
    table = Table(title=title)
    table.add_column("")
    table.add_column("count", justify="right")
    for label, value in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("cancelled", report.cancelled),
        ("rejected rows", len(report.rejected)),
        ("conflicts", len(report.conflicts)),
        ("sessions", len(report.sessions)),
        ("groups set", report.groups_set),
    ):
        table.add_row(label, str(value))
    console.print(table)
    for f in report.files:
        mapping = ", ".join(f"{k} → {v}" for k, v in f.mapping.items())
        console.print(
            f"[bold]{f.path}[/]: {f.kind}, {f.format}, {f.encoding or '-'}; "
            f"{f.rows} rows; columns: {mapping}"
        )
        if f.unused_columns:
            console.print(f"  ignored columns: {', '.join(f.unused_columns)}")
    for item in report.rejected:
        console.print(f"[red]rejected[/] {item['file']} line {item['line']}: {item['reason']}")
    for item in report.conflicts:
        where = f"line {item['line']}: " if item.get("line") else ""
        console.print(f"[yellow]conflict[/] {where}{item['code']}: {item['reason']}")


def watch(
    folder: Path,
    args: argparse.Namespace,
    ctx: Context,
    *,
    poll_s: float = 1.0,
    max_polls: int | None = None,
    extras: _Extras | None = None,
) -> int:
    """Import each new or changed export dropped into ``folder``; Ctrl+C stops.

    A file is imported once its size and modification time have stayed the same for two
    polls, so a copy still being written is not read half-way.
    """
    if not folder.is_dir():
        warn(f"kiosk: {folder} is not a folder.")
        return EXIT_ERROR
    say(f"Watching {folder} for exports (Ctrl+C to stop)…")
    seen: dict[Path, tuple[float, int]] = {}
    pending: dict[Path, tuple[float, int]] = {}
    polls = 0
    try:
        while max_polls is None or polls < max_polls:
            polls += 1
            for path in sorted(folder.iterdir()):
                if not path.is_file() or path.name.startswith((".", "~$")):
                    continue
                try:
                    stat = path.stat()
                except OSError:
                    continue  # vanished between listing and stat
                signature = (stat.st_mtime, stat.st_size)
                if seen.get(path) == signature:
                    continue
                if pending.get(path) != signature:
                    pending[path] = signature
                    continue
                pending.pop(path, None)
                seen[path] = signature
                _import_one(path, args, ctx, extras or _Extras())
            time.sleep(poll_s)
    except KeyboardInterrupt:
        say("Stopped watching.")
    return EXIT_OK


def _import_one(path: Path, args: argparse.Namespace, ctx: Context, extras: _Extras) -> None:
    try:
        report = sync_files(
            ctx.service_env(),
            [path],
            full=args.full,
            strict=args.strict,
            dry_run=args.dry_run,
            session=extras.session,
            profile=extras.profile,
        )
    except KioskError as exc:
        warn(f"kiosk: {path.name}: {exc.message}")
        return
    if args.json:
        print_json(report.to_json())
    else:
        say(
            f"{path.name}: added {report.added}, updated {report.updated}, unchanged "
            f"{report.unchanged}, cancelled {report.cancelled}, rejected {len(report.rejected)}, "
            f"conflicts {len(report.conflicts)}"
        )
