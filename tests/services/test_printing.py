"""Printing a check-in's badges to the sink the settings name: label printers on loopback,
the PDF folder; a printer fault keeps the jobs for retry and never touches the check-in."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.badges.samples import TEST_PAGE_CODE
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import KioskError
from kiosk.printers import BrotherQLSink, ZplSink
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.printing import (
    WAITING_EXPIRES,
    choose_sink,
    print_test_page,
    print_visitor_badges,
    print_waiting_jobs,
    retry_print_jobs,
)
from kiosk.services.startup import open_database, prepare_database
from kiosk.services.sync import sync_files
from kiosk.store.models import PrintJob, Visitor
from tests.factories import SHANGHAI
from tests.printers.conftest import qr_codes
from tests.support.label_printer import (
    BrotherQLDevice,
    ZebraDevice,
    closed_port_address,
    loopback,
)

SAMPLES = Path(__file__).resolve().parents[2] / "db" / "samples"
PARTY_OF_THREE = "7BV3A2K2"  # 2 Feb 09:30, three people


@pytest.fixture
def demo_env(tmp_path: Path) -> ServiceEnv:
    """The demo program in a fresh SQLite file, the clock inside the 09:30 tour's window."""
    engine = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    prepare_database(engine)
    clock = Clock.fixed(datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI))
    env = ServiceEnv(engine, Settings(), clock, "GATE-1")
    sync_files(env, [SAMPLES / "roster.csv", SAMPLES / "reservations.csv"])
    return env


def _printed_codes(device: BrotherQLDevice | ZebraDevice) -> list[list[str]]:
    pages = device.pages() if isinstance(device, BrotherQLDevice) else device.labels()
    return [qr_codes(page) for page in pages]


def _jobs(env: ServiceEnv) -> list[tuple[str, int]]:
    with Session(env.engine) as db:
        return [(j.status, j.attempts) for j in db.exec(select(PrintJob).order_by(PrintJob.id))]


@pytest.mark.parametrize(
    ("target", "device"),
    [("brother_ql", BrotherQLDevice()), ("zpl", ZebraDevice(203)), ("zpl", ZebraDevice(300))],
    ids=["brother-62mm", "zebra-203dpi", "zebra-300dpi"],
)
def test_a_check_in_prints_one_label_per_visitor_whose_qr_is_their_badge_code(
    demo_env: ServiceEnv, target: str, device: BrotherQLDevice | ZebraDevice
) -> None:
    """print_target brother_ql / zpl: each visitor's label scans to that visitor's badge."""
    model = f"ZD421-{device.dpi}dpi" if isinstance(device, ZebraDevice) else ""
    with loopback(device) as printer:
        settings = replace(
            demo_env.settings, print_target=target, printer=printer.address, printer_model=model
        )
        env = replace(demo_env, settings=settings)
        result = check_in(env, PARTY_OF_THREE)
        sink = choose_sink(settings)
        assert isinstance(sink, BrotherQLSink | ZplSink)
        outcome = print_visitor_badges(env, [v.id for v in result.visitors], sink)
    assert outcome.printed, outcome.error_en
    assert _printed_codes(device) == [[v.badge_code] for v in result.visitors]
    assert _jobs(env) == [("printed", 1)] * 3


def test_out_of_labels_keeps_the_jobs_and_the_check_in_then_a_retry_prints(
    demo_env: ServiceEnv,
) -> None:
    """No labels: nothing printed, jobs failed with the reason, visitors still in; refilled: retry."""
    device = ZebraDevice(203)
    device.run_out()
    with loopback(device) as printer:
        settings = replace(demo_env.settings, print_target="zpl", printer=printer.address)
        env = replace(demo_env, settings=settings)
        result = check_in(env, PARTY_OF_THREE)
        ids = [v.id for v in result.visitors]
        failed = print_visitor_badges(env, ids, choose_sink(settings))
        assert not failed.printed
        assert "paper" in failed.error_en.lower() or "label" in failed.error_en.lower()
        assert device.labels() == []
        with Session(env.engine) as db:
            inside = db.exec(select(Visitor.id).where(Visitor.checked_in_at.isnot(None))).all()
        assert sorted(inside) == sorted(ids)
        assert _jobs(env) == [("failed", 1)] * 3
        device.fix()
        retried = print_visitor_badges(
            env, ids, choose_sink(settings), retry_job_ids=failed.job_ids
        )
    assert retried.printed and retried.job_ids == failed.job_ids
    assert _printed_codes(device) == [[v.badge_code] for v in result.visitors]
    assert _jobs(env) == [("printed", 2)] * 3


