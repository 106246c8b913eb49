"""Reprint a booking's badges: through the app's printer when the console runs in the app,
else straight to this kiosk's print target on the writer lane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from kiosk.services import lookup
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.notice import Notice

if TYPE_CHECKING:
    from kiosk.services.printing import PrintOutcome


def reprint_badges(context: ConsoleContext, party: lookup.PartyDetails, notice: Notice) -> None:
    """Badge everyone of ``party`` who is checked in; ``notice`` says how it went."""
    ids = [v.id for v in party.visitors if v.checked_in_at is not None]
    if not ids:
        notice.say(
            QCoreApplication.translate("BookingActions", "Nobody of this booking is checked in.")
        )
        return
    if context.bridge is not None:
        context.bridge.print_requested.emit(ids)
        notice.say(
            QCoreApplication.translate(
                "BookingActions", "Badges sent to the printer: %n", "", len(ids)
            )
        )
        return
    from kiosk.services.printing import print_visitor_badges
    from kiosk.ui.printing import sink_for

    env = context.staff_env

    def done(outcome: PrintOutcome) -> None:
        if outcome.printed:
            notice.say(
                QCoreApplication.translate("BookingActions", "Badges printed: %n", "", len(ids))
            )
        elif outcome.skipped:
            notice.say(
                QCoreApplication.translate(
                    "BookingActions", "Badge printing is switched off on this kiosk."
                )
            )
        else:
            notice.say_both(outcome.error_en, outcome.error_zh)

    context.writer.run(
        lambda: print_visitor_badges(env, ids, sink_for(env.settings)),
        on_done=done,
        on_error=notice.fail,
    )
