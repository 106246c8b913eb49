"""The kiosk's one window: a stack of pages, modes, PIN, idle, lock-down and start-up.

``handle_scan(text)`` is the single entry point of a scan: the scanner, the camera, the
keypad and the search page all end there. The window decides whether a scan is taken and
shows the answer; :class:`~kiosk.ui.scan_flow.ScanFlow` decides it on the worker.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.changes import Change
from kiosk.core.errors import KioskError, NotReady
from kiosk.ui import faults
from kiosk.ui.app import AppContext
from kiosk.ui.assist import Assist
from kiosk.ui.connection_indicator import attach_connection_indicator
from kiosk.ui.devices import Devices
from kiosk.ui.guards import IdleWatcher, SelfModeGuard, is_escape_key
from kiosk.ui.pages.keypad_page import KeypadPage
from kiosk.ui.pages.message_page import MessagePage
from kiosk.ui.pages.party_page import PartyChoice, PartyPage
from kiosk.ui.pages.pin_page import PinPage
from kiosk.ui.pages.result_page import ResultPage, tone_of
from kiosk.ui.pages.scan_page import ScanPage
from kiosk.ui.pages.search_page import SearchPage
from kiosk.ui.pages.staff_page import StaffPage
from kiosk.ui.pages.supervisor_page import SupervisorPage
from kiosk.ui.pin_gate import PinGate
from kiosk.ui.scan_flow import ScanFlow
from kiosk.ui.theme import ensure_theme

if TYPE_CHECKING:
    from kiosk.services.lookup import ReservationSummary, SessionInfo
    from kiosk.services.results import CheckInResult

log = logging.getLogger("kiosk.ui")

SESSION_REFRESH_MS = 30_000
SEARCH_RETRY_MS = 400
BANNER_MS = 8000
DAMAGED = KioskError(
    "The database file is damaged; check-ins are stopped. Please call the supervisor.",
    "数据库文件已损坏，签到已暂停，请联系主管。",
)


class MainWindow(QMainWindow):
    """Pages, modes and the life cycle of one kiosk.

    Signals:
        result_shown(CheckInResult): an answer is on screen (outcome ``error`` for a fault).
        party_shown(CheckInResult): the Party page asks about this preview.
        print_requested(list): visitor ids to badge (the printing module listens).
        home_shown(): the mode's home page is showing again.
        ready(): the database is prepared and the mode's home page (the scan page in gate
            and self-service modes) is on screen: the kiosk is ready to scan.
    """

    result_shown = Signal(object)
    party_shown = Signal(object)
    print_requested = Signal(list)
    home_shown = Signal()
    ready = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            ensure_theme(app)
        self.context = context
        self.mode = context.mode
        self.setObjectName("Root")
        self.setWindowTitle("Tour kiosk")
        self._may_close = False
        self._supervisor_unlocked = False
        self._database_ready = False
        self.scan_flow = ScanFlow(context, self)
        self.scan_gate = self.scan_flow.gate
        self.devices = Devices(self)
        self.assist = Assist(self, speak_setting=context.settings.speak_results)
        if context.settings.large_text:
            self.assist.set_large_text(True)

        translations = context.translations
        self.gate = PinGate(context.settings.pin_hash, context.env.now)
        self.scan_page = ScanPage(translations)
        self.result_page = ResultPage(translations)
        self.party_page = PartyPage(translations)
        self.keypad_page = KeypadPage()
        self.search_page = SearchPage(translations)
        self.pin_page = PinPage(self.gate, translations)
        self.staff_page = StaffPage(translations)
        self.supervisor_page = SupervisorPage(context)
        self.message_page = MessagePage()
        self.stack = QStackedWidget()
        for page in (
            self.scan_page,
            self.result_page,
            self.party_page,
            self.keypad_page,
            self.search_page,
            self.pin_page,
            self.staff_page,
            self.supervisor_page,
            self.message_page,
        ):
            self.stack.addWidget(page)

        self.banner = QLabel()
        self.banner.setObjectName("Banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        central = QWidget()
        central.setObjectName("Root")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        # A kiosk of a hub: online / offline since … / waiting to upload, for staff.
        self.connection = attach_connection_indicator(
            layout, context, self.stack, lambda: self.mode, (self.staff_page, self.supervisor_page)
        )
        self.setCentralWidget(central)
        self.busy_overlay = QLabel(central)
        self.busy_overlay.setObjectName("Busy")
        self.busy_overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy_overlay.hide()

        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.setInterval(BANNER_MS)
        self._banner_timer.timeout.connect(self.banner.hide)
        # A search typed while the index is first built is asked again until it is ready.
        self._search_retry = QTimer(self)
        self._search_retry.setSingleShot(True)
        self._search_retry.setInterval(SEARCH_RETRY_MS)
        self._search_retry.timeout.connect(self._search_again)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._session_timer = QTimer(self)
        self._session_timer.setInterval(SESSION_REFRESH_MS)
        self.guard = SelfModeGuard(self)
        self.idle = IdleWatcher(context.settings.idle_timeout_s, self)

        settings = context.settings
        self.scan_page.set_site_title(settings.tour_title, settings.tour_title_zh)
        self.scan_page.set_kiosk_id(context.env.kiosk_id)
        self._connect_signals()
        self.set_mode(self.mode)
        self.resize(1280, 800)
        self.retranslate_ui()
        self._tick_clock()

    # --- wiring -------------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        """Every cross-widget connection of the kiosk, in one place."""
        bridge = self.context.bridge
        scan = self.scan_page
        scan.language_toggled.connect(self.toggle_language)
        scan.enter_code.connect(self.show_keypad)
        scan.search.connect(self.show_search)
        scan.staff_clicked.connect(self._staff_clicked)
        scan.staff_long_pressed.connect(self.open_staff_menu)

        self.result_page.done.connect(self.go_home)
        self.party_page.confirmed.connect(self._party_confirmed)
        self.party_page.cancelled.connect(self.go_home)
        self.keypad_page.submitted.connect(lambda code: self.handle_scan(code, source="keypad"))
        self.keypad_page.cancelled.connect(self.go_home)
        self.search_page.query_changed.connect(self._run_search)
        self.search_page.picked.connect(lambda code: self.handle_scan(code, source="search"))
        self.search_page.cancelled.connect(self.go_home)
        self.pin_page.cancelled.connect(self.go_home)
        self.staff_page.mode_chosen.connect(self._mode_chosen)
        self.staff_page.large_text_toggled.connect(self.assist.set_large_text)
        self.staff_page.close_app.connect(self.quit_app)
        self.staff_page.back.connect(self.go_home)
        self.supervisor_page.staff.connect(self._show_staff_page)
        self.message_page.retry.connect(self._prepare_database)
        self.message_page.close_app.connect(self.quit_app)

        self.stack.currentChanged.connect(self._focus_page)
        self.scan_flow.party_needed.connect(self.show_party)
        self.scan_flow.answered.connect(self.show_result)
        self.scan_flow.print_requested.connect(self.print_requested)
        self.devices.scanned.connect(self.handle_scan)
        bridge.message.connect(self.show_message)
        bridge.language_changed.connect(self.assist.set_language)
        bridge.print_status.connect(self.result_page.set_print_status)
        bridge.printer_status.connect(self.staff_page.set_printer_status)
        bridge.data_changed.connect(self._data_changed)
        self.print_requested.connect(bridge.print_requested)
        self.context.worker.busy_changed.connect(self._set_busy)
        self.guard.blocked.connect(lambda: log.info("self-service escape attempt blocked"))
        self.idle.idle.connect(self._idle)
        self._clock_timer.timeout.connect(self._tick_clock)
        self._session_timer.timeout.connect(self.refresh_session)

    # --- life cycle -----------------------------------------------------------------------------

    def start(self, *, fullscreen: bool = False, connect_input: bool = True) -> None:
        """Prepare the database, then show the mode's home page (or a full-screen fault)."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.guard)
            app.installEventFilter(self.idle)
        self._prepare_database()
        if fullscreen:
            flags = self.windowFlags() | Qt.WindowType.FramelessWindowHint
            if self.mode == "self":
                flags |= Qt.WindowType.WindowStaysOnTopHint
            self.setWindowFlags(flags)
            self.showFullScreen()
        else:
            self._fit_screen()
            self.show()
        if connect_input:
            # QtMultimedia (camera, sounds) takes most of a second to load: show first.
            QTimer.singleShot(0, lambda: self.devices.start(self.scan_page))

    def _fit_screen(self) -> None:
        """No taller than the screen's free area where the pages fit in it: on a 1280×720
        screen the bottom row (kiosk id, Staff corner) stays in view. The width stays: the
        pages are laid out for 1280 and wider."""
        screen = self.screen()
        if screen is None:
            return
        free = screen.availableGeometry().height()
        if self.minimumSizeHint().height() <= free < self.height():
            self.resize(self.width(), free)

    def _prepare_database(self) -> None:
        """Bring the schema up to date (start, and "Try again" after a fault)."""
        from kiosk.services import startup

        try:
            startup.prepare_kiosk(self.context.env)
        except KioskError as exc:
            log.error("database not usable: %s", exc.message)
            self._stop_for(exc)
            return
        self._database_ready = True
        self._clock_timer.start()
        self._session_timer.start()
        self.idle.restart()
        self.go_home()
        # Announced from the event loop: by then the window is shown and can be painted.
        QTimer.singleShot(0, self._announce_ready)

    def _announce_ready(self) -> None:
        if not self._database_ready:
            return
        if self.current_page() is self.home_page():
            self.ready.emit()
        self._after_first_paint()

    def _after_first_paint(self) -> None:
        """Background work that must not hold up the first page (it competes for the CPU).

        The session label loads the check-in services on the worker (a scan taken meanwhile
        queues behind it); the full-file integrity check reads the whole database, and a
        damaged file then stops the kiosk with one sentence instead of failing later.
        """
        from kiosk.services import startup

        self.refresh_session()
        self.context.worker.run(
            lambda: startup.integrity_problem(self.context.env.engine),
            on_done=self._integrity_checked,
            on_error=lambda error: log.warning("integrity check failed: %s", error),
        )

    def _integrity_checked(self, problem: str | None) -> None:
        if problem is None:
            return
        log.error("database integrity check: %s", problem)
        self._stop_for(DAMAGED)

    def _stop_for(self, fault: KioskError) -> None:
        """No more check-ins: the fault in both languages, full screen."""
        self._database_ready = False
        self.context.record_fault(fault)
        if self.mode == "self":  # visitors are told what to do; staff see the detail
            sentence = faults.for_visitors(fault, faults.OUT_OF_SERVICE)
            self.message_page.show_error(sentence.en, sentence.zh, can_close=False)
        else:
            self.message_page.show_error(fault.message, fault.message_zh, can_close=True)
        self.stack.setCurrentWidget(self.message_page)

    def shutdown(self) -> None:
        """Stop timers and devices and let queued database work finish."""
        for timer in (self._clock_timer, self._session_timer, self.idle.timer, self._banner_timer):
            timer.stop()
        self.result_page.stop()
        self.devices.stop()
        app = QApplication.instance()
        if app is not None:
            for watcher in (self.guard, self.idle):
                app.removeEventFilter(watcher)
        self.context.worker.wait_for_done(5000)

    def quit_app(self) -> None:
        self._may_close = True
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # --- modes and pages ------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.context.mode = mode
        self.guard.active = mode == "self"
        self.scan_page.set_mode(mode)
        self.staff_page.set_mode(mode)
        if mode != "supervisor":
            self._supervisor_unlocked = False

    def home_page(self) -> QWidget:
        if self.mode == "supervisor":
            return self.supervisor_page if self._supervisor_unlocked else self.pin_page
        return self.scan_page

    def go_home(self) -> None:
        """Back to the mode's home page, forgetting any half-finished party or PIN."""
        if not self._database_ready:
            return
        self.result_page.stop()
        self.assist.stop_speaking()
        self.scan_flow.forget()
        page = self.home_page()
        if page is self.pin_page:
            self.pin_page.ask(self._unlock_supervisor, can_cancel=False)
        elif page is self.supervisor_page:
            self.supervisor_page.ensure_console()
        self.stack.setCurrentWidget(page)
        page.setFocus()  # also when it was showing already: no button holds the focus at rest
        self.home_shown.emit()

    def _focus_page(self, _index: int) -> None:
        """The page shown takes the focus (the search page gives it to its field): no button
        of it holds the focus by chance, and Tab starts from the top of the page."""
        page = self.current_page()
        if page is not self.search_page:
            page.setFocus()
        else:
            focus = QApplication.focusWidget()
            if focus is None or not page.isAncestorOf(focus):
                self.search_page.query_edit.setFocus()

    def current_page(self) -> QWidget:
        page = self.stack.currentWidget()
        assert page is not None
        return page

    def _unlock_supervisor(self) -> None:
        self._supervisor_unlocked = True
        self.supervisor_page.ensure_console()
        self.stack.setCurrentWidget(self.supervisor_page)

    def _staff_clicked(self) -> None:
        # Visitors must hold the corner button (long press); staff at the gate just tap it.
        if self.mode != "self":
            self.open_staff_menu()

    def open_staff_menu(self) -> None:
        """Ask for the PIN, then show the staff menu."""
        self.pin_page.ask(self._show_staff_page)
        self.stack.setCurrentWidget(self.pin_page)

    def _show_staff_page(self) -> None:
        self.staff_page.set_mode(self.mode)
        self.staff_page.set_large_text(self.assist.large_text())
        self.staff_page.set_problem(self.context.last_fault)
        self.stack.setCurrentWidget(self.staff_page)

    def _mode_chosen(self, mode: str) -> None:
        self.set_mode(mode)
        if mode == "supervisor":
            self._supervisor_unlocked = True  # the PIN was just given for the staff menu
        self.go_home()

    def _idle(self) -> None:
        page = self.current_page()
        if page is self.message_page:
            return
        if self.mode == "self" and self.context.language != self.context.settings.language:
            self.set_language(self.context.settings.language)
        if page is not self.home_page():
            self.go_home()
        self.idle.restart()

    def show_keypad(self) -> None:
        self.keypad_page.clear()
        self.stack.setCurrentWidget(self.keypad_page)
        self.keypad_page.setFocus()  # a keyboard types the code too

    def show_search(self) -> None:
        if self.mode != "gate":
            return  # visitors never see other people's bookings
        self.search_page.reset()
        self.stack.setCurrentWidget(self.search_page)
        warm = getattr(self.context.services, "warm_search", None)
        if warm is not None:  # built on a thread of its own while staff start typing
            self.context.worker.run(
                warm,
                self.context.env,
                on_error=lambda error: log.warning("search index not built: %s", error),
            )

    # --- language -------------------------------------------------------------------------------

    def toggle_language(self) -> None:
        self.set_language("en" if self.context.language == "zh" else "zh")

    def set_language(self, language: str) -> None:
        """Switch every text now (translator + LanguageChange delivered synchronously)."""
        self.context.translations.set_language(language)
        for _ in range(3):  # app → top-level widgets → children
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.context.bridge.language_changed.emit(self.context.language)

    def attach_keyboard(self) -> bool:
        """Dock the on-screen keyboard under the pages (after the first paint)."""
        return self.assist.attach_keyboard(self.context.language)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Tour check-in kiosk"))
        self.busy_overlay.setText(self.tr("Working…"))
        self._tick_clock()

    # --- scans and their answers ----------------------------------------------------------------

    def handle_scan(self, text: str, source: str = "scanner") -> None:
        """One scan (scanner, camera, keypad or search): taken unless staff pages are open."""
        raw = (text or "").strip()
        if not raw or not self._database_ready:
            return
        page = self.current_page()
        if page in (self.pin_page, self.staff_page, self.supervisor_page, self.message_page):
            return  # staff are busy with the menu; a stray scan must not leave it
        self.scan_flow.submit(raw)

    def show_party(self, preview: CheckInResult) -> None:
        """Ask who of the party is here (the scan flow waits for the answer)."""
        self.party_page.show_party(preview, gate_mode=self.mode == "gate")
        self.stack.setCurrentWidget(self.party_page)
        self.party_shown.emit(preview)

    def _party_confirmed(self, choice: PartyChoice) -> None:
        if not self.scan_flow.choose_party(choice):
            self.go_home()

    def show_result(self, result: CheckInResult) -> None:
        """Show an answer full-screen and sound it."""
        self.result_page.show_result(result, gate_mode=self.mode == "gate")
        self.stack.setCurrentWidget(self.result_page)
        self.devices.play(tone_of(result))
        self.assist.result_shown(self.result_page.spoken_text(), self.context.language, self.mode)
        self.result_shown.emit(result)

    def _run_search(self, query: str) -> None:
        services = self.context.services
        if services is None or self.mode != "gate":
            return
        self.context.worker.run(
            services.search_reservations,
            self.context.env,
            query,
            on_done=self._show_search_results,
            on_error=self._search_failed,
        )

    def _show_search_results(self, rows: list[ReservationSummary]) -> None:
        self.search_page.set_results(rows)

    def _search_failed(self, error: BaseException) -> None:
        if isinstance(error, NotReady):  # the index is being built: say so, ask again soon
            self.search_page.show_note(self.context.message(error))
            self._search_retry.start()
            return
        self.show_message(self.context.message(error))

    def _search_again(self) -> None:
        if self.current_page() is self.search_page:
            self.search_page.run_query_now()

    # --- what the scan page shows ---------------------------------------------------------------

    def refresh_session(self) -> None:
        services = self.context.services
        if services is None or not self._database_ready:
            return
        self.context.worker.run(
            services.current_session,
            self.context.env,
            on_done=self._show_session,
            on_error=lambda error: log.warning("current session unknown: %s", error),
        )

    def _show_session(self, session: SessionInfo | None) -> None:
        self.scan_page.set_session(session)

    def _data_changed(self, change: Change) -> None:
        if change in (Change.PROGRAM, Change.SESSION):
            self.refresh_session()

    def _tick_clock(self) -> None:
        self.scan_page.set_now(self.context.env.now())

    def show_message(self, text: str) -> None:
        """A sentence in the banner above the page for a few seconds (already translated)."""
        self.banner.setText(text)
        self.banner.show()
        self._banner_timer.start()

    def _set_busy(self, busy: bool) -> None:
        central = self.centralWidget()
        if busy and central is not None:
            self.busy_overlay.setGeometry(central.rect())
            self.busy_overlay.raise_()
        self.busy_overlay.setVisible(busy)

    # --- no way out of self-service --------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.mode == "self" and not self._may_close:
            log.info("window close refused in self-service mode")
            event.ignore()
            return
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_escape_key(event):
            if self.mode != "self" and event.key() == Qt.Key.Key_Escape:
                self.go_home()
            event.accept()
            return
        super().keyPressEvent(event)
