"""A US-layout scanner on a German (QWERTZ) or French (AZERTY) kiosk: the check-in reads the
code it meant when the database shows exactly one, says so, and logs it; anything else is
still refused."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from kiosk.core.keyboard_layouts import mistype
from kiosk.core.rules import Outcome
from kiosk.services.checkin import check_in, check_out
from kiosk.store.models import ScanEvent
from tests.factories import Party, add_session
from tests.services.conftest import STARTS, make_env, setup

QWERTZ_CODE = "HXUYSRQXLE"  # Y and Z swap places on a German keyboard
AZERTY_CODE = "QWAZM2345"  # A/Q, Z/W and M move, digits need Shift on a French one


@pytest.fixture
def engine_with_codes(engine: Engine) -> Engine:
    setup(
        engine,
        Party(QWERTZ_CODE, 2, names=["Anna Schmidt"]),
        Party(AZERTY_CODE, 1, names=["Chloé Martin"]),
        Party("QY234567", 1),  # these two are both readings of "QZ234567": ambiguous
        Party("AW234567", 1),
    )
    return engine


def last_event(engine: Engine) -> ScanEvent:
    with Session(engine) as db:
        return db.exec(select(ScanEvent).order_by(ScanEvent.id.desc())).scalars().first()


@pytest.mark.parametrize(
    ("booked", "layout", "typed"),
    [
        (QWERTZ_CODE, "qwertz", "HXUZSRQXLE"),  # looks like a code, but the wrong one
        (AZERTY_CODE, "azerty", mistype(AZERTY_CODE, "azerty")),  # 'AZQW?é"'(': no code at all
        (AZERTY_CODE, "azerty", "AZQW?2345"),  # digits from the keypad come through intact
        (f"{QWERTZ_CODE}-2", "qwertz", mistype(f"{QWERTZ_CODE}-2", "qwertz")),  # a badge
    ],
)
def test_a_garbled_scan_is_read_as_the_one_code_that_exists(
    engine_with_codes: Engine, booked: str, layout: str, typed: str
) -> None:
    """The scan is admitted as the booking it meant; the result names the code read and the
    layout, and the audit event records the repair."""
    assert typed != booked
    result = check_in(make_env(engine_with_codes), typed)
    assert result.outcome.admits and result.admitted >= 1
    assert result.code == booked.split("-")[0]
    assert result.layout_repair == layout
    assert f"Scan read as {result.code}" in result.message_en
    assert result.code in result.message_zh and "键盘布局" in result.message_zh
    event = last_event(engine_with_codes)
    assert json.loads(event.detail)["layout_repair"] == {"layout": layout, "read_as": result.code}


def test_a_truly_unknown_code_is_still_refused(engine_with_codes: Engine) -> None:
    """A code no layout mix-up can turn into a booking is unknown, as before."""
    for typed in ("NOPE2345", "HXUZSRQXLF", "ZZZZZZZZ"):
        result = check_in(make_env(engine_with_codes), typed, count=1)
        assert result.outcome is Outcome.UNKNOWN
        assert result.layout_repair == ""


def test_two_possible_readings_admit_nobody(engine_with_codes: Engine) -> None:
    """When QWERTZ and AZERTY both explain the scan with an existing booking, the kiosk
    cannot know which one was meant: refused."""
    result = check_in(make_env(engine_with_codes), "QZ234567", count=1)
    assert result.outcome is Outcome.UNKNOWN


def test_a_code_that_exists_is_never_repaired(engine_with_codes: Engine) -> None:
    """A scan that names a booking as typed is that booking, whatever else it could be."""
    add_session(
        engine_with_codes, "S2", starts_at=STARTS, parties=(Party("HXUZSRQXLE", 1, names=["Zed"]),)
    )
    result = check_in(make_env(engine_with_codes), "HXUZSRQXLE", count=1)
    assert (result.code, result.layout_repair) == ("HXUZSRQXLE", "")


def test_the_setting_names_the_layout_or_turns_repair_off(engine_with_codes: Engine) -> None:
    """``scanner_layout = "qwertz"`` reads the German mix-up directly (and no other);
    ``"us"`` never repairs."""
    german = make_env(engine_with_codes, scanner_layout="qwertz")
    assert check_in(german, "HXUZSRQXLE", count=1).code == QWERTZ_CODE
    assert check_in(german, mistype(AZERTY_CODE, "azerty")).outcome is Outcome.UNKNOWN
    us = make_env(engine_with_codes, scanner_layout="us")
    assert check_in(us, "HXUZSRQXLE").outcome is Outcome.UNKNOWN


def test_check_out_reads_the_same_repair(engine_with_codes: Engine) -> None:
    """Leaving, the same scanner's garbled badge checks that visitor out."""
    env = make_env(engine_with_codes)
    check_in(env, QWERTZ_CODE, count=2)
    result = check_out(env, mistype(f"{QWERTZ_CODE}-1", "qwertz"))
    assert result.code == QWERTZ_CODE and result.layout_repair == "qwertz"
    assert result.message_en.endswith("(Scan read as HXUYSRQXLE: German (QWERTZ) keyboard layout.)")
