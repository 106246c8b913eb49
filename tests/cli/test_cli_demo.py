"""`kiosk demo`: a fresh demo database, and the instant its clock starts at."""

from __future__ import annotations

from kiosk.cli import main
from kiosk.cli.cmd_app import demo_live_instant


def test_demo_prepares_a_fresh_database(tmp_path, capsys):
    """`kiosk demo --no-window` loads the demo program and tells where the database is."""
    url = f"sqlite:///{tmp_path}/demo.db"
    assert main(["demo", "--no-window", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "demo.db" in out and "2025-02-02T09:10:00+08:00" in out
    assert main(["demo", "--no-window", "--db", url]) == 2  # never overwrites a database


def test_demo_live_instant_is_inside_a_window():
    """The generator's live instant is the documented 2 Feb 09:10."""
    assert demo_live_instant() == "2025-02-02T09:10:00+08:00"
