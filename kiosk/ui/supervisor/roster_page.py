"""The evacuation roster: everyone checked in and not out, printable and exportable.

Works with no network on a SQLite kiosk: the roster is read from the local database and the
PDF is written by Qt itself, no spooler needed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.services import reports
from kiosk.services.changes import ChangeBatch
from kiosk.services.export import export_roster
from kiosk.services.live import RosterUpdate, roster_update
from kiosk.services.reports import roster_order
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.documents import print_html, roster_html
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.models import RosterModel
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.widgets import LivePage, set_text, table_view
from kiosk.ui.widgets.common import button, label


def roster_pdf(context: ConsoleContext, pdf_path: Path | None, printer: str | None) -> str:
    """Worker side: read the roster now and print it (PDF file or system printer)."""
    entries = reports.roster(context.env)
    document = roster_html(entries, at=context.env.now(), site=context.env.settings.site_name)
    return print_html(document, pdf_path=pdf_path, printer_name=printer)


class RosterPage(LivePage):
    """Live list of people on site, by session and group, with print, PDF and export."""

    def __init__(self, context: ConsoleContext, feed: LiveFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SupervisorRoster")
        self._context = context
        self.summary = label("", "PageTitle")
        self.status = Notice(context, "Hint")
        self.print_button = button("", "secondary")
        self.pdf_button = button("", "secondary")
        self.export_button = button("", "secondary")
        self.print_button.clicked.connect(lambda: self.print_roster())
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.export_button.clicked.connect(lambda: self.export())
        self.model = RosterModel(self)
        self.view = table_view(self.model, stretch=3)
        actions = QHBoxLayout()
        for widget in (self.print_button, self.pdf_button, self.export_button):
            actions.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        feed.reload_needed.connect(self._database_changed)
        feed.rows_changed.connect(self._rows_changed)
        self.retranslate_ui()

    def reload(self) -> None:
        self._dirty = False
        self._context.reader.run(
            reports.roster, self._context.env, on_done=self._show, on_error=self.status.fail
        )

    def _show(self, entries: list[reports.RosterEntry]) -> None:
        self.model.set_rows(entries)
        set_text(self.summary, self.tr("%n people on site now", "", len(entries)))

    def _database_changed(self, _token: int = 0) -> None:
        # The roster must be current when the alarm rings: reload even when hidden.
        self.reload()

    def _rows_changed(self, batch: ChangeBatch) -> None:
        """Update the lines of the visitors a batch admitted, released or moved."""
        if self._dirty:
            return  # never loaded yet: the first show reads it whole
        visitor_ids = batch.visitor_ids
        if visitor_ids is None:
            self.reload()
        elif visitor_ids:
            self._context.reader.run(
                roster_update,
                self._context.env,
                visitor_ids,
                on_done=self._update,
                on_error=self.status.fail,
            )

    def _update(self, update: RosterUpdate) -> None:
        self.model.remove_keys(update.gone)
        self.model.upsert_rows(update.entries, roster_order)
        set_text(self.summary, self.tr("%n people on site now", "", self.model.rowCount()))

    def default_path(self, suffix: str) -> Path:
        now = self._context.env.now()
        return self._context.output_folder() / f"roster-{now:%Y%m%d-%H%M%S}{suffix}"

    def save_pdf(self, path: Path | None = None) -> None:
        """Write the roster as a PDF (default: the output folder, named by the time)."""
        target = path or self.default_path(".pdf")
        self.status.say(self.tr("Writing the PDF…"))
        self._context.reader.run(
            roster_pdf, self._context, target, None, on_done=self._done, on_error=self.status.fail
        )

    def print_roster(self) -> None:
        """Print on the kiosk's printer (the system default if none is set)."""
        printer = self._context.env.settings.printer or None
        self.status.say(self.tr("Printing…"))
        self._context.reader.run(
            roster_pdf, self._context, None, printer, on_done=self._done, on_error=self.status.fail
        )

    def export(self, path: Path | None = None) -> None:
        """Export as CSV or XLSX; without a path, ask where (defaulting to the output folder)."""
        if path is None:
            default = self.default_path(".xlsx")
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export roster"), str(default), "Excel (*.xlsx);;CSV (*.csv)"
            )
            if not chosen:
                return
            path = Path(chosen)
        self._context.writer.run(
            export_roster,
            self._context.env,
            path,
            on_done=lambda report: self._done(str(report.path)),
            on_error=self.status.fail,
        )

    def _done(self, where: str) -> None:
        self.status.say(self.tr("Done: %1").replace("%1", where))

    def retranslate_ui(self) -> None:
        self.print_button.setText(self.tr("Print roster"))
        self.pdf_button.setText(self.tr("Save as PDF"))
        self.export_button.setText(self.tr("Export CSV / Excel"))
        describe(self.print_button, self.tr("Print roster"), self.tr("Prints who is on site now."))
        describe(
            self.pdf_button, self.tr("Save as PDF"), self.tr("Saves the roster as a PDF file.")
        )
        describe(
            self.export_button,
            self.tr("Export CSV / Excel"),
            self.tr("Saves the check-ins as a spreadsheet."),
        )
        describe(
            self.view,
            self.tr("Evacuation roster"),
            self.tr("Everyone on site now, by group, for a roll call."),
        )
        self.model.retranslate()
        set_text(self.summary, self.tr("%n people on site now", "", self.model.rowCount()))
