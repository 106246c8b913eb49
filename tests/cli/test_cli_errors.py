"""Bad input and faults on the command line: exit 2, one sentence on stderr, nothing changed."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.cli import main
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade

# Every lazily loaded command, with arguments that get it past argparse.
COMMANDS = {
    "kiosk.cli.cmd_app": [["run"], ["demo", "--no-window"]],
    "kiosk.cli.cmd_db": [["db", "upgrade"]],
    "kiosk.cli.cmd_sync": [["sync", "export.csv"]],
    "kiosk.cli.cmd_checkin": [["checkin", "ABC123"], ["checkout", "ABC123"], ["undo", "ABC123"]],
    "kiosk.cli.cmd_headcount": [["headcount"]],
    "kiosk.cli.cmd_badge": [["badge", "ABC123", "--out", "b.png"], ["print", "ABC123"]],
    "kiosk.cli.cmd_export": [["export", "checkins", "--out", "x.csv"]],
    "kiosk.cli.cmd_tickets": [["keys", "generate", "--out", "keys"], ["tickets", "--out", "t"]],
    "kiosk.cli.cmd_purge": [["purge", "--before", "2025-01-01"]],
    "kiosk.cli.cmd_bench": [["bench", "--size", "200"]],
}
ALL_INVOCATIONS = [
    pytest.param(module, argv, id=" ".join(argv[:2]))
    for module, invocations in COMMANDS.items()
    for argv in invocations
]


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    """stderr of the last command: exactly one "kiosk: …" sentence, no traceback."""
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("kiosk: ")
    assert "Traceback" not in captured.err
    return lines[0]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_bad_at_is_refused_before_the_database_is_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --at exits 2 with an example of the right form, and creates no database."""
    path = tmp_path / "kiosk.db"
    code = main(["checkin", "ABC123", "--at", "tomorrow 9ish", "--db", f"sqlite:///{path}"])
    assert code == 2
    assert "2025-02-02T09:30" in one_line_error(capsys)
    assert not path.exists()


@pytest.mark.parametrize(
    "url", ["not-a-url", "mysql://kiosk@localhost/kiosk", "sqlite//forgot-a-slash.db"]
)
def test_bad_db_url_exits_2(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong --db says how a database address looks."""
    assert main(["checkin", "ABC123", "--db", url, "--json"]) == 2
    assert "sqlite:///" in one_line_error(capsys)


def test_unreachable_postgres_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A PostgreSQL server that is down: exit 2 and a sentence, the password not shown."""
    url = f"postgresql+psycopg://kiosk:s3cret@127.0.0.1:{closed_port()}/kiosk"
    assert main(["headcount", "--db", url, "--json"]) == 2
    line = one_line_error(capsys)
    assert "cannot be reached" in line and "s3cret" not in line


@pytest.mark.parametrize(
    "argv",
    [["checkin", "ABC123"], ["db", "upgrade"], ["headcount", "--json"], ["checkout", "X"]],
    ids=["checkin", "db upgrade", "headcount", "checkout"],
)
def test_corrupt_database_file_exits_2_and_stays_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """A damaged database file is reported in one line and never written to."""
    path = tmp_path / "kiosk.db"
    garbage = os.urandom(32 * 1024)
    path.write_bytes(garbage)
    assert main([*argv, "--db", f"sqlite:///{path}"]) == 2
    assert "kiosk.db" in one_line_error(capsys)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.db"]


def test_database_from_a_newer_release_exits_2(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database written by a later kiosk version is refused with "newer version"."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    assert main(["checkin", "ABC123", "--db", sqlite_url]) == 2
    assert "newer version" in one_line_error(capsys)


def test_count_below_one_exits_2_with_clean_json_stdout(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--count 0 is an error on stderr; stdout stays empty so a script's JSON parser never chokes."""
    assert main(["checkin", "ABC123", "--count", "0", "--json", "--db", sqlite_url]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "kiosk: --count must be at least 1."


@pytest.mark.parametrize(
    "argv",
    [[], ["no-such-command"], ["checkin"], ["checkin", "X", "--count", "two"]],
    ids=["nothing", "unknown command", "missing code", "count not a number"],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Wrong usage prints argparse's usage line on stderr and exits 2, never 0."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "usage: kiosk" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(("module", "argv"), ALL_INVOCATIONS)
def test_a_command_missing_from_this_build_says_not_available_yet(
    module: str,
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A command whose code is not in this build exits 2, "not available yet", nothing done."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, module, None)  # importing it now fails
    path = tmp_path / "kiosk.db"
    assert main([*argv, "--db", f"sqlite:///{path}"]) == 2
    assert "not available yet" in one_line_error(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_internal_error_is_one_sentence_not_a_traceback(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug in a command shows one sentence pointing to KIOSK_DEBUG, and exits 2."""
    import kiosk.cli.cmd_headcount as cmd_headcount

    def broken(*_args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cmd_headcount, "run", broken)
    assert main(["headcount", "--db", sqlite_url]) == 2
    line = one_line_error(capsys)
    assert "unexpected internal error" in line and "KIOSK_DEBUG" in line
