"""The search results' Qt model."""

from __future__ import annotations

from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_search_model_passes_qt_model_checks(qtmodeltester, kiosk_env):
    """The results model follows Qt's model contract."""
    from kiosk.services.lookup import search_reservations
    from kiosk.ui.i18n import Translations
    from kiosk.ui.search_model import SearchModel

    model = SearchModel(Translations("en"))
    model.set_rows(search_reservations(kiosk_env, "Martin"))
    assert model.rowCount() >= 1
    qtmodeltester.check(model)
