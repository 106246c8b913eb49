"""`kiosk search`: the gate's booking search from the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from tests.factories import Party, add_session
from tests.services.conftest import STARTS

AT = "2025-02-02T09:10"
PARTIES = (
    Party("WANG2345", 1, names=["王小明"], phone="13812345678"),
    Party("ZENG3456", 2, names=["曾小贤", "胡一菲"], phone="13900001111"),
    Party("PAIR4567", 2, names=["Chloé Martin", "Jürgen Weber"], phone="+44 7700 900876"),
)


@pytest.fixture
def url(db_url: str) -> Iterator[str]:
    engine = make_engine(db_url)
    upgrade(engine)
    add_session(engine, "S1", starts_at=STARTS, parties=PARTIES)
    engine.dispose()
    yield db_url


def search(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, Any]:
    code = main(["search", *argv, "--db", url, "--at", AT, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


@pytest.mark.parametrize(
    ("query", "code", "reason", "matched"),
    [
        ("wxm", "WANG2345", "pinyin_initials", "王小明"),
        ("wang xiao ming", "WANG2345", "pinyin_full", "王小明"),
        ("hyf", "ZENG3456", "pinyin_initials", "胡一菲"),
        ("Chloe Martn", "PAIR4567", "name_typo", "Chloé Martin"),
        ("0876", "PAIR4567", "phone", ""),
        ("zeng3456", "ZENG3456", "code", "ZENG3456"),
    ],
)
def test_search_cases_from_the_command_line(
    capsys: pytest.CaptureFixture[str], url: str, query: str, code: str, reason: str, matched: str
) -> None:
    """Each query lists its booking first with the reason, the names as stored and the phone
    masked."""
    exit_code, report = search(capsys, url, query)
    assert exit_code == 0
    first = report["bookings"][0]
    assert (first["code"], first["reason"], first["matched"]) == (code, reason, matched)
    assert set(first) >= {
        "code",
        "phone",
        "session",
        "starts_at",
        "party_size",
        "checked_in",
        "names",
        "reason",
    }
    assert "*" in first["phone"] and first["session"] == "S1"
    assert first["starts_at"] == "2025-02-02T09:30:00+08:00"


def test_names_as_stored_and_check_ins_counted(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    """A booking lists every name as written in the export, and how many are in."""
    assert main(["checkin", "ZENG3456", "--count", "1", "--db", url, "--at", AT]) == 0
    capsys.readouterr()
    _, report = search(capsys, url, "zxx")
    (booking,) = report["bookings"]
    assert booking["names"] == ["曾小贤", "胡一菲"]
    assert (booking["party_size"], booking["checked_in"]) == (2, 1)


def test_plain_text_in_the_operators_language(capsys: pytest.CaptureFixture[str], url: str) -> None:
    """Without --json, one line per booking, with the reason in words."""
    assert main(["search", "jurgen", "--db", url, "--at", AT]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("PAIR4567  2025-02-02 09:30 (S1)")
    assert "Chloé Martin, Jürgen Weber" in line and "+44" in line
    assert "姓名开头: Jürgen Weber" in line  # settings default to Chinese


def test_nothing_found_is_exit_1_and_a_bad_limit_exit_2(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    """No booking: exit 1 and an empty list; a limit of 0 is refused before searching."""
    assert search(capsys, url, "nobody here") == (1, {"query": "nobody here", "bookings": []})
    assert main(["search", "wxm", "--db", url, "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err
