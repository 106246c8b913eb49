"""Exports: check-ins and the evacuation roster as CSV/XLSX, inert in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import InputError
from kiosk.services.checkin import check_in, check_out
from kiosk.services.env import ServiceEnv
from kiosk.services.export import (
    CHECKIN_COLUMNS,
    export_checkins,
    export_roster,
    neutralise,
)
from kiosk.store.engine import make_engine
from kiosk.store.models import ScanEvent
from tests.factories import SHANGHAI, Party, add_session, fresh_url

NOW = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)
HOSTILE_NAMES = ['=HYPERLINK("http://x","hi")', "+SUM(1,2)", "-2+3", "@cmd", "\tTAB", "\rCR"]


@pytest.fixture
def env_url(tmp_path: Path, empty_db: Path) -> Iterator[tuple[ServiceEnv, str]]:
    """A tour with a Chinese family, a party of hostile names, and one never checked in."""
    url = fresh_url(empty_db, tmp_path)
    engine = make_engine(url)
    add_session(
        engine,
        "AM",
        parties=(
            Party("FAMILY33", 2, names=["李华", "韩梅梅"], phone="13812345678"),
            Party("EVIL6666", 6, names=HOSTILE_NAMES, phone="+8613912345678"),
            Party("AWAY1111", 1, names=["没来"]),
        ),
    )
    env = ServiceEnv(engine, Settings(), Clock.fixed(NOW), kiosk_id="GATE-1")
    check_in(env, "FAMILY33")
    check_in(env, "EVIL6666")
    check_out(env, "FAMILY33-2")
    yield env, url
    engine.dispose()


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8 Chinese"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_neutralise_prefixes_formula_triggers_only() -> None:
    """Text starting with = + - @ tab or CR gets a quote; other text and numbers stay."""
    assert [neutralise(v) for v in ("=1", "+1", "-1", "@a", "\tx", "\rx")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "'\rx",
    ]
    assert [neutralise(v) for v in ("李华", "a=b", "", None, -5)] == ["李华", "a=b", "", None, -5]


def test_csv_export_lists_check_ins_with_masked_phones(
    env_url: tuple[ServiceEnv, str], tmp_path: Path
) -> None:
    """Every admitted person is a row; the absent party is not; phones are masked."""
    env, _ = env_url
    report = export_checkins(env, tmp_path / "in.csv")
    rows = read_csv(tmp_path / "in.csv")
    assert report.rows == len(rows) == 8
    assert list(rows[0]) == list(CHECKIN_COLUMNS)
    family = [r for r in rows if r["code"] == "FAMILY33"]
    assert [r["name"] for r in family] == ["李华", "韩梅梅"]
    assert family[0]["phone"] == "138****5678"
    assert family[0]["checked_in_at"] == "2025-02-02 09:10:00"
    assert (
        family[1]["checked_out_at"] == "2025-02-02 09:10:00" and family[0]["checked_out_at"] == ""
    )
    assert family[0]["group"] == "A" and family[0]["guide"] == "Guide AM-A"
    assert family[0]["kiosk"] == "GATE-1" and family[0]["starts_at"] == "2025-02-02 09:30:00"
    assert "AWAY1111" not in {r["code"] for r in rows}


def test_with_contact_shows_full_phone_and_neutralises_it(
    env_url: tuple[ServiceEnv, str], tmp_path: Path
) -> None:
    """--with-contact exports the number; a leading + is quoted so Excel keeps it as text."""
    env, _ = env_url
    export_checkins(env, tmp_path / "contact.csv", with_contact=True)
    phones = {r["code"]: r["phone"] for r in read_csv(tmp_path / "contact.csv")}
    assert phones == {"FAMILY33": "13812345678", "EVIL6666": "'+8613912345678"}


def test_formula_injection_is_neutralised_in_csv_and_xlsx(
    env_url: tuple[ServiceEnv, str], tmp_path: Path
) -> None:
    """Hostile names reach the file as quoted text, never as formulas."""
    env, _ = env_url
    export_checkins(env, tmp_path / "in.csv")
    export_checkins(env, tmp_path / "in.xlsx")
    csv_names = [r["name"] for r in read_csv(tmp_path / "in.csv") if r["code"] == "EVIL6666"]
    assert csv_names == ["'" + name for name in HOSTILE_NAMES]
    sheet = load_workbook(tmp_path / "in.xlsx").active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header == list(CHECKIN_COLUMNS)
    name_cells = [row[4] for row in sheet.iter_rows(min_row=2) if row[0].value == "EVIL6666"]
    # XML stores a carriage return as a line feed; the quote in front is what matters.
    expected = ["'" + name.replace("\r", "\n") for name in HOSTILE_NAMES]
    assert [c.value for c in name_cells] == expected
    assert all(c.data_type == "s" for c in name_cells)


def test_roster_export_lists_people_on_site(
    env_url: tuple[ServiceEnv, str], tmp_path: Path
) -> None:
    """The evacuation roster file has the 7 people still on site, by group."""
    env, _ = env_url
    report = export_roster(env, tmp_path / "roster.xlsx")
    sheet = load_workbook(tmp_path / "roster.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert report.rows == len(rows) == 7
    family = [row for row in rows if row[5] == "FAMILY33"]
    assert [row[:1] + row[2:8] for row in family] == [
        ("AM", "A", "Guide AM-A", "Gate 1", "FAMILY33", 1, "李华")
    ]
    assert {row[5] for row in rows} == {"FAMILY33", "EVIL6666"}


def test_every_export_is_logged(env_url: tuple[ServiceEnv, str], tmp_path: Path) -> None:
    """Personal data leaving as a file leaves a trace in the scan log."""
    env, _ = env_url
    export_checkins(env, tmp_path / "a.csv", with_contact=True)
    with Session(env.engine) as db:
        event = db.exec(select(ScanEvent).order_by(ScanEvent.id.desc())).first()  # type: ignore[union-attr]
    assert event is not None and event.action == "export"
    assert '"with_contact": true' in event.detail and "a.csv" in event.detail


def test_unsupported_or_unwritable_target_is_one_sentence(
    env_url: tuple[ServiceEnv, str], tmp_path: Path
) -> None:
    """A .txt name or a missing folder raises InputError and writes nothing."""
    env, _ = env_url
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        export_checkins(env, tmp_path / "a.txt")
    with pytest.raises(InputError, match="Cannot write"):
        export_checkins(env, tmp_path / "no" / "such" / "a.csv")


def test_export_command_exit_codes(
    env_url: tuple[ServiceEnv, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``kiosk export checkins`` exits 0 with a file, 2 with one sentence for a bad path."""
    _, url = env_url
    out = tmp_path / "cli.xlsx"
    assert main(["export", "checkins", "--db", url, "--out", str(out)]) == 0
    assert out.exists() and "Wrote 8 check-in(s)" in capsys.readouterr().out
    bad = tmp_path / "missing" / "x.csv"
    assert main(["export", "checkins", "--db", url, "--out", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kiosk: Cannot write") and "\n" not in err and "Traceback" not in err