@pytest.mark.parametrize("target", ["brother_ql", "zpl"])
def test_the_test_print_puts_the_test_badge_on_the_label(target: str) -> None:
    """The Printer page's test-print button prints the test badge, which scans."""
    device = BrotherQLDevice() if target == "brother_ql" else ZebraDevice(203)
    with loopback(device) as printer:
        settings = Settings(print_target=target, printer=printer.address)
        sink = choose_sink(settings)
        assert sink is not None
        print_test_page(sink, settings)
    assert _printed_codes(device) == [[TEST_PAGE_CODE]]


def test_a_label_target_without_an_address_says_what_to_set() -> None:
    """print_target = "zpl" with no printer address is one sentence naming the setting."""
    with pytest.raises(KioskError, match="printer"):
        choose_sink(Settings(print_target="zpl"))


def test_no_printing_gives_no_sink_and_the_spooler_needs_the_app() -> None:
    """ "none" prints nothing; "system" without the app's spooler is a clear refusal."""
    assert choose_sink(Settings(print_target="none")) is None
    with pytest.raises(KioskError, match="pdf"):
        choose_sink(Settings(print_target="system"))


def _label_env(
    demo_env: ServiceEnv, target: str, address: str, *, kiosk_id: str = "GATE-1"
) -> ServiceEnv:
    settings = replace(demo_env.settings, print_target=target, printer=address)
    return replace(demo_env, settings=settings, kiosk_id=kiosk_id)


def _device(target: str) -> BrotherQLDevice | ZebraDevice:
    return BrotherQLDevice() if target == "brother_ql" else ZebraDevice(203)


def _printed_count(device: BrotherQLDevice | ZebraDevice) -> int:
    return device.pages_printed if isinstance(device, BrotherQLDevice) else len(device.printed)


@pytest.mark.parametrize("target", ["brother_ql", "zpl"])
def test_out_of_labels_holds_the_jobs_and_the_refilled_printer_prints_each_badge_once(
    demo_env: ServiceEnv, target: str
) -> None:
    """Refused before sending: jobs wait; the waiting jobs print once the roll is back, once."""
    device = _device(target)
    device.run_out()
    with loopback(device) as printer:
        env = _label_env(demo_env, target, printer.address)
        result = check_in(env, PARTY_OF_THREE)
        sink = choose_sink(env.settings)
        held = print_visitor_badges(env, [v.id for v in result.visitors], sink, hold_on_fault=True)
        assert held.waiting and not held.printed
        assert "out of labels" in held.error_en
        assert _jobs(env) == [("waiting", 1)] * 3
        still_out = print_waiting_jobs(env, sink)
        assert still_out.waiting and _printed_count(device) == 0
        assert _jobs(env) == [("waiting", 2)] * 3
        device.fix()
        printed = print_waiting_jobs(env, sink)
        again = print_waiting_jobs(env, sink)
    assert printed.printed and again.skipped
    assert _printed_codes(device) == [[v.badge_code] for v in result.visitors]
    assert _printed_count(device) == 3
    assert _jobs(env) == [("printed", 3)] * 3


def test_a_switched_off_printer_holds_the_jobs_too(demo_env: ServiceEnv) -> None:
    """Nothing answers at the address: nothing was sent, so the jobs wait for the printer."""
    env = _label_env(demo_env, "zpl", closed_port_address())
    result = check_in(env, PARTY_OF_THREE)
    held = print_visitor_badges(
        env, [v.id for v in result.visitors], choose_sink(env.settings), hold_on_fault=True
    )
    assert held.waiting
    assert "does not answer" in held.error_en
    assert _jobs(env) == [("waiting", 1)] * 3


