"""Print a guide's manifest for one group, or save it as a PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.services import reports
from kiosk.services.results import Headcount
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.documents import manifest_html, print_html
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.widgets import refill_combo, touch_combo
from kiosk.ui.widgets.common import button


def manifest_pdf(
    context: ConsoleContext, group_id: int, pdf_path: Path | None, printer: str | None
) -> str:
    """Worker side: read a group's manifest now and print it; returns where it went."""
    manifest = reports.guide_manifest(context.env, group_id)
    document = manifest_html(manifest, site=context.env.settings.site_name)
    return print_html(document, pdf_path=pdf_path, printer_name=printer)


class ManifestPanel(QGroupBox):
    """Today's groups (time, group, guide, how full) with "Print" and "Save as PDF"."""

    def __init__(self, context: ConsoleContext, notice: Notice, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._notice = notice
        self.manifest_combo = touch_combo()
        self.manifest_print = button("", "secondary")
        self.manifest_pdf = button("", "secondary")
        self.manifest_print.clicked.connect(lambda: self.print_manifest())
        self.manifest_pdf.clicked.connect(lambda: self.save_manifest())
        row = QHBoxLayout()
        row.addWidget(self.manifest_print)
        row.addWidget(self.manifest_pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(self.manifest_combo)
        layout.addLayout(row)

    def show_groups(self, headcount: Headcount) -> None:
        """Offer every group of the day's headcount."""
        refill_combo(
            self.manifest_combo,
            [
                (
                    f"{s.starts_at:%H:%M} · {g.name} · {g.guide or '—'} · {g.count}/{g.capacity}",
                    g.id,
                )
                for s in headcount.sessions
                for g in s.groups
            ],
        )

    def print_manifest(self, printer: str | None = None) -> None:
        """Print on ``printer`` (default: the kiosk's printer, else the system default)."""
        chosen = printer or self._context.env.settings.printer or None
        self._run(None, chosen)

    def save_manifest(self, path: Path | None = None) -> None:
        """Save as a PDF (default: the output folder, named by group and time)."""
        group_id = self.manifest_combo.currentData()
        now = self._context.env.now()
        self._run(path or self._context.output_folder() / f"manifest-{group_id}-{now:%H%M%S}.pdf")

    def _run(self, pdf_path: Path | None, printer: str | None = None) -> None:
        group_id = self.manifest_combo.currentData()
        if group_id is None:
            return
        self._context.reader.run(
            manifest_pdf,
            self._context,
            int(group_id),
            pdf_path,
            printer,
            on_done=lambda where: self._notice.say(self.tr("Done: %1").replace("%1", where)),
            on_error=self._notice.fail,
        )

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Guide's manifest"))
        self.manifest_print.setText(self.tr("Print"))
        self.manifest_pdf.setText(self.tr("Save as PDF"))
        describe(self.manifest_combo, self.tr("Group"), self.tr("The group whose list to print."))
        describe(self.manifest_print, self.tr("Print"), self.tr("Prints the guide's list."))
        describe(self.manifest_pdf, self.tr("Save as PDF"), self.tr("Saves the list as a PDF."))
