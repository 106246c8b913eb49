"""The scan page: the language switch, the clock and date in the site's zone."""

from __future__ import annotations

from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_language_button_switches_and_names_the_other_language(make_window):
    """The Scan page's switch flips the language and always shows the other one's name."""
    window = make_window(language="zh")
    button = window.scan_page.language_button
    assert button.text() == "English"
    button.click()
    assert window.context.language == "en"
    assert window.scan_page.prompt_label.text() == "Scan your QR code"
    assert button.text() == "中文"


def test_dates_follow_the_language_in_the_site_zone(make_window):
    """The clock shows the site's wall-clock time; the date is written in the UI language."""
    window = make_window(language="en")
    assert window.scan_page.clock_label.text() == "09:10:00"
    assert window.scan_page.date_label.text() == "Sunday 2 February 2025"
    window.set_language("zh")
    assert window.scan_page.date_label.text() == "2025年2月2日 星期日"
