"""`kiosk checkin`, `checkout`, `undo` and `headcount` on the demo program's exports."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.paths import SAMPLES

ROSTER = SAMPLES / "roster.csv"
RESERVATIONS = SAMPLES / "reservations.csv"


@dataclass(frozen=True)
class Booking:
    code: str
    day: str
    time: str
    size: int
    language: str

    @property
    def session(self) -> str:
        return f"{self.day.replace('-', '')}-{self.time.replace(':', '')}"

    def at(self, hhmm: str) -> str:
        return f"{self.day}T{hhmm}"


def _bookings(status: str) -> list[Booking]:
    with RESERVATIONS.open(encoding="utf-8-sig", newline="") as handle:
        return [
            Booking(
                row["预约码"], row["参观日期"], row["入场时间"], int(row["参观人数"]), row["语言"]
            )
            for row in csv.DictReader(handle)
            if row["状态"] == status
        ]


CONFIRMED = _bookings("已确认")
CANCELLED = _bookings("已取消")
FAMILY = next(b for b in CONFIRMED if b.size >= 3 and b.language == "英文")
CANCELLED_ONE = CANCELLED[0]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo exports synced once into a SQLite file; each test works on a copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    code = main(["sync", str(ROSTER), str(RESERVATIONS), "--db", f"sqlite:///{path}", "--json"])
    assert code == 0
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> str:
    copy = tmp_path / "kiosk.db"
    shutil.copyfile(demo_db, copy)
    return f"sqlite:///{copy}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    """Run one command with --json; returns exit code, parsed stdout and stderr."""
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else None, captured.err


def test_checkin_json_has_every_promised_key(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`checkin --json` prints outcome, both messages, code, session, counts and visitors."""
    code, report, err = run(
        capsys, "checkin", FAMILY.code.lower(), "--db", db, "--at", FAMILY.at("08:30")
    )
    assert (code, err) == (0, "")
    assert report["outcome"] == "ok"
    assert report["message"]["en"].startswith("Welcome")
    assert "欢迎" in report["message"]["zh"]
    assert report["code"] == FAMILY.code
    assert report["session"] == FAMILY.session
    assert report["party_size"] == report["checked_in"] == FAMILY.size
    assert len(report["visitors"]) == FAMILY.size
    for visitor in report["visitors"]:
        assert {"id", "name", "group", "guide"} <= set(visitor)
        assert visitor["group"] and visitor["guide"]


