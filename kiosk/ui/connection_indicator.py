"""The staff's discreet view of a kiosk's link to its hub, in a corner of the window.

"● Online", "● Offline since 10:42 · 12 waiting to upload", "● Online · uploading 12": staff
know at a glance whether the gate runs on the shared server or on this kiosk's own copy, and
how much it still has to hand over. Visitors in self-service never see it (only staff pages
show it there): what they need to know is on the result page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from kiosk.services.local_first import KioskLinkStatus, LocalFirstKiosk

STYLE = """
QLabel#ConnectionIndicator { font-size: 18px; padding: 2px 14px; color: #37474F; }
QLabel#ConnectionIndicator[state="online"] { color: #2E7D32; }
QLabel#ConnectionIndicator[state="uploading"] { color: #1565C0; }
QLabel#ConnectionIndicator[state="offline"] { color: #B71C1C; font-weight: bold; }
"""


class ConnectionIndicator(QLabel):
    """Online, offline since when, and how many decisions wait to upload.

    Signals:
        status_received(object): a ``KioskLinkStatus`` from any thread (the follower's).
    """

    status_received = Signal(object)

    def __init__(
        self, message: Callable[[str, str], str], zone: Any, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("ConnectionIndicator")
        self.setStyleSheet(STYLE)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName("Connection to the shared server")
        self._message = message
        self._zone = zone
        self.status: KioskLinkStatus | None = None
        # Queued across threads by Qt: the follower never touches the widget itself.
        self.status_received.connect(self.show_status)

    def bind(self, route: LocalFirstKiosk) -> None:
        """Follow a kiosk's route from now on."""
        route.on_status(self.status_received.emit)
        self.show_status(route.status())

    def show_status(self, status: KioskLinkStatus) -> None:
        self.status = status
        self.setText(self.text_for(status))
        self.setProperty("state", self.state_of(status))
        self.style().unpolish(self)
        self.style().polish(self)

    @staticmethod
    def state_of(status: KioskLinkStatus) -> str:
        if not status.online:
            return "offline"
        return "uploading" if status.pending else "online"

    def text_for(self, status: KioskLinkStatus) -> str:
        say = self._message
        if not status.online:
            if status.offline_since is not None:
                since = status.offline_since.astimezone(self._zone).strftime("%H:%M")
                text = say(f"● Offline since {since}", f"● 离线（自 {since} 起）")
            else:
                text = say("● Offline", "● 离线")
            if status.pending:
                text += say(
                    f" · {status.pending} waiting to upload", f" · {status.pending} 条待上传"
                )
        elif status.pending:
            text = say(
                f"● Online · uploading {status.pending}", f"● 在线 · 正在上传 {status.pending} 条"
            )
        else:
            text = say("● Online", "● 在线")
        if status.held:
            text += say(f" · {status.held} held (see supervisor)", f" · {status.held} 条需主管处理")
        return text

    def retranslate_ui(self) -> None:
        if self.status is not None:
            self.show_status(self.status)


def attach_connection_indicator(
    layout: QVBoxLayout,
    context: Any,
    stack: QStackedWidget,
    mode: Callable[[], str],
    staff_pages: Sequence[QWidget],
) -> ConnectionIndicator | None:
    """Put the indicator under the pages of a kiosk of a hub (None for a single kiosk).

    In self-service it shows only while a staff page is open.
    """
    route = getattr(context.env, "route", None)
    if route is None or not hasattr(route, "on_status"):
        return None
    indicator = ConnectionIndicator(context.translations.message, context.settings.zone)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 4)
    row.addStretch(1)
    row.addWidget(indicator)
    layout.addLayout(row)

    def follow_page(_index: int = 0) -> None:
        indicator.setVisible(mode() != "self" or stack.currentWidget() in staff_pages)

    stack.currentChanged.connect(follow_page)
    if context.bridge is not None:
        context.bridge.language_changed.connect(lambda _language: indicator.retranslate_ui())
    follow_page()
    indicator.bind(route)
    return indicator
