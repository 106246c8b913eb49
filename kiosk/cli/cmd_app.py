"""``kiosk run`` and ``kiosk demo``: start the touchscreen app through the front end that
``kiosk.launcher`` plugs in (the command line itself never imports Qt)."""

from __future__ import annotations

import argparse
import importlib.util
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import EXIT_ERROR, EXIT_OK, Context, FrontEnd, say
from kiosk.config import data_dir
from kiosk.core.clock import Clock, parse_instant
from kiosk.core.errors import InputError, KioskError
from kiosk.paths import SAMPLES
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DEMO_PIN = "1234"
DEMO_FILES = ("roster.csv", "reservations.csv")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Start the kiosk on the configured database; the app upgrades the schema itself."""
    front_end = _front_end(ctx)
    settings = ctx.settings
    clock = ctx.clock(args.now, frozen=False)
    mode = args.mode or settings.mode
    if ctx.has_hub and mode != "supervisor":
        # A kiosk of a hub: its replica, outbox and a follower in the background, so the
        # gate keeps moving when the hub or the network does not.
        route = ctx.kiosk_route(clock, background=True)
        route.start()
        env = ServiceEnv(route.link.engine, settings, clock, settings.kiosk_id, route=route)
    else:
        env = ServiceEnv(ctx.engine(migrated=False), settings, clock, settings.kiosk_id)
    return _exit_code(front_end.run_window(env, mode, bool(args.fullscreen), _shot(args)))


def demo(args: argparse.Namespace, ctx: Context) -> int:
    """A fresh database from db/samples, the clock inside a live check-in window, gate mode."""
    front_end = None if args.no_window else _front_end(ctx)
    url = args.db or f"sqlite:///{data_dir() / 'demo.db'}"
    if not args.db:
        _remove_sqlite_file(data_dir() / "demo.db")
    settings = replace(ctx.settings, db_url=url, mode=args.mode or "gate")
    if settings.print_target == "none":
        # The demo shows the whole flow: badges go to a PDF folder unless a printer is set.
        folder = settings.pdf_dir or str(data_dir() / "demo-badges")
        settings = replace(settings, print_target="pdf", pdf_dir=folder)
    if not settings.pin_hash:
        from kiosk.core.pin import hash_pin

        settings = replace(settings, pin_hash=hash_pin(DEMO_PIN))
        say(f"Staff PIN for this demo: {DEMO_PIN}")
    engine = make_engine(url)
    _require_empty(engine, url, explicit=bool(args.db))
    from kiosk.store.migrate import upgrade

    upgrade(engine)
    instant = parse_instant(args.now or demo_live_instant(), settings.zone)
    clock = Clock(settings.zone, instant)
    kiosk_id = args.kiosk_id or settings.kiosk_id
    env = ServiceEnv(engine, settings, clock, kiosk_id=kiosk_id)
    _load_samples(env)
    shown = engine.url.render_as_string(hide_password=True)
    say(f"Demo database: {shown}")
    say(f"Clock starts at {instant.isoformat()} ({settings.timezone}).")
    if settings.print_target == "pdf":
        say(f"Badges are written as PDF files to {settings.pdf_dir}.")
    if front_end is None:
        engine.dispose()
        return EXIT_OK
    return _exit_code(front_end.run_window(env, settings.mode, bool(args.fullscreen), _shot(args)))


def demo_live_instant() -> str:
    """The demo program's "live" instant (inside a session's check-in window)."""
    path = SAMPLES / "generate_demo.py"
    spec = importlib.util.spec_from_file_location("kiosk_demo_generator", path)
    if spec is None or spec.loader is None:
        raise InputError(f"The demo program {path} is missing.", f"缺少演示程序文件 {path}。")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.demo_live_instant())


def _load_samples(env: ServiceEnv) -> None:
    try:
        from kiosk.services.sync import sync_files
    except ImportError:
        say("The sync service is not available; the demo database has no reservations.")
        return
    report = sync_files(env, [SAMPLES / name for name in DEMO_FILES])
    added = getattr(report, "added", "?")
    say(f"Imported the demo program: {added} reservations.")


def _require_empty(engine: Engine, url: str, *, explicit: bool) -> None:
    """``--db`` must point at a new or empty database: a demo never overwrites real data."""
    if not explicit:
        return
    from kiosk.store.migrate import current_revision

    if current_revision(engine) is not None:
        raise InputError(
            f"The database {url} already holds data; give `kiosk demo --db` a new file.",
            f"数据库 {url} 已有数据，请为 `kiosk demo --db` 指定一个新文件。",
        )


def _remove_sqlite_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        try:
            candidate.unlink(missing_ok=True)
        except OSError as exc:
            raise InputError(
                f"The old demo database {candidate} cannot be removed: {exc.strerror}.",
                f"无法删除旧的演示数据库 {candidate}：{exc.strerror}。",
            ) from exc


def _front_end(ctx: Context) -> FrontEnd:
    """The touchscreen app, checked (with the display it needs) before anything is changed."""
    if ctx.front_end is None:
        raise KioskError(
            "The touchscreen app is not part of this command; start the kiosk with `kiosk run`.",
            "此命令不包含触摸屏程序，请用 `kiosk run` 启动自助机。",
        )
    ctx.front_end.require_display()
    if getattr(ctx.args, "config", None):
        # The app writes settings back (the Printer page's Save): to the file it was given.
        os.environ["KIOSK_CONFIG"] = str(Path(ctx.args.config).expanduser().resolve())
    return ctx.front_end


def _shot(args: argparse.Namespace) -> Path | None:
    return Path(args.screenshot) if getattr(args, "screenshot", None) else None


def _exit_code(code: int) -> int:
    return EXIT_OK if code == 0 else EXIT_ERROR
