"""`kiosk --help`, `kiosk db upgrade`, an empty headcount, and the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.store.engine import make_engine
from kiosk.store.migrate import current_revision, head_revision

DESIGN_COMMANDS = (
    "run",
    "demo",
    "db",
    "sync",
    "checkin",
    "checkout",
    "headcount",
    "badge",
    "print",
    "export",
    "keys",
    "tickets",
    "purge",
    "bench",
)
CONSOLE_SCRIPT = Path(sys.executable).parent / "kiosk"


def test_help_lists_every_command_of_the_design(capsys: pytest.CaptureFixture[str]) -> None:
    """`kiosk --help` names every command DESIGN.md promises, and the exit codes."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("    ")}
    assert set(DESIGN_COMMANDS) <= listed
    assert "Exit codes" in out
    assert main(["db", "--help"]) == 0
    assert "upgrade" in capsys.readouterr().out


def test_db_upgrade_creates_then_reports_up_to_date(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kiosk db upgrade` creates the schema (exit 0) and a second run changes nothing."""
    assert main(["db", "upgrade", "--db", sqlite_url]) == 0
    first = capsys.readouterr()
    assert "created" in first.out and first.err == ""
    assert (tmp_path / "kiosk.db").exists()

    assert main(["db", "upgrade", "--db", sqlite_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["before"] == "current"
    assert report["revision"] == head_revision()


def test_db_upgrade_on_postgres(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The same command creates the schema on a PostgreSQL server."""
    assert main(["db", "upgrade", "--db", pg_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["before"] == "empty"
    engine = make_engine(pg_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_headcount_of_an_empty_database(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new database has no sessions: `headcount --json` says so and exits 0."""
    assert main(["headcount", "--db", sqlite_url, "--json", "--at", "2025-02-02T09:00"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sessions"] == []


def test_kiosk_db_url_environment_variable_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --db the database comes from KIOSK_DB_URL."""
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("KIOSK_DB_URL", f"sqlite:///{path}")
    assert main(["db", "upgrade"]) == 0
    assert path.exists()
    assert str(path) in capsys.readouterr().out


@pytest.mark.slow
def test_console_script_runs_as_a_real_process(sqlite_url: str) -> None:
    """The installed `kiosk` script works from a shell: JSON on stdout, exit 0, nothing on stderr."""
    done = subprocess.run(
        [
            str(CONSOLE_SCRIPT),
            "headcount",
            "--json",
            "--db",
            sqlite_url,
            "--at",
            "2025-02-02T09:00",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sessions"] == []
    assert done.stderr == ""
    refused = subprocess.run(
        [str(CONSOLE_SCRIPT), "checkin", "NOSUCH", "--db", sqlite_url, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["outcome"] == "unknown"


def test_pin_command_prints_a_hash_that_verifies_and_never_the_pin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kiosk pin --stdin` prints a scrypt hash line for kiosk.toml; the PIN is not in it."""
    import io

    from kiosk.core.pin import verify_pin

    monkeypatch.setattr("sys.stdin", io.StringIO("482913\n"))
    assert main(["pin", "--stdin"]) == 0
    out = capsys.readouterr().out
    line = out.splitlines()[0]
    assert line.startswith('pin_hash = "scrypt$')
    assert "482913" not in out
    assert verify_pin("482913", line.split('"')[1])
