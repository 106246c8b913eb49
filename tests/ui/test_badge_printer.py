"""Badges of an admission print off the UI thread; a printer fault keeps the check-in."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select
from sqlmodel import Session

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import PrintJob, Visitor
from kiosk.ui.badge_printer import BadgePrinter
from kiosk.ui.signals import Bridge
from tests.factories import SHANGHAI, Party, add_session


@pytest.fixture
def env(sqlite_url: str, tmp_path: Path) -> ServiceEnv:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    add_session(engine, parties=[Party("PRINT234", 2, names=["张伟", "Emily Carter"])])
    settings = Settings(print_target="pdf", pdf_dir=str(tmp_path / "badges"))
    clock = Clock.fixed(datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI))
    return ServiceEnv(engine, settings, clock, "GATE-1")


def jobs(env: ServiceEnv) -> list[tuple[str, int]]:
    with Session(env.engine) as db:
        return [tuple(r) for r in db.exec(select(PrintJob.status, PrintJob.attempts)).all()]


def test_admission_prints_badges_to_pdf_folder(qtbot, env: ServiceEnv, tmp_path: Path) -> None:
    """Two admitted visitors give a two-page PDF whose QR codes are their badge codes."""
    result = check_in(env, "PRINT234")
    bridge = Bridge()
    printer = BadgePrinter(env, bridge)
    statuses: list[str] = []
    bridge.print_status.connect(statuses.append)
    bridge.print_requested.emit([v.id for v in result.visitors])
    qtbot.waitUntil(lambda: len(statuses) == 2, timeout=20000)
    assert statuses == ["printing", "printed"]
    printer.wait()
    pdfs = list((tmp_path / "badges").glob("*.pdf"))
    assert len(pdfs) == 1
    import subprocess

    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(pdfs[0]), str(tmp_path / "page")], check=True
    )
    codes = sorted(
        zxingcpp.read_barcodes(Image.open(page))[0].text
        for page in sorted(tmp_path.glob("page*.png"))
    )
    assert codes == ["PRINT234-1", "PRINT234-2"]
    assert jobs(env) == [("printed", 1), ("printed", 1)]


def test_printer_fault_keeps_check_in(qtbot, env: ServiceEnv) -> None:
    """A printer that does not exist fails the jobs; the visitors stay checked in."""
    env = dataclasses.replace(
        env, settings=Settings(print_target="system", printer="NoSuchPrinter")
    )
    result = check_in(env, "PRINT234")
    bridge = Bridge()
    printer = BadgePrinter(env, bridge)
    statuses: list[str] = []
    bridge.print_status.connect(statuses.append)
    bridge.print_requested.emit([v.id for v in result.visitors])
    qtbot.waitUntil(lambda: len(statuses) == 2, timeout=20000)
    assert statuses == ["printing", "failed"]
    printer.wait()
    assert jobs(env) == [("failed", 1), ("failed", 1)]
    with Session(env.engine) as db:
        admitted = db.exec(select(Visitor.id).where(Visitor.checked_in_at.isnot(None))).all()
    assert len(admitted) == 2


def test_printer_settings_without_an_address_still_record_the_jobs(qtbot, env: ServiceEnv) -> None:
    """print_target zpl with no address: the check-in stands, the jobs are recorded failed
    with the sentence naming the setting, and the staff pages hear the same sentence."""
    env = dataclasses.replace(env, settings=Settings(print_target="zpl", printer=""))
    result = check_in(env, "PRINT234")
    bridge = Bridge()
    reported: list[object] = []
    bridge.printer_status.connect(reported.append)
    printer = BadgePrinter(env, bridge, poll_ms=200)
    statuses: list[str] = []
    bridge.print_status.connect(statuses.append)
    bridge.print_requested.emit([v.id for v in result.visitors])
    qtbot.waitUntil(lambda: len(statuses) == 2 and bool(reported), timeout=20000)
    assert printer.wait()
    assert statuses == ["printing", "failed"]
    assert jobs(env) == [("failed", 1), ("failed", 1)]
    with Session(env.engine) as db:
        reasons = db.exec(select(PrintJob.reason)).scalars().all()
    assert len(reasons) == 2 and all("no printer address" in reason for reason in reasons)
    assert not reported[-1].ready and "no printer address" in reported[-1].message_en
