"""The committed demo exports in db/samples/ describe the February 2025 open-factory program."""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "db" / "samples"
GENERATOR = SAMPLES / "generate_demo.py"
RESERVATION_HEADER = "预约码,参观日期,入场时间,联系人,手机号,参观人数,语言,状态,备注,同行人,分组"
ROSTER_HEADER_START = "参观日期,入场时间,组别,导游,导游语言,人数上限,集合点,颜色"
CODE_PATTERN = re.compile(r"[2-9A-HJ-NP-Z]{8}")
CHINESE_MOBILE = re.compile(r"1[3589]\d{9}")
MONDAY, SATURDAY = 0, 5

Row = dict[str, str]
SessionKey = tuple[str, str]


def _read(name: str) -> list[Row]:
    with (SAMPLES / name).open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def _load_generator() -> ModuleType:
    """Load the script the way `kiosk demo` does: by file path, not as a package module."""
    spec = importlib.util.spec_from_file_location("generate_demo_under_test", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reservations() -> list[Row]:
    return _read("reservations.csv")


@pytest.fixture(scope="module")
def confirmed(reservations: list[Row]) -> list[Row]:
    return [r for r in reservations if r["状态"] == "已确认"]


@pytest.fixture(scope="module")
def roster() -> list[Row]:
    return _read("roster.csv")


def _key(row: Row) -> SessionKey:
    return row["参观日期"], row["入场时间"]


def _start(key: SessionKey) -> datetime:
    return datetime.combine(date.fromisoformat(key[0]), time.fromisoformat(key[1]))


def test_files_are_encoded_like_the_platform_export() -> None:
    """Both CSVs start with a UTF-8 BOM, use CRLF line ends and carry the expected header."""
    for name, header in (("reservations.csv", RESERVATION_HEADER), ("roster.csv", None)):
        raw = (SAMPLES / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        assert raw.count(b"\r\n") == raw.count(b"\n"), name
        first_line = raw[3:].split(b"\r\n", 1)[0].decode("utf-8")
        if header is None:
            assert first_line.startswith(ROSTER_HEADER_START)
        else:
            assert first_line == header


def test_program_has_sixteen_full_sessions_of_sixty(confirmed: list[Row]) -> None:
    """16 sessions, each with exactly 60 confirmed places: 960 visitors in all."""
    places = Counter[SessionKey]()
    for row in confirmed:
        places[_key(row)] += int(row["参观人数"])
    assert len(places) == 16
    assert set(places.values()) == {60}
    assert sum(places.values()) == 960


def test_five_festival_sessions_and_the_rest_on_monday_or_saturday_mornings(
    reservations: list[Row],
) -> None:
    """Five tours on 2-4 Feb 2025; the eleven others start before noon on a Monday or Saturday."""
    starts = sorted({_start(_key(r)) for r in reservations})
    festival = [s for s in starts if date(2025, 2, 2) <= s.date() <= date(2025, 2, 4)]
    others = [s for s in starts if s not in festival]
    assert len(festival) == 5
    assert len(others) == 11
    for start in others:
        assert (start.year, start.month) == (2025, 2)
        assert start.weekday() in (MONDAY, SATURDAY), start
        assert start.time() < time(12, 0), start


def test_rows_are_sorted_by_session(reservations: list[Row]) -> None:
    """The export lists sessions in chronological order."""
    starts = [_start(_key(r)) for r in reservations]
    assert starts == sorted(starts)


def test_codes_are_unique_and_unambiguous(reservations: list[Row]) -> None:
    """Every code is 8 characters without 0/O/1/I, and no two reservations share one."""
    codes = [r["预约码"] for r in reservations]
    assert all(CODE_PATTERN.fullmatch(code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_parties_have_one_to_five_people_and_plausible_details(reservations: list[Row]) -> None:
    """Party sizes are 1..5; companions never outnumber the party; phones look real."""
    for row in reservations:
        size = int(row["参观人数"])
        assert 1 <= size <= 5
        companions = row["同行人"].split("、") if row["同行人"] else []
        assert len(companions) <= size - 1
        phone = row["手机号"]
        assert CHINESE_MOBILE.fullmatch(phone) or phone.startswith("+"), phone
        assert row["语言"] in ("中文", "英文")
        assert row["状态"] in ("已确认", "已取消")
    assert sum(1 for r in reservations if r["同行人"]) >= 50
    assert any(r["手机号"].startswith("+") for r in reservations)


def test_some_english_parties_cancellations_and_accessibility_needs(
    reservations: list[Row], confirmed: list[Row]
) -> None:
    """The demo exercises English speakers, cancellations and accessibility notes."""
    cancelled = [r for r in reservations if r["状态"] == "已取消"]
    english = [r for r in reservations if r["语言"] == "英文"]
    accessible = [
        r for r in confirmed if re.search(r"轮椅|无障碍|行动不便|wheelchair", r["备注"], re.I)
    ]
    assert 5 <= len(cancelled) <= 15
    assert 0.05 <= len(english) / len(reservations) <= 0.20
    assert len(accessible) >= 3


def test_each_session_has_four_guided_groups_of_fifteen(roster: list[Row]) -> None:
    """Groups A-D of 15 per session, each with its own guide, colour and meeting point."""
    by_session: dict[SessionKey, list[Row]] = defaultdict(list)
    for row in roster:
        by_session[_key(row)].append(row)
    assert len(by_session) == 16
    for key, groups in by_session.items():
        assert [g["组别"] for g in groups] == ["A", "B", "C", "D"], key
        assert all(g["人数上限"] == "15" for g in groups), key
        assert all(g["导游"] and g["集合点"] for g in groups), key
        assert all(re.fullmatch(r"#[0-9A-F]{6}", g["颜色"]) for g in groups), key
        assert len({g["导游"] for g in groups}) == 4, key
        assert any("英文" in g["导游语言"] for g in groups), key


def test_guides_form_a_pool_and_never_lead_overlapping_tours(roster: list[Row]) -> None:
    """About ten guides, three English-speaking, none booked on two tours at the same time."""
    guides = {row["导游"] for row in roster}
    english_guides = {row["导游"] for row in roster if "英文" in row["导游语言"]}
    assert 8 <= len(guides) <= 12
    assert len(english_guides) == 3
    tours_by_guide: dict[str, set[datetime]] = defaultdict(set)
    for row in roster:
        tours_by_guide[row["导游"]].add(_start(_key(row)))
    for guide, starts in tours_by_guide.items():
        ordered = sorted(starts)
        for earlier, later in pairwise(ordered):
            assert later - earlier >= timedelta(hours=2), guide


def test_reservations_fit_the_roster(confirmed: list[Row], roster: list[Row]) -> None:
    """Every reservation's session has a roster; pre-assigned groups exist and fit in 15."""
    roster_groups = {(*_key(r), r["组别"]) for r in roster}
    assert {_key(r) for r in confirmed} == {_key(r) for r in roster}
    preassigned = Counter[tuple[str, str, str]]()
    for row in confirmed:
        if row["分组"]:
            preassigned[(*_key(row), row["分组"])] += int(row["参观人数"])
    assert preassigned, "the demo needs a few pre-assigned groups"
    for group, people in preassigned.items():
        assert group in roster_groups
        assert people <= 15, group


def test_demo_live_instant_is_inside_a_check_in_window(roster: list[Row]) -> None:
    """The kiosk demo's clock sits in the 45 minutes before a session starts (site time +08:00)."""
    instant = datetime.fromisoformat(_load_generator().demo_live_instant())
    assert instant.utcoffset() == timedelta(hours=8)
    local = instant.replace(tzinfo=None)
    starts = {_start(_key(r)) for r in roster}
    assert any(timedelta(0) < start - local <= timedelta(minutes=45) for start in starts)


def test_regenerating_gives_byte_identical_files(tmp_path: Path) -> None:
    """The generator reproduces the committed CSVs exactly, and its XLSX is stable run to run."""
    first, second = tmp_path / "first", tmp_path / "second"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(first)], check=True, capture_output=True
    )
    _load_generator().generate(second)
    for name in ("reservations.csv", "roster.csv"):
        assert (first / name).read_bytes() == (SAMPLES / name).read_bytes(), name
    assert (first / "reservations.xlsx").read_bytes() == (second / "reservations.xlsx").read_bytes()


def test_committed_xlsx_holds_the_same_reservations_under_a_title(reservations: list[Row]) -> None:
    """The Excel export has a title row, then the CSV's header and rows (party size as a number).

    Compared by value, not bytes, so an openpyxl upgrade does not fail the suite.
    """
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(SAMPLES / "reservations.xlsx", read_only=True).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "2025年2月 开放工厂参观 预约导出"
    assert ",".join(rows[1]) == RESERVATION_HEADER
    assert rows[2:] == [list(r.values()) for r in reservations]
