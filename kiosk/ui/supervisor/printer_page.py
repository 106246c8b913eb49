"""Printer page: choose the printer and badge size, print a test badge, see and retry jobs.

The choice applies to this kiosk until it restarts (the settings file is the operator's).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.badges.model import PRESETS
from kiosk.core.changes import Change
from kiosk.services import reports
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.models import PrintJobsModel
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.widgets import LivePage, set_text, table_view, touch_combo
from kiosk.ui.widgets.common import button, label

if TYPE_CHECKING:
    from kiosk.services.printing import PrintOutcome

log = logging.getLogger("kiosk.ui")
PDF_TARGET = "pdf"
NO_PRINTING = "none"


def list_printers() -> list[str]:
    """The system's print queues (none if printing support is missing)."""
    try:
        from kiosk.ui.printing import available_printers
    except ImportError:
        return []
    try:
        return list(available_printers())
    except Exception:  # no spooler at all: the PDF folder still works
        log.warning("could not list printers", exc_info=True)
        return []


def print_test_badge(context: ConsoleContext) -> str:
    """Worker side: one test badge on the chosen target; returns where it went."""
    from kiosk.services.printing import print_test_page
    from kiosk.ui.printing import sink_for

    settings = context.env.settings
    target = PDF_TARGET if settings.print_target == PDF_TARGET else "system"
    sink = sink_for(settings, target=target)
    assert sink is not None  # a target was named
    where = print_test_page(sink, settings)
    return "default printer" if where == "system" else where


def retry_job(context: ConsoleContext, job: reports.PrintJobRow) -> PrintOutcome:
    """Worker side: send a failed job again through the app's printing."""
    from kiosk.services.printing import print_visitor_badges
    from kiosk.ui.printing import sink_for

    settings = context.env.settings
    target = "system" if settings.print_target == NO_PRINTING else settings.print_target
    return print_visitor_badges(
        context.staff_env,
        [job.visitor_id],
        sink_for(settings, target=target),
        retry_job_ids=[job.id],
    )