def test_english_party_meets_the_english_speaking_guide(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The roster's bilingual guide gets the English-speaking family (demo data end to end)."""
    _, report, _ = run(capsys, "checkin", FAMILY.code, "--db", db, "--at", FAMILY.at("08:30"))
    _, counts, _ = run(capsys, "headcount", "--db", db, "--at", FAMILY.at("08:30"))
    (session,) = [s for s in counts["sessions"] if s["id"] == FAMILY.session]
    group = report["visitors"][0]["group"]
    guide = next(g["guide"] for g in session["groups"] if g["name"] == group)
    with ROSTER.open(encoding="utf-8-sig", newline="") as handle:
        languages = next(
            row["导游语言"]
            for row in csv.DictReader(handle)
            if row["导游"] == guide and row["参观日期"] == FAMILY.day
        )
    assert "英" in languages


def test_partial_then_ok_then_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--count 1 admits one (exit 0, partial); the rest come later; a third scan exits 1."""
    at = FAMILY.at("08:40")
    code, first, _ = run(capsys, "checkin", FAMILY.code, "--count", "1", "--db", db, "--at", at)
    assert (code, first["outcome"], first["checked_in"]) == (0, "partial", 1)
    later = FAMILY.at("08:47")
    code, rest, _ = run(
        capsys, "checkin", FAMILY.code, "--kiosk-id", "GATE-7", "--db", db, "--at", later
    )
    assert (code, rest["outcome"], rest["checked_in"]) == (0, "ok", FAMILY.size)
    assert {v["kiosk_id"] for v in rest["visitors"]} == {"GATE-7"}
    code, again, err = run(capsys, "checkin", FAMILY.code, "--db", db, "--at", FAMILY.at("08:50"))
    assert (code, again["outcome"], err) == (1, "already_checked_in", "")
    assert "08:47" in again["message"]["en"] and "GATE-7" in again["message"]["en"]


@pytest.mark.parametrize(
    ("scan", "hhmm", "outcome"),
    [
        ("NOSUCHCODE", "08:30", "unknown"),
        (FAMILY.code, "07:00", "too_early"),
        (FAMILY.code, "12:00", "too_late"),
        (CANCELLED_ONE.code, "08:30", "cancelled"),
    ],
)
def test_refusals_exit_1_with_the_reason(
    db: str, capsys: pytest.CaptureFixture[str], scan: str, hhmm: str, outcome: str
) -> None:
    """Every refusal is "done but refused": exit 1 and the outcome in the JSON."""
    day = CANCELLED_ONE if scan == CANCELLED_ONE.code else FAMILY
    code, report, err = run(capsys, "checkin", scan, "--db", db, "--at", day.at(hhmm))
    assert (code, report["outcome"], err) == (1, outcome, "")
    assert report["checked_in"] == 0


def test_plain_output_names_outcome_and_groups(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json the operator reads the outcome and each visitor's group and guide."""
    code = main(["checkin", FAMILY.code, "--db", db, "--at", FAMILY.at("08:30")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("ok: ")
    assert out.count("group ") == FAMILY.size
    assert "guide " in out


def test_checkout_and_headcount(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Check-out lowers on_site in the headcount; checking out nobody exits 1."""
    at = FAMILY.at("08:30")
    run(capsys, "checkin", FAMILY.code, "--db", db, "--at", at)
    _, counts, _ = run(capsys, "headcount", "--db", db, "--at", at, "--session", FAMILY.session)
    (session,) = counts["sessions"]
    assert {
        "id",
        "starts_at",
        "booked",
        "checked_in",
        "on_site",
        "expected",
        "no_show",
        "groups",
    } <= set(session)
    assert {"name", "guide", "count", "capacity"} <= set(session["groups"][0])
    assert (session["checked_in"], session["on_site"]) == (FAMILY.size, FAMILY.size)
    assert session["expected"] == session["booked"] - FAMILY.size

    code, out, _ = run(capsys, "checkout", f"{FAMILY.code}-1", "--db", db, "--at", at)
    assert (code, out["outcome"], len(out["visitors"])) == (0, "checked_out", 1)
    code, out, _ = run(capsys, "checkout", FAMILY.code, "--db", db, "--at", at)
    assert (code, out["outcome"]) == (0, "checked_out")
    _, counts, _ = run(capsys, "headcount", "--db", db, "--at", at, "--session", FAMILY.session)
    assert (counts["sessions"][0]["checked_in"], counts["sessions"][0]["on_site"]) == (
        FAMILY.size,
        0,
    )
    code, out, _ = run(capsys, "checkout", FAMILY.code, "--db", db, "--at", at)
    assert (code, out["outcome"]) == (1, "not_checked_in")


def test_undo_lets_the_party_check_in_again(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`kiosk undo` takes a check-in back (exit 0) and the code works again."""
    at = FAMILY.at("08:30")
    run(capsys, "checkin", FAMILY.code, "--db", db, "--at", at)
    code, out, _ = run(capsys, "undo", FAMILY.code, "--db", db, "--at", at)
    assert (code, out["outcome"], out["checked_in"]) == (0, "undone", 0)
    code, out, _ = run(capsys, "checkin", FAMILY.code, "--db", db, "--at", at)
    assert (code, out["outcome"]) == (0, "ok")


def test_checkin_on_postgres(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The same commands work against a PostgreSQL server."""
    assert main(["sync", str(ROSTER), str(RESERVATIONS), "--db", pg_url, "--json"]) == 0
    capsys.readouterr()
    code, report, _ = run(
        capsys, "checkin", FAMILY.code, "--db", pg_url, "--at", FAMILY.at("08:30")
    )
    assert (code, report["outcome"], report["checked_in"]) == (0, "ok", FAMILY.size)
    code, report, _ = run(
        capsys, "checkin", FAMILY.code, "--db", pg_url, "--at", FAMILY.at("08:31")
    )
    assert (code, report["outcome"]) == (1, "already_checked_in")


def test_headcount_json_reports_groups_ready_to_depart(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the start, a group with people in it is ready to depart; an empty one is not."""
    assert main(["checkin", "EPH6VLCS", "--db", db, "--at", "2025-02-01T08:40"]) == 0
    capsys.readouterr()
    assert main(["headcount", "--db", db, "--json", "--at", "2025-02-01T09:01"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = next(s for s in data["sessions"] if s["id"] == "20250201-0900")
    assert {
        k for k in ("id", "starts_at", "booked", "checked_in", "on_site", "expected", "no_show")
    } <= set(first)
    ready = {g["name"]: g["ready_to_depart"] for g in first["groups"]}
    assert ready["A"] is True
    assert [letter for letter, flag in ready.items() if not flag] == ["B", "C", "D"]
