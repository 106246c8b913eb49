"""The sync page's mapping step and session choice, then the saved profile from the CLI."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from kiosk.cli import main
from kiosk.store.models import Reservation
from tests.factories import SHANGHAI
from tests.sync.eventbrite_export import FAMILIES, report_csv
from tests.sync.test_profiles import MUSEUM
from tests.ui.supervisor.conftest import Day, settle

FIELDS = ["code", "date", "time", "party_size", "contact_name", "phone", "notes"]


def test_unknown_export_is_mapped_checked_saved_then_synced_from_the_cli(
    qtbot: Any, day: Day, make_console: Any, capsys: Any
) -> None:
    """First rows shown, columns mapped, dry run, profile saved; `kiosk sync --profile` uses it."""
    export = day.folder / "museum.csv"
    export.write_text(MUSEUM, encoding="utf-8")
    console = make_console()
    sync = console.pages["sync"]
    sync.profiles_folder = day.folder / "profiles"
    sync.refresh_profiles()
    sync.set_files([export])
    sync.dry_run()
    settle(qtbot, console)
    qtbot.waitUntil(lambda: not sync.mapping.isHidden(), timeout=5000)
    assert "could not tell every column" in sync.mapping.caption.text()
    table = sync.mapping.table
    assert table.horizontalHeaderItem(0).text() == "Buchungs-Nr."
    assert [table.item(1, c).text() for c in range(3)] == ["M-1001", "02.02.2025", "14:00"]
    assert not sync.apply_button.isEnabled()

    for column, name in enumerate(FIELDS):
        sync.mapping.set_field(column, name)
    sync.dry_run()
    settle(qtbot, console)
    assert sync.report is not None, sync.status.text()
    assert sync.tiles["added"].number.text() == "2"
    assert sync.rejected_model.rowCount() == 1  # "viele" is no party size
    assert sync.apply_button.isEnabled()
    with Session(day.env.engine) as db:
        assert db.exec(select(Reservation).where(Reservation.code == "M-1001")).first() is None

    sync.mapping.name_edit.setText("City museum")
    assert sync.mapping.save_button.isEnabled()
    sync.mapping.save_button.click()
    saved = day.folder / "profiles" / "City-museum.toml"
    assert saved.is_file(), sync.status.text()
    assert "Mapping saved" in sync.status.text()
    assert sync.profile_box.currentText() == "Mapping: City museum"
    assert sync.apply_button.isEnabled()  # the checked mapping, now under its name

    config = str(day.folder / "kiosk.toml")
    code = main(["sync", str(export), "--db", day.url, "--config", config,
                 "--profile", "City museum", "--json"])  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert (code, report["added"]) == (1, 2)  # exit 1: the "viele" row is rejected
    assert report["rejected"][0]["line"] == 6
    code = main(["checkin", "m-1001", "--db", day.url, "--at", "2025-02-02T13:40", "--json"])
    ticket = json.loads(capsys.readouterr().out)
    assert (code, ticket["outcome"], ticket["checked_in"]) == (0, "ok", 3)
    code = main(["headcount", "--db", day.url, "--at", "2025-02-02T13:40", "--json"])
    counts = json.loads(capsys.readouterr().out)
    (museum,) = [s for s in counts["sessions"] if s["id"] == ticket["session"]]
    assert museum["checked_in"] == 3


def test_export_without_dates_asks_for_the_tour(qtbot: Any, day: Day, make_console: Any) -> None:
    """An Eventbrite report fails for want of a date; ticking a tour makes it check and apply."""
    export = day.folder / "report.csv"
    export.write_bytes(report_csv(FAMILIES))
    console = make_console()
    sync = console.pages["sync"]
    sync.set_files([export])
    sync.dry_run()
    settle(qtbot, console)
    assert sync.report is None
    assert "Choose the tour" in sync.status.text()
    assert sync.mapping.isHidden()
    sync.session_chooser.set_start(datetime(2025, 2, 2, 14, 0, tzinfo=SHANGHAI))
    assert sync.session_chooser.value() == datetime(2025, 2, 2, 14, 0, tzinfo=SHANGHAI)
    sync.dry_run()
    settle(qtbot, console)
    assert sync.report is not None, sync.status.text()
    assert sync.tiles["added"].number.text() == "6"
    sync.apply()
    settle(qtbot, console)
    with Session(day.env.engine) as db:
        booking = db.exec(select(Reservation).where(Reservation.code == FAMILIES[0].order)).one()[0]
    assert (booking.session_id, booking.party_size) == ("20250202-1400", 2)
