"""The full-screen fault page."""

from __future__ import annotations

from dataclasses import replace

from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_damaged_database_shows_a_full_screen_message(qtbot, tmp_path, kiosk_env):
    """A file that is not a database gives the start-up fault page in both languages."""
    from kiosk.store.engine import make_engine
    from kiosk.ui.app import AppContext
    from kiosk.ui.i18n import Translations
    from kiosk.ui.main_window import MainWindow

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a sqlite database at all" * 100)
    env = replace(kiosk_env, engine=make_engine(f"sqlite:///{bad}"))
    window = MainWindow(AppContext(env=env, mode="self", translations=Translations("en")))
    qtbot.addWidget(window)
    window.start(connect_input=False)
    assert window.current_page() is window.message_page
    assert window.message_page.en_label.text() and window.message_page.zh_label.text()
    assert not window.message_page.close_button.isVisibleTo(window.message_page)
    window.handle_scan("SOLO2345")  # ignored: nothing to check in against
    assert window.current_page() is window.message_page
    window.shutdown()
    window.quit_app()
