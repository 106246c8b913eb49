"""The supervisor console: a column of big page buttons and the pages, fed by one live poll."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.paths import ASSETS
from kiosk.services.env import ServiceEnv
from kiosk.ui.accessibility import describe
from kiosk.ui.app import AppContext
from kiosk.ui.supervisor.audit_page import AuditPage
from kiosk.ui.supervisor.conflicts_page import ConflictsPage
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.dashboard import DashboardPage
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.printer_page import PrinterPage
from kiosk.ui.supervisor.roster_page import RosterPage
from kiosk.ui.supervisor.sync_page import SyncPage
from kiosk.ui.supervisor.tools_page import ToolsPage
from kiosk.ui.supervisor.widgets import LivePage, set_text
from kiosk.ui.theme import scale_font_sizes
from kiosk.ui.widgets.common import Page, button, label
from kiosk.ui.workers import Worker

log = logging.getLogger("kiosk.ui")

QM_FILE = ASSETS / "i18n" / "supervisor_zh_CN.qm"
PAGES = ("dashboard", "roster", "tools", "sync", "printer", "audit", "kiosks")
NAV_STYLE = """
QPushButton[role="toggle"] { min-height: 72px; text-align: left; padding-left: 16px;
    font-size: 22px; }
"""
CONSOLE_STYLE = """
QPushButton { font-size: 22px; padding: 4px 12px; }
QLineEdit { font-size: 24px; }
QGroupBox { font-size: 20px; font-weight: bold; }
QLabel#PartyTitle { font-size: 24px; font-weight: bold; color: #0B2545; }
QLabel#Message { font-size: 22px; }
QLabel#Hint { font-size: 20px; }
"""

_translator: QTranslator | None = None


def set_console_language(language: str) -> bool:
    """Install the console's Chinese texts for ``"zh"``, remove them for anything else.

    The app's own translator covers its pages; the console ships its own .qm so the two can
    be maintained apart. Returns False if the Chinese file is missing (texts stay English).
    """
    global _translator
    app = QCoreApplication.instance()
    if _translator is not None:
        if app is not None:
            QCoreApplication.removeTranslator(_translator)
        _translator = None
    if not language.lower().startswith("zh"):
        return True
    translator = QTranslator()
    if not translator.load(str(QM_FILE)):
        log.warning("translation %s missing; the console stays in English", QM_FILE)
        return False
    if app is not None:
        QCoreApplication.installTranslator(translator)
    _translator = translator
    return True


class SupervisorConsole(Page):
    """Dashboard, roster, staff tools, sync, printer and audit log, one page at a time.

    Attributes:
        feed: the live headcount poll every page listens to.
        dashboard, roster, tools, sync, printer, audit: the pages.
        pages: the same pages by name (``PAGES``).
    """

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SupervisorConsole")
        self.setStyleSheet(scale_font_sizes(CONSOLE_STYLE))
        self.context = context
        self.feed = LiveFeed(context.env, context.reader, parent=self)
        self.dashboard = DashboardPage(context, self.feed)
        self.roster = RosterPage(context, self.feed)
        self.tools = ToolsPage(context, self.feed)
        self.sync = SyncPage(context)
        self.printer = PrinterPage(context, self.feed)
        self.audit = AuditPage(context, self.feed)
        self.kiosks = ConflictsPage(context, self.feed)
        self.pages: dict[str, Page] = {
            "dashboard": self.dashboard,
            "roster": self.roster,
            "tools": self.tools,
            "sync": self.sync,
            "printer": self.printer,
            "audit": self.audit,
            "kiosks": self.kiosks,
        }
        self.stack = QStackedWidget()
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav_buttons: dict[str, QPushButton] = {}
        nav = QVBoxLayout()
        nav.setSpacing(10)
        for name in PAGES:
            self.stack.addWidget(self.pages[name])
            nav_button = button("", "toggle")
            nav_button.setCheckable(True)
            nav_button.setStyleSheet(scale_font_sizes(NAV_STYLE))
            nav_button.clicked.connect(lambda _checked=False, n=name: self.show_page(n))
            self.nav_group.addButton(nav_button)
            self.nav_buttons[name] = nav_button
            nav.addWidget(nav_button)
        nav.addStretch(1)
        self.banner = label("", "Message")
        self.banner.hide()
        body = QVBoxLayout()
        body.addWidget(self.banner)
        body.addWidget(self.stack, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        nav_box = QWidget()
        nav_box.setLayout(nav)
        nav_box.setFixedWidth(275)
        layout.addWidget(nav_box)
        layout.addLayout(body, 1)
        self.feed.failed.connect(self._feed_failed)
        self.feed.headcount_changed.connect(lambda _h: self.banner.hide())
        self.show_page("dashboard")
        self.retranslate_ui()
        if context.bridge is not None:
            context.bridge.language_changed.connect(self._language_changed)
        self.feed.start()

    def show_page(self, name: str) -> None:
        page = self.pages[name]
        self.stack.setCurrentWidget(page)
        self.nav_buttons[name].setChecked(True)
        if isinstance(page, LivePage):
            page.reload_if_stale()

    def current_page(self) -> str:
        widget = self.stack.currentWidget()
        return next(name for name, page in self.pages.items() if page is widget)

    def shutdown(self) -> None:
        """Stop polling and let running queries finish (app exit and tests)."""
        self.feed.stop()
        self.context.reader.wait_for_done(5000)

    def _feed_failed(self, message: str) -> None:
        set_text(self.banner, self.tr("Live counts are not updating: %1").replace("%1", message))
        self.banner.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # large text switched (or our own sheet)
            style = scale_font_sizes(CONSOLE_STYLE)
            if self.styleSheet() != style:  # the same sheet again would loop here
                self.setStyleSheet(style)
                for nav_button in self.nav_buttons.values():
                    nav_button.setStyleSheet(scale_font_sizes(NAV_STYLE))
        super().changeEvent(event)

    def _language_changed(self, language: str) -> None:
        self.context.language = "zh" if language.lower().startswith("zh") else "en"
        set_console_language(self.context.language)

    def retranslate_ui(self) -> None:
        titles = {
            "dashboard": self.tr("Headcount"),
            "roster": self.tr("Evacuation roster"),
            "tools": self.tr("Staff tools"),
            "sync": self.tr("Sync exports"),
            "printer": self.tr("Printer"),
            "audit": self.tr("Audit log"),
            "kiosks": self.context.sentence("Kiosks, conflicts", "终端与冲突"),
        }
        for name, text in titles.items():
            self.nav_buttons[name].setText(text)
            describe(self.nav_buttons[name], text, self.tr("Shows this page of the console."))


def console_context(app_context: AppContext | ServiceEnv) -> ConsoleContext:
    """Read what the console needs from the app's context (or from a bare ServiceEnv)."""
    if isinstance(app_context, ServiceEnv):
        env, writer, bridge, language = app_context, Worker(), None, app_context.settings.language
    else:
        env, writer, bridge = app_context.env, app_context.worker, app_context.bridge
        language = app_context.language
    return ConsoleContext(
        env=env,
        reader=Worker(),
        writer=writer,
        bridge=bridge,
        language="zh" if language.lower().startswith("zh") else "en",
    )


def build_console(
    app_context: AppContext | ServiceEnv, parent: QWidget | None = None
) -> SupervisorConsole:
    """The console for the app's supervisor mode.

    Args:
        app_context: the app's ``AppContext`` (env, worker, translations, bridge), or just a
            ``ServiceEnv`` when the console runs on its own (screenshots, tests).
        parent: the widget that holds the console.
    """
    context = console_context(app_context)
    set_console_language(context.language)
    return SupervisorConsole(context, parent)