class PrinterPage(LivePage):
    """Printer and badge size at the top, the job queue below."""

    def __init__(self, context: ConsoleContext, feed: LiveFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SupervisorPrinter")
        self._context = context
        self.printer_label = label("", "Hint")
        self.printer_combo = touch_combo()
        self.size_label = label("", "Hint")
        self.size_combo = touch_combo()
        for name, preset in PRESETS.items():
            self.size_combo.addItem(f"{name} ({preset.width_mm:g}×{preset.height_mm:g} mm)", name)
        self.test_button = button("", "secondary")
        self.test_button.clicked.connect(self.test_print)
        self.retry_button = button("")
        self.retry_button.clicked.connect(self.retry_selected)
        self.refresh_button = button("", "secondary")
        self.refresh_button.clicked.connect(self.reload)
        self.status = Notice(context)
        self.jobs_caption = label("", "Hint")
        self.model = PrintJobsModel(self)
        self.view = table_view(self.model, stretch=7)
        self.view.clicked.connect(self._job_clicked)
        self.fill_printers([])
        # Asking the spooler can take seconds (network queues): not on the UI thread.
        context.reader.run(list_printers, on_done=self.fill_printers)
        self.printer_combo.currentIndexChanged.connect(self._printer_chosen)
        self.size_combo.currentIndexChanged.connect(self._size_chosen)
        index = self.size_combo.findData(context.env.settings.badge_size)
        if index >= 0:
            self.size_combo.setCurrentIndex(index)

        grid = QGridLayout()
        grid.addWidget(self.printer_label, 0, 0)
        grid.addWidget(self.printer_combo, 0, 1)
        grid.addWidget(self.size_label, 1, 0)
        grid.addWidget(self.size_combo, 1, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.jobs_caption)
        layout.addWidget(self.view, 1)
        feed.token_changed.connect(self._database_changed)
        self._update_retry()
        self.retranslate_ui()

    def fill_printers(self, names: list[str]) -> None:
        settings = self._context.env.settings
        self.printer_combo.blockSignals(True)
        self.printer_combo.clear()
        self.printer_combo.addItem("", NO_PRINTING)
        self.printer_combo.addItem("", PDF_TARGET)
        for name in names:
            self.printer_combo.addItem(name, name)
        if settings.print_target == PDF_TARGET:
            chosen = PDF_TARGET
        elif settings.print_target == NO_PRINTING:
            chosen = NO_PRINTING
        else:
            chosen = settings.printer
        index = self.printer_combo.findData(chosen)
        self.printer_combo.setCurrentIndex(max(index, 0))
        self.printer_combo.blockSignals(False)
        self._name_targets()

    def _name_targets(self) -> None:
        self.printer_combo.setItemText(0, self.tr("No badge printing"))
        self.printer_combo.setItemText(1, self.tr("PDF folder"))

    def _printer_chosen(self, _index: int) -> None:
        settings = self._context.env.settings
        data = self.printer_combo.currentData()
        if data in (PDF_TARGET, NO_PRINTING):
            settings.print_target = data
        else:
            settings.print_target = "system"
            settings.printer = str(data)

    def _size_chosen(self, _index: int) -> None:
        self._context.env.settings.badge_size = str(self.size_combo.currentData())

    def test_print(self) -> None:
        self.status.say(self.tr("Printing a test badge…"))
        self._context.writer.run(
            print_test_badge,
            self._context,
            on_done=lambda where: self.status.say(self.tr("Done: %1").replace("%1", where)),
            on_error=self.status.fail,
        )

    def reload(self) -> None:
        self._dirty = False
        self._context.reader.run(
            reports.print_jobs,
            self._context.env,
            on_done=self._show_jobs,
            on_error=self.status.fail,
        )

    def _show_jobs(self, jobs: list[reports.PrintJobRow]) -> None:
        self.model.set_rows(jobs)
        failed = sum(1 for j in jobs if j.status == "failed")
        set_text(self.jobs_caption, self.tr("Print jobs (%n failed)", "", failed))
        self._update_retry()

    def selected_job(self) -> reports.PrintJobRow | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def _job_clicked(self, _index: QModelIndex) -> None:
        self._update_retry()

    def _update_retry(self) -> None:
        job = self.selected_job()
        self.retry_button.setEnabled(job is not None and job.status == "failed")

    def retry_selected(self) -> None:
        job = self.selected_job()
        if job is None or job.status != "failed":
            return

        def done(outcome: PrintOutcome) -> None:
            if outcome.printed:
                self.status.say(self.tr("Printed."))
            else:
                error = self._context.sentence(outcome.error_en, outcome.error_zh)
                self.status.say(error or self.tr("Not printed."))
            self._context.changed(Change.PRINTING)
            self.reload()

        self._context.writer.run(
            retry_job, self._context, job, on_done=done, on_error=self.status.fail
        )

    def retranslate_ui(self) -> None:
        self.printer_label.setText(self.tr("Printer"))
        self.size_label.setText(self.tr("Badge size"))
        self._name_targets()
        self.test_button.setText(self.tr("Test print"))
        self.retry_button.setText(self.tr("Retry selected job"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.jobs_caption.setText(self.tr("Print jobs"))
        describe(self.printer_combo, self.tr("Printer"), self.tr("Where badges are printed."))
        describe(self.size_combo, self.tr("Badge size"), self.tr("The label or card size."))
        describe(self.test_button, self.tr("Test print"), self.tr("Prints one sample badge."))
        describe(
            self.retry_button,
            self.tr("Retry selected job"),
            self.tr("Prints the job chosen in the list again."),
        )
        describe(
            self.refresh_button, self.tr("Refresh"), self.tr("Asks the printer for its state.")
        )
        describe(
            self.view, self.tr("Print jobs"), self.tr("Badges printed and waiting, newest first.")
        )
        self.model.retranslate()
