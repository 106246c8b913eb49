"""Privacy: phones masked wherever shown, no secret in the scan log or the log file.

Covered elsewhere and not repeated here: ``kiosk purge`` erasing personal data of past
sessions while keeping counts (tests/services/test_purge.py), ``reveal_phone`` needing a reason
and logging operator and reason without the number (tests/services/test_staff.py), the SQLite
file created 0600 (tests/store/test_engine.py), the PIN hash salted and self-describing
(tests/core/test_pin.py), search unreachable in self mode (tests/ui/test_scan_flow.py).
"""

from __future__ import annotations

import csv
import logging
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from sqlmodel import Session, col, select

from kiosk.cli import _configure_logging as configure_logging
from kiosk.cli import main
from kiosk.config import Settings, load_settings
from kiosk.core.clock import Clock, parse_instant
from kiosk.core.errors import ConfigError
from kiosk.core.tickets import TicketPayload, generate_keypair, sign_ticket
from kiosk.services import lookup, reports
from kiosk.services.checkin import check_in, undo_check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.lookup import search_reservations
from kiosk.store.engine import make_engine
from kiosk.store.models import ScanEvent
from tests.factories import Party, add_session, fresh_url
from tests.ui.conftest import (  # noqa: F401  (fixtures for the self-mode window test)
    OFFSCREEN_NOISE,
    _template_db,
    kiosk_env,
    make_window,
    scan,
)

AT = "2025-02-02T09:10"
PHONE_CN = "13812345678"
PHONE_UK = "+44 7700 900876"
PARTIES = (
    Party("FAMILY33", 3, names=["李华", "李雷", ""], phone=PHONE_CN),
    Party("PAIR2222", 2, names=["Ada Lovelace", "Bob"], phone=PHONE_UK, language="en"),
    Party("TICKET44", 2, names=["王小明"], phone="13987654321"),
)
FULL_NUMBERS = (PHONE_CN, "447700900876", "7700900876", "13987654321")


@pytest.fixture
def keys(tmp_path: Path) -> tuple[bytes, Path]:
    """A signing key and the public key file a kiosk's settings point at."""
    private_pem, public_pem = generate_keypair()
    public_path = tmp_path / "public.pem"
    public_path.write_bytes(public_pem)
    return private_pem, public_path


@pytest.fixture
def db_url(tmp_path: Path, empty_db: Path) -> str:
    """A SQLite file with the 09:30 tour of 2 Feb and three bookings with phone numbers."""
    url = fresh_url(empty_db, tmp_path)
    engine = make_engine(url)
    add_session(engine, "S1", parties=PARTIES)
    engine.dispose()
    return url


@pytest.fixture
def env(db_url: str, keys: tuple[bytes, Path]) -> Iterator[ServiceEnv]:
    """A gate kiosk inside the check-in window that accepts tickets signed with ``keys``."""
    engine = make_engine(db_url)
    settings = Settings(db_url=db_url, public_keys=[str(keys[1])])
    clock = Clock(settings.zone, parse_instant(AT, settings.zone), frozen=True)
    yield ServiceEnv(engine, settings, clock, kiosk_id="GATE-1", operator="Mia")
    engine.dispose()


def _ticket(private_pem: bytes, env: ServiceEnv) -> str:
    now = env.now()
    return sign_ticket(
        private_pem,
        TicketPayload("TICKET44", "S1", 2, now - timedelta(hours=1), now + timedelta(hours=3)),
    )


def _no_full_number(value: object) -> bool:
    digits = "".join(ch for ch in repr(value) if ch.isdigit())
    return not any(number in digits for number in FULL_NUMBERS)


def test_search_and_party_details_show_masked_phones_only(env: ServiceEnv) -> None:
    """Gate search (by name or last digits) and the supervisor's party view mask the phone."""
    hits = search_reservations(env, "5678") + search_reservations(env, "Ada")
    assert {hit.code: hit.phone_masked for hit in hits} == {
        "FAMILY33": "138****5678",
        "PAIR2222": "+447*****0876",
    }
    details = lookup.party_details(env, "FAMILY33")
    assert details.phone_masked == "138****5678"
    assert all(_no_full_number(item) for item in [*hits, details])  # repr shows every field
    check_in(env, "FAMILY33")
    roster = reports.roster(env)
    assert roster and all(_no_full_number(entry) for entry in roster)


