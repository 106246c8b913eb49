"""`kiosk print CODE` and `kiosk print --test-page` on the label printers (loopback, decoded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.badges.samples import TEST_PAGE_CODE
from kiosk.cli import main as cli_main
from kiosk.launcher import main
from kiosk.store.engine import make_engine
from kiosk.store.models import PrintJob
from tests.printers.conftest import qr_codes
from tests.support.label_printer import BrotherQLDevice, ZebraDevice, loopback

SAMPLES = Path(__file__).resolve().parents[2] / "db" / "samples"
PARTY_OF_THREE = "7BV3A2K2"  # 2 Feb 09:30, three people
TARGETS = ["zpl", "brother_ql"]


@pytest.fixture
def demo_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo program in a fresh SQLite file; no settings file of the user's."""
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    files = [str(SAMPLES / "roster.csv"), str(SAMPLES / "reservations.csv")]
    assert cli_main(["sync", *files, "--db", url]) == 0
    return url


def device_for(target: str) -> BrotherQLDevice | ZebraDevice:
    return BrotherQLDevice() if target == "brother_ql" else ZebraDevice(203)


def printed_codes(device: BrotherQLDevice | ZebraDevice) -> list[list[str]]:
    if isinstance(device, BrotherQLDevice):
        pages = device.pages()[: device.pages_printed]
    else:
        pages = device.labels()
    return [qr_codes(page) for page in pages]


def job_statuses(url: str) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as db:
        statuses = list(db.exec(select(PrintJob.status).order_by(PrintJob.id)).all())
    engine.dispose()
    return statuses


@pytest.mark.parametrize("target", TARGETS)
def test_print_code_puts_each_badge_on_the_label_printer_of_the_settings(
    demo_url: str, target: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """print_target zpl / brother_ql with the printer's address: `kiosk print CODE` prints one
    label per visitor, each scanning to that visitor's badge code."""
    device = device_for(target)
    with loopback(device) as printer:
        monkeypatch.setenv("KIOSK_PRINT_TARGET", target)
        monkeypatch.setenv("KIOSK_PRINTER", printer.address)
        assert main(["print", PARTY_OF_THREE, "--db", demo_url]) == 0
    assert "Printed 3 badge(s)" in capsys.readouterr().out
    assert printed_codes(device) == [[f"{PARTY_OF_THREE}-{n}"] for n in (1, 2, 3)]
    assert job_statuses(demo_url) == ["printed"] * 3


@pytest.mark.parametrize("target", TARGETS)
def test_test_page_goes_to_the_address_given_with_printer(
    demo_url: str, target: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a label target, `--printer` is the printer's address: the test badge prints there."""
    device = device_for(target)
    with loopback(device) as printer:
        address = printer.address
        monkeypatch.setenv("KIOSK_PRINT_TARGET", target)
        assert main(["print", "--test-page", "--printer", address, "--db", demo_url]) == 0
    assert f"Test page sent to {address}." in capsys.readouterr().out
    assert printed_codes(device) == [[TEST_PAGE_CODE]]


def test_a_printer_out_of_labels_is_one_sentence_and_failed_jobs(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Out of labels: exit 2, the printer's sentence, the jobs recorded failed for a retry."""
    device = ZebraDevice(203)
    device.run_out()
    with loopback(device) as printer:
        monkeypatch.setenv("KIOSK_PRINT_TARGET", "zpl")
        monkeypatch.setenv("KIOSK_PRINTER", printer.address)
        assert main(["print", PARTY_OF_THREE, "--db", demo_url]) == 2
    error = capsys.readouterr().err
    assert "out of labels" in error and "Traceback" not in error
    assert device.printed == [] and device.held == []
    assert job_statuses(demo_url) == ["failed"] * 3