def test_a_command_line_print_fails_the_jobs_instead_of_holding_them(
    demo_env: ServiceEnv,
) -> None:
    """Without hold_on_fault (kiosk print) a refused job is failed: nobody would print it."""
    device = ZebraDevice(203)
    device.open_head()
    with loopback(device) as printer:
        env = _label_env(demo_env, "zpl", printer.address)
        result = check_in(env, PARTY_OF_THREE)
        outcome = print_visitor_badges(
            env, [v.id for v in result.visitors], choose_sink(env.settings)
        )
    assert not outcome.waiting and "cover" in outcome.error_en
    assert _jobs(env) == [("failed", 1)] * 3


def test_a_brother_running_out_half_way_fails_the_jobs_and_never_reprints_by_itself(
    demo_env: ServiceEnv,
) -> None:
    """One label left for three badges: the job was sent, so it is failed for staff to sort
    out (which came out is unknown to the kiosk), never printed again by itself."""
    device = BrotherQLDevice()
    device.labels_left = 1
    with loopback(device) as printer:
        env = _label_env(demo_env, "brother_ql", printer.address)
        result = check_in(env, PARTY_OF_THREE)
        sink = choose_sink(env.settings)
        outcome = print_visitor_badges(
            env, [v.id for v in result.visitors], sink, hold_on_fault=True
        )
        assert not outcome.printed and not outcome.waiting
        assert "1 of 3" in outcome.error_en
        device.fix()
        assert print_waiting_jobs(env, sink).skipped
    assert device.pages_printed == 1
    assert _jobs(env) == [("failed", 1)] * 3


def test_a_waiting_job_prints_once_when_staff_and_the_kiosk_both_retry_it(
    demo_env: ServiceEnv,
) -> None:
    """The Printer page's retry takes the job; the automatic retry then finds nothing, and a
    second press of retry prints nothing either."""
    device = ZebraDevice(203)
    device.run_out()
    with loopback(device) as printer:
        env = _label_env(demo_env, "zpl", printer.address)
        result = check_in(env, PARTY_OF_THREE)
        sink = choose_sink(env.settings)
        held = print_visitor_badges(env, [v.id for v in result.visitors], sink, hold_on_fault=True)
        device.fix()
        by_staff = retry_print_jobs(env, held.job_ids[:1], sink)
        automatic = print_waiting_jobs(env, sink)
        pressed_again = retry_print_jobs(env, held.job_ids[:1], sink)
        nothing_left = print_waiting_jobs(env, sink)
    assert by_staff.printed and by_staff.job_ids == held.job_ids[:1]
    assert automatic.printed and automatic.job_ids == held.job_ids[1:]
    assert pressed_again.skipped and nothing_left.skipped
    assert sorted(code for codes in _printed_codes(device) for code in codes) == sorted(
        v.badge_code for v in result.visitors
    )


def test_only_this_kiosks_recent_waiting_jobs_print_by_themselves(demo_env: ServiceEnv) -> None:
    """Another kiosk's waiting jobs, and jobs older than WAITING_EXPIRES, stay for staff."""
    device = ZebraDevice(203)
    device.run_out()
    with loopback(device) as printer:
        other = _label_env(demo_env, "zpl", printer.address, kiosk_id="GATE-2")
        result = check_in(other, PARTY_OF_THREE)
        sink = choose_sink(other.settings)
        print_visitor_badges(other, [v.id for v in result.visitors], sink, hold_on_fault=True)
        device.fix()
        mine = _label_env(demo_env, "zpl", printer.address)
        assert print_waiting_jobs(mine, sink).skipped
        later = Clock.fixed(datetime(2025, 2, 2, 9, 11, tzinfo=SHANGHAI) + WAITING_EXPIRES)
        too_late = replace(other, clock=later)
        assert print_waiting_jobs(too_late, sink).skipped
    assert device.printed == []
    assert _jobs(other) == [("waiting", 1)] * 3
