"""Ready to scan: the window says so, and `kiosk run` can quit right then (start-up timing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.ui.ready import EXIT_WHEN_READY_ENV, READY_LINE
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_window_says_ready_once_its_scan_page_shows(qtbot, kiosk_env):
    """After start the window emits ``ready`` with the scan page on screen."""
    from kiosk.ui.app import AppContext
    from kiosk.ui.i18n import Translations
    from kiosk.ui.main_window import MainWindow

    window = MainWindow(AppContext(env=kiosk_env, mode="gate", translations=Translations("en")))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=5000):
        window.start(connect_input=False)
    assert window.current_page() is window.scan_page
    window.shutdown()
    window.quit_app()


def test_a_damaged_database_is_never_ready(qtbot, tmp_path, kiosk_env):
    """A window stopped by a fault does not announce itself ready."""
    from dataclasses import replace

    from kiosk.services.startup import open_database
    from kiosk.ui.app import AppContext
    from kiosk.ui.i18n import Translations
    from kiosk.ui.main_window import MainWindow

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 100)
    env = replace(kiosk_env, engine=open_database(f"sqlite:///{bad}"))
    window = MainWindow(AppContext(env=env, mode="gate", translations=Translations("en")))
    qtbot.addWidget(window)
    with qtbot.assertNotEmitted(window.ready, wait=100):
        window.start(connect_input=False)
    assert window.current_page() is window.message_page
    window.shutdown()
    window.quit_app()


@pytest.mark.slow
def test_kiosk_run_quits_when_ready_if_asked(tmp_path: Path, kiosk_env):
    """`python -m kiosk run` with KIOSK_EXIT_WHEN_READY=1 prints READY and exits 0."""
    database = kiosk_env.engine.url.database
    env = {**os.environ, EXIT_WHEN_READY_ENV: "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--mode", "gate", "--db", f"sqlite:///{database}"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert READY_LINE in done.stdout.splitlines()
