"""Staff tools: find a booking and act on it; register walk-ins; print a guide's manifest.

The page only lays out its panels (:mod:`kiosk.ui.supervisor.tools`) and wires them: a
booking found is shown and acted on, a walk-in registered is shown, and every panel reports
on the page's one :class:`~kiosk.ui.supervisor.notice.Notice` line.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.services.results import Headcount
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.tools.actions import BookingActions
from kiosk.ui.supervisor.tools.booking import BookingView
from kiosk.ui.supervisor.tools.finder import BookingFinder
from kiosk.ui.supervisor.tools.manifest import ManifestPanel
from kiosk.ui.supervisor.tools.walk_in import WalkInPanel
from kiosk.ui.widgets.common import Page


class ToolsPage(Page):
    """Search, the chosen booking and its actions on the left; walk-ins and manifests on the
    right.

    Attributes:
        finder, booking, party_actions, walk_ins, manifests: the panels.
        status: the page's message line.
    """

    def __init__(self, context: ConsoleContext, feed: LiveFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SupervisorTools")
        self.status = Notice(context)
        self.finder = BookingFinder(context, self.status)
        self.booking = BookingView(context, self.status)
        self.party_actions = BookingActions(context, self.status)
        self.walk_ins = WalkInPanel(context, self.status)
        self.manifests = ManifestPanel(context, self.status)

        left = QVBoxLayout()
        left.addWidget(self.finder, 2)
        left.addWidget(self.booking, 2)
        left.addWidget(self.party_actions)
        right = QVBoxLayout()
        right.addWidget(self.walk_ins)
        right.addWidget(self.manifests)
        right.addWidget(self.status)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.finder.chosen.connect(self.booking.select)
        self.booking.shown.connect(self.party_actions.set_party)
        self.party_actions.changed.connect(self.booking.reload)
        self.party_actions.phone_revealed.connect(self.booking.show_phone)
        self.walk_ins.registered.connect(self.booking.select)
        feed.headcount_changed.connect(self._headcount_changed)
        self.retranslate_ui()

    def _headcount_changed(self, headcount: Headcount) -> None:
        self.manifests.show_groups(headcount)
        self.walk_ins.reload()

    def retranslate_ui(self) -> None:
        for panel in (self.finder, self.booking, self.party_actions, self.walk_ins, self.manifests):
            panel.retranslate_ui()
