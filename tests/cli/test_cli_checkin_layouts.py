"""`kiosk checkin` with what a US-layout scanner typed on a German or French kiosk."""

from __future__ import annotations

import json

import pytest

from kiosk.cli import main
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from tests.factories import Party, add_session
from tests.services.conftest import STARTS

AT = "2025-02-02T09:10"


@pytest.mark.parametrize(
    ("typed", "layout"),
    [("HXUZSRQXLE", "qwertz"), ("AZQW?é\"'(", "azerty")],
)
def test_checkin_reads_a_code_a_keyboard_layout_garbled(
    capsys: pytest.CaptureFixture[str], db_url: str, typed: str, layout: str
) -> None:
    """`kiosk checkin` with what a US scanner typed on a German or French kiosk admits the
    booking it meant and says so; a truly unknown code is still refused (exit 1)."""
    engine = make_engine(db_url)
    upgrade(engine)
    add_session(
        engine,
        "S1",
        starts_at=STARTS,
        parties=(Party("HXUYSRQXLE", 1), Party("QWAZM2345", 1)),
    )
    engine.dispose()
    code = main(["checkin", typed, "--db", db_url, "--at", AT, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["outcome"] == "ok" and report["layout_repair"] == layout
    assert report["code"] in ("HXUYSRQXLE", "QWAZM2345")
    assert f"Scan read as {report['code']}" in report["message"]["en"]
    assert main(["checkin", "HXUZSRQXLF", "--db", db_url, "--at", AT, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["outcome"] == "unknown"