def test_exports_without_with_contact_hold_no_full_phone(db_url: str, tmp_path: Path) -> None:
    """`kiosk export checkins` to CSV and XLSX masks every phone unless --with-contact."""
    assert main(["checkin", "FAMILY33", "--at", AT, "--db", db_url]) == 0
    assert main(["checkin", "PAIR2222", "--at", AT, "--db", db_url]) == 0
    for name in ("in.csv", "in.xlsx"):
        assert main(["export", "checkins", "--out", str(tmp_path / name), "--db", db_url]) == 0
    with (tmp_path / "in.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # A leading + is quoted so a spreadsheet keeps it as text (formula neutralising).
    assert {row["phone"] for row in rows} == {"138****5678", "'+447*****0876"}
    sheet = load_workbook(tmp_path / "in.xlsx").active
    assert sheet is not None
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "138****5678" in cells
    assert _no_full_number(cells) and _no_full_number(rows)


def test_scan_log_never_holds_a_scanned_code_badge_code_or_ticket(
    env: ServiceEnv, keys: tuple[bytes, Path]
) -> None:
    """After scanning a booking code, a badge code, a signed ticket and a stray secret, no
    scan-log column holds what was scanned (the booking's own code names the booking)."""
    ticket = _ticket(keys[0], env)
    assert check_in(env, "FAMILY33", count=1).outcome == "partial"
    assert check_in(env, "PAIR2222-2").outcome == "partial"  # the badge's one person
    assert check_in(env, ticket).outcome == "ok"
    assert check_in(env, "zzsecret-b7f3c9d1e2").outcome == "unknown"
    assert undo_check_in(env, "PAIR2222-2", reason="wrong person").outcome == "undone"
    with Session(env.engine) as db:
        events = list(db.exec(select(ScanEvent).order_by(col(ScanEvent.id))))
    assert len(events) == 5
    secrets = ("PAIR2222-2", ticket, ticket[4:], ticket[-20:], "ZZSECRET-B7F3C9D1E2")
    for event in events:
        columns = event.model_dump()
        everything = " ".join(str(value).upper() for value in columns.values())
        assert not any(secret.upper() in everything for secret in secrets), columns
        assert "FAMILY33" not in " ".join(
            str(value) for key, value in columns.items() if key != "reservation_code"
        )
        assert len(event.input_digest) == 16 and "…" in event.input_hint


@pytest.fixture
def fresh_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Send the CLI's log to a new data folder for this test; the old handler comes back."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("KIOSK_DEBUG", raising=False)
    logger = logging.getLogger("kiosk")
    monkeypatch.setattr(logger, "handlers", [])
    configure_logging()  # what `kiosk` does first, now with this test's data folder
    path = tmp_path / "data" / "tour-kiosk" / "kiosk.log"
    assert path.exists()
    yield path
    for handler in logger.handlers:
        handler.close()


def test_log_file_holds_no_phone_or_ticket_after_commands_and_a_failure(
    db_url: str,
    keys: tuple[bytes, Path],
    env: ServiceEnv,
    fresh_log: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Check-ins, a ticket, an export and a sync that fails inside the database leave
    kiosk.log free of phone numbers and tickets."""
    ticket = _ticket(keys[0], env)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'public_keys = ["{keys[1]}"]\n', encoding="utf-8")
    base = ["--db", db_url, "--config", str(config)]
    assert main(["checkin", "FAMILY33", "--at", AT, *base]) == 0
    assert main(["checkin", ticket, "--at", AT, "--json", *base]) == 0
    assert main(["export", "checkins", "--out", str(tmp_path / "x.csv"), "--with-contact",
                 "--db", db_url]) == 0  # fmt: skip
    engine = make_engine(db_url)
    with engine.begin() as conn:  # a database fault the kiosk cannot foresee
        conn.execute(
            text(
                "CREATE TRIGGER refuse_bookings BEFORE INSERT ON reservation "
                "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
            )
        )
    engine.dispose()
    export = tmp_path / "new.csv"
    export.write_text(
        "预约码,参观日期,入场时间,联系人,手机号,参观人数\n"
        "NEWCODE9,2025-02-02,09:30,张伟,13700001111,2\n",
        encoding="utf-8",
    )
    assert main(["sync", str(export), *base]) == 2
    err = capsys.readouterr().err
    assert "13700001111" not in err and ticket not in err
    log_text = fresh_log.read_text(encoding="utf-8")
    assert "sync" in log_text, "the failure was not logged at all"
    for secret in (*FULL_NUMBERS, "13700001111", ticket, ticket[4:24]):
        assert secret not in log_text.replace(" ", ""), secret


def test_sqlite_files_next_to_the_database_are_owner_only_too(tmp_path: Path) -> None:
    """A new database and the -wal and -shm files beside it (same personal data) are 0600."""
    url = f"sqlite:///{tmp_path / 'new' / 'kiosk.db'}"
    assert main(["db", "upgrade", "--db", url]) == 0
    engine = make_engine(url)
    add_session(engine, "S1", parties=PARTIES[:1])
    with engine.connect() as conn:  # an open connection keeps the WAL and shared memory
        conn.execute(text("SELECT count(*) FROM visitor"))
        assert main(["checkin", "FAMILY33", "--at", AT, "--db", url]) == 0
        path = tmp_path / "new" / "kiosk.db"
        files = [path, path.with_name("kiosk.db-wal"), path.with_name("kiosk.db-shm")]
        assert {file.name: stat.S_IMODE(file.stat().st_mode) for file in files} == {
            file.name: 0o600 for file in files
        }
    engine.dispose()


def test_settings_never_take_a_pin_in_clear(tmp_path: Path) -> None:
    """A `pin` key is unknown and a bare PIN in `pin_hash` is refused, without echoing it."""
    config = tmp_path / "kiosk.toml"
    config.write_text('pin = "2468"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(config)
    config.write_text('pin_hash = "2468"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(config)
    assert "2468" not in str(raised.value.message)
    assert "scrypt" in raised.value.message


@OFFSCREEN_NOISE
def test_self_mode_result_shows_only_the_scanned_party(qtbot: Any, make_window: Any) -> None:  # noqa: F811
    """After one party checks in, the next visitor's result page names only their own party."""
    from PySide6.QtWidgets import QLabel

    window = make_window(mode="self")
    scan(qtbot, window, "SOLO2345")
    window.scan_gate.reset()
    result = scan(qtbot, window, "PAIR4567")
    if window.current_page() is window.party_page:
        with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
            window.party_page.confirm_button.click()
        result = blocker.args[0]
    assert result.outcome == "ok"
    page = window.result_page
    shown = " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page))
    assert "Chlo" in shown
    for other in ("王小明", "李华", "李雷", "赵六", "SOLO2345", "FAMILY34", "7700"):
        assert other not in shown, other
