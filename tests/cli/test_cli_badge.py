"""`kiosk badge` and `kiosk print` on the demo program, through a real CUPS queue."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select
from sqlmodel import Session

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services import printing
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.printing import PrintOutcome
from kiosk.store.engine import make_engine
from kiosk.store.models import PrintJob, Visitor
from kiosk.ui.printing import SpoolerSink
from tests.factories import SHANGHAI
from tests.support.cups import CupsUnavailable, ensure_cups_queue, set_queue_enabled
from tests.support.pdf import decode_pdf_pages

SAMPLES = Path(__file__).resolve().parents[2] / "db" / "samples"
PARTY_OF_THREE = "7BV3A2K2"  # 2 Feb 09:30, three people
FAULT_QUEUE = "KioskPDFFault"


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert (
        main(["sync", str(SAMPLES / "roster.csv"), str(SAMPLES / "reservations.csv"), "--db", url])
        == 0
    )
    return url


@pytest.fixture
def fault_queue() -> Iterator[str]:
    try:
        name = ensure_cups_queue(FAULT_QUEUE)
    except CupsUnavailable as exc:
        if os.environ.get("KIOSK_REQUIRE_SERVICES") == "1":
            pytest.fail(f"CUPS is not available: {exc}", pytrace=False)
        pytest.skip(f"CUPS is not available: {exc}")
    yield name
    set_queue_enabled(name, True)


def test_badge_png_writes_one_file_per_visitor_with_their_qr(demo_url: str, tmp_path: Path) -> None:
    """A party of three gives badge-1/2/3.png, each QR decoding to that visitor's badge code."""
    assert (
        main(["badge", PARTY_OF_THREE, "--out", str(tmp_path / "badge.png"), "--db", demo_url]) == 0
    )
    files = sorted(tmp_path.glob("badge-*.png"))
    assert [f.name for f in files] == ["badge-1.png", "badge-2.png", "badge-3.png"]
    codes = [zxingcpp.read_barcodes(Image.open(f))[0].text for f in files]
    assert codes == [f"{PARTY_OF_THREE}-{n}" for n in (1, 2, 3)]


def test_badge_pdf_has_a_page_per_visitor_at_the_preset_size(demo_url: str, tmp_path: Path) -> None:
    """The PDF of a party of three has three CR80-sized pages."""
    out = tmp_path / "party.pdf"
    assert (
        main(["badge", PARTY_OF_THREE, "--out", str(out), "--size", "cr80", "--db", demo_url]) == 0
    )
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert int(fields["Pages"]) == 3
    width, _, height, *_ = fields["Page size"].split()
    assert (round(float(width) / 72 * 25.4, 1), round(float(height) / 72 * 25.4, 1)) == (85.6, 54.0)


def test_badge_of_unknown_code_is_one_sentence(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown code exits 2 with one line and writes nothing."""
    assert main(["badge", "NOPE0000", "--out", str(tmp_path / "b.png"), "--db", demo_url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "NOPE0000" in err
    assert not list(tmp_path.glob("b*.png"))


@pytest.mark.cups
def test_disabled_printer_fails_jobs_keeps_check_in_and_retry_prints(
    demo_url: str, fault_queue: str, qapp: object
) -> None:
    """Queue disabled: jobs failed, visitors still in; queue back: the retry prints them."""
    engine = make_engine(demo_url)
    settings = Settings(print_target="system", printer=fault_queue)
    env = ServiceEnv(
        engine, settings, Clock.fixed(datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)), "GATE-1"
    )
    result = check_in(env, PARTY_OF_THREE)
    assert result.outcome == "ok"
    ids = [v.id for v in result.visitors]
    set_queue_enabled(fault_queue, False)
    failed = print_visitor_badges(env, ids)
    assert not failed.printed and failed.error_en
    with Session(engine) as db:
        jobs = db.exec(select(PrintJob.status, PrintJob.attempts)).all()
        admitted = db.exec(select(Visitor.id).where(Visitor.checked_in_at.isnot(None))).all()
    assert [tuple(j) for j in jobs] == [("failed", 1)] * 3
    assert len(admitted) == 3
    set_queue_enabled(fault_queue, True)
    retried = print_visitor_badges(env, ids, retry_job_ids=failed.job_ids)
    assert retried.printed and retried.job_ids == failed.job_ids
    with Session(engine) as db:
        jobs = db.exec(select(PrintJob.status, PrintJob.attempts)).all()
    assert [tuple(j) for j in jobs] == [("printed", 2)] * 3
    engine.dispose()


def print_visitor_badges(
    env: ServiceEnv, ids: list[int], *, retry_job_ids: tuple[int, ...] = ()
) -> PrintOutcome:
    """The app's print path: the printing use case sending to the system spooler."""
    sink = SpoolerSink(env.settings.printer)
    return printing.print_visitor_badges(env, ids, sink, retry_job_ids=retry_job_ids)


@pytest.mark.slow
def test_print_to_the_pdf_folder_works_from_the_command_line_without_qt(
    demo_url: str, tmp_path: Path
) -> None:
    """`kiosk print` to the PDF folder needs no Qt: one page per visitor, QR readable."""
    folder = tmp_path / "badges"
    script = (
        "import sys\n"
        "from kiosk.cli import main\n"
        f"code = main(['print', {PARTY_OF_THREE!r}, '--db', {demo_url!r}])\n"
        "assert 'PySide6' not in sys.modules, 'the command line imported Qt'\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "KIOSK_PRINT_TARGET": "pdf", "KIOSK_PDF_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    (pdf,) = folder.glob("*.pdf")
    pages = decode_pdf_pages(pdf, tmp_path)
    assert len(pages) == 3 and all(len(codes) == 1 for codes in pages)
