"""Sync page: pick or drop an export, read the dry-run report, then apply it.

The dry run is the same transaction as the real import, rolled back: what it reports is
exactly what "Apply" will do (unless the files change in between, so Apply is only offered
for the files and options that were just checked).

An export whose columns cannot all be recognised opens the column-mapping step
(:mod:`kiosk.ui.supervisor.sync_mapping`): the file's first rows, a field per column, a dry run
with that mapping, and "Save mapping" writes it as a profile that ``kiosk sync --profile``
uses too. An export without dates (Eventbrite's) takes its tour from the session chooser.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.changes import Change
from kiosk.core.errors import KioskError
from kiosk.sync.profiles import (
    MappingProfile,
    list_profiles,
    load_profile,
    profiles_dir,
    save_profile,
)
from kiosk.sync.tabular import MissingColumns, UnknownLayout
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.models import ReportLinesModel, report_lines
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.sync_mapping import ColumnMappingPanel, SessionChooser
from kiosk.ui.supervisor.widgets import StatTile, set_text, table_view
from kiosk.ui.widgets.common import Page, button, label

if TYPE_CHECKING:
    from kiosk.services.sync import SyncReport

COUNTS = ("added", "updated", "unchanged", "cancelled", "rejected", "conflicts")
EXPORT_FILTER = "Exports (*.csv *.tsv *.txt *.xlsx *.xls *.ods *.json);;All files (*)"
DROP_STYLE = (
    "QLabel#DropZone { border: 3px dashed #5C7AA0; border-radius: 16px; background: #F5F7FA;"
    " color: #37474F; padding: 18px; }"
)


class ProgressRelay(QObject):
    """Carries progress from the worker thread to the UI thread (queued signal), throttled.

    Signals:
        progressed(int, object): rows done and rows in all (None while unknown).
    """

    progressed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last = -1
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self._last = -1

    def __call__(self, done: int, total: int | None) -> None:
        step = max(1, (total or 0) // 200)
        with self._lock:
            if done - self._last < step and done != total:
                return
            self._last = done
        self.progressed.emit(done, total)


def run_sync(
    context: ConsoleContext,
    paths: Sequence[Path],
    full: bool,
    dry_run: bool,
    progress: ProgressRelay,
    session: datetime | None = None,
    profile: MappingProfile | None = None,
) -> SyncReport:
    """Worker side: the sync service (imported here so the console loads without it)."""
    from kiosk.services.sync import sync_files

    return sync_files(
        context.staff_env,
        list(paths),
        full=full,
        dry_run=dry_run,
        progress=progress,
        session=session,
        profile=profile,
    )


def read_preview(path: Path) -> Any:
    """Worker side: the first rows of a file for the mapping step."""
    from kiosk.sync.preview import preview_file

    return preview_file(path)


class SyncPage(Page):
    """Files in, dry-run report out, then Apply."""

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SupervisorSync")
        self.setAcceptDrops(True)
        self._context = context
        self.paths: list[Path] = []
        self._checked: tuple[Any, ...] | None = None
        self.report: dict[str, Any] | None = None
        self.profiles_folder = profiles_dir()
        self.profile: MappingProfile | None = None
        self.profile_box = QComboBox()
        self.profile_box.setMinimumHeight(48)
        self.profile_box.activated.connect(lambda _index: self._profile_chosen())
        self.session_chooser = SessionChooser(context.env.settings.zone, context.language)
        now = context.env.now()  # the next full hour is a fair first guess for a tour's start
        self.session_chooser.suggest(
            now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        )
        self.session_chooser.changed.connect(self._options_changed)
        self.mapping = ColumnMappingPanel(context.language)
        self.mapping.hide()
        self.mapping.changed.connect(self._mapping_changed)
        self.mapping.save_requested.connect(self.save_mapping)
        self.drop_zone = label("", "DropZone", centre=True)
        self.drop_zone.setStyleSheet(DROP_STYLE)
        self.pick_button = button("", "secondary")
        self.pick_button.clicked.connect(lambda: self.pick_files())
        self.full_box = QCheckBox()
        self.full_box.setStyleSheet(
            "QCheckBox { min-height: 64px; } QCheckBox::indicator { width: 40px; height: 40px; }"
        )
        self.full_box.toggled.connect(lambda _on: self._options_changed())
        self.check_button = button("")
        self.apply_button = button("", "danger")
        self.check_button.clicked.connect(lambda: self.dry_run())
        self.apply_button.clicked.connect(lambda: self.apply())
        self.progress = QProgressBar()
        self.progress.setMinimumHeight(32)
        self.progress.hide()
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(self._progressed)
        self.tiles = {name: StatTile() for name in COUNTS}
        self.rejected_model = ReportLinesModel(self)
        self.rejected_view = table_view(self.rejected_model, stretch=2)
        self.conflicts_model = ReportLinesModel(self)
        self.conflicts_view = table_view(self.conflicts_model, stretch=2)
        self.rejected_caption = label("", "Hint")
        self.conflicts_caption = label("", "Hint")
        self.status = Notice(context)

        top = QHBoxLayout()
        top.addWidget(self.drop_zone, 3)
        buttons = QVBoxLayout()
        buttons.addWidget(self.pick_button)
        buttons.addWidget(self.full_box)
        buttons.addWidget(self.profile_box)
        top.addLayout(buttons, 2)
        run = QHBoxLayout()
        run.addWidget(self.check_button)
        run.addWidget(self.apply_button)
        tiles = QHBoxLayout()
        for name in COUNTS:
            tiles.addWidget(self.tiles[name])
        tables = QHBoxLayout()
        rejected = QVBoxLayout()
        rejected.addWidget(self.rejected_caption)
        rejected.addWidget(self.rejected_view)
        conflicts = QVBoxLayout()
        conflicts.addWidget(self.conflicts_caption)
        conflicts.addWidget(self.conflicts_view)
        tables.addLayout(rejected, 3)
        tables.addLayout(conflicts, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.session_chooser)
        layout.addWidget(self.mapping, 2)
        layout.addLayout(run)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(tiles)
        layout.addLayout(tables, 1)
        self.refresh_profiles()
        self._update_buttons()
        self.retranslate_ui()

    # --- choosing files ----------------------------------------------------------------------

    def pick_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose exports"), str(Path.home()), EXPORT_FILTER
        )
        if chosen:
            self.set_files([Path(p) for p in chosen])

    def set_files(self, paths: Sequence[Path]) -> None:
        self.paths = [Path(p) for p in paths]
        self._checked = None
        self.report = None
        self.mapping.hide()
        if self.profile is not None and self.profile_box.currentIndex() <= 0:
            self.profile = None  # a mapping made for the previous file
        names = ", ".join(p.name for p in self.paths)
        set_text(self.drop_zone, names or self.tr("Drop an export here"))
        self.status.say("")
        self._update_buttons()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.set_files(paths)
            event.acceptProposedAction()
            self.dry_run()

    # --- running -----------------------------------------------------------------------------

    def _options(self) -> tuple[Any, ...]:
        return (
            tuple(self.paths),
            self.full_box.isChecked(),
            self.session_chooser.value(),
            self.profile,
        )

    def _options_changed(self) -> None:
        self._update_buttons()

    # --- column mapping and profiles ----------------------------------------------------------

    def refresh_profiles(self) -> None:
        """List the saved mappings of the profiles folder in the chooser."""
        current = self.profile.name if self.profile is not None else None
        self.profile_box.clear()
        self.profile_box.addItem(
            self._context.sentence("Columns: recognised automatically", "列：自动识别"), ""
        )
        for profile in list_profiles(self.profiles_folder):
            self.profile_box.addItem(
                self._context.sentence("Mapping: ", "列映射：") + profile.name, profile.name
            )
        index = self.profile_box.findData(current) if current else 0
        self.profile_box.setCurrentIndex(max(index, 0))

    def choose_profile(self, name: str) -> None:
        """Use a saved mapping for the next check ("" for automatic recognition)."""
        index = self.profile_box.findData(name)
        self.profile_box.setCurrentIndex(max(index, 0))
        self._profile_chosen()

    def _profile_chosen(self) -> None:
        name = str(self.profile_box.currentData() or "")
        try:
            self.profile = load_profile(name, self.profiles_folder) if name else None
        except KioskError as error:
            self.profile = None
            self.status.fail(error)
        self.mapping.hide()
        self._update_buttons()

    def _mapping_changed(self) -> None:
        self.profile = self.mapping.profile()
        self._update_buttons()

    def show_mapping(self, preview: Any) -> None:
        """Open the mapping step on a file's first rows."""
        self.mapping.show_preview(preview)
        self.mapping.show()
        self.profile = self.mapping.profile()
        self._update_buttons()

    def save_mapping(self, name: str) -> None:
        """Save the mapping as chosen under ``name`` in the profiles folder."""
        profile = self.mapping.profile()
        if profile is None:
            return
        try:
            path = save_profile(
                MappingProfile(name.strip(), profile.columns, profile.kind), self.profiles_folder
            )
        except KioskError as error:
            self.status.fail(error)
            return
        saved = load_profile(str(path), self.profiles_folder)
        checked = self._checked == self._options()
        self.profile = saved
        self.refresh_profiles()
        if checked:
            self._checked = self._options()  # the same mapping, now with its name
        self._update_buttons()
        self.status.say(
            self._context.sentence(
                f"Mapping saved as “{saved.name}” ({path}); kiosk sync --profile uses it too.",
                f"列映射已保存为“{saved.name}”（{path}），kiosk sync --profile 也可使用。",
            ),
        )

    def _update_buttons(self) -> None:
        self.check_button.setEnabled(bool(self.paths))
        self.apply_button.setEnabled(bool(self.paths) and self._checked == self._options())

    def dry_run(self) -> None:
        """Report what the import would do, changing nothing."""
        self._run(dry_run=True)

    def apply(self) -> None:
        """Import for real the files just checked."""
        if self._checked != self._options():
            return
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        if not self.paths:
            return
        options = self._options()
        self.check_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.relay.reset()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.say(self.tr("Checking…") if dry_run else self.tr("Importing…"))

        def done(report: SyncReport) -> None:
            self.progress.hide()
            self.show_report(report.to_json())
            self._checked = options if dry_run else None
            if dry_run:
                self.status.say(self.tr("Dry run: nothing has been changed yet."))
            else:
                self.status.say(self.tr("Imported."))
                self._context.changed(Change.PROGRAM)
            self._update_buttons()

        def failed(error: BaseException) -> None:
            self.progress.hide()
            self._checked = None
            self.status.fail(error)
            self._update_buttons()
            if isinstance(error, MissingColumns) and error.only_session:
                self.status.say(
                    self._context.message(error)
                    + " "
                    + self._context.sentence(
                        "Choose the tour these rows are for, then Check again.",
                        "请选择这些预约所属的场次，然后重新检查。",
                    ),
                )
                self.session_chooser.enabled_box.setChecked(True)
            elif isinstance(error, MissingColumns | UnknownLayout) and self.paths:
                shown = self.mapping.preview
                if not self.mapping.isHidden() and shown and shown.source == self.paths[0].name:
                    return  # the operator is mapping this file: keep their choices
                self._context.reader.run(
                    read_preview, self.paths[0], on_done=self.show_mapping, on_error=lambda _e: None
                )

        paths, full, session, profile = options
        writer = self._context.writer
        writer.run(
            run_sync,
            self._context,
            paths,
            full,
            dry_run,
            self.relay,
            session,
            profile,
            on_done=done,
            on_error=failed,
        )

    def _progressed(self, done: int, total: object) -> None:
        if isinstance(total, int) and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)

    def show_report(self, report: dict[str, Any]) -> None:
        """Show the counts and the rejected rows and conflicts of a report (``to_json``)."""
        self.report = report
        for name in COUNTS:
            value = report.get(name, 0)
            number = len(value) if isinstance(value, list) else int(value or 0)
            tone = "alert" if name in ("rejected", "conflicts") and number else ""
            self.tiles[name].set_value(number, tone)
        self.rejected_model.set_rows(report_lines(list(report.get("rejected", []))))
        self.conflicts_model.set_rows(report_lines(list(report.get("conflicts", []))))

    def retranslate_ui(self) -> None:
        if not self.paths:
            self.drop_zone.setText(self.tr("Drop an export here"))
        self.pick_button.setText(self.tr("Choose file…"))
        self.full_box.setText(self.tr("Complete list: cancel bookings missing from it"))
        self.check_button.setText(self.tr("Check (dry run)"))
        self.apply_button.setText(self.tr("Apply"))
        describe(
            self.pick_button,
            self.tr("Choose file…"),
            self.tr("Opens a file chooser for an export."),
        )
        describe(self.full_box, self.full_box.text(), self.tr("Only for a complete export."))
        describe(
            self.check_button,
            self.tr("Check (dry run)"),
            self.tr("Reads the export and shows what would change; nothing is saved."),
        )
        describe(self.apply_button, self.tr("Apply"), self.tr("Saves the export's bookings."))
        describe(
            self.profile_box,
            self.tr("Column mapping"),
            self.tr("How the export's columns are read."),
        )
        describe(
            self.rejected_view, self.tr("Rejected rows"), self.tr("Rows not imported, and why.")
        )
        describe(self.conflicts_view, self.tr("Conflicts"), self.tr("Rows that need a decision."))
        captions = {
            "added": self.tr("Added"),
            "updated": self.tr("Updated"),
            "unchanged": self.tr("Unchanged"),
            "cancelled": self.tr("Cancelled"),
            "rejected": self.tr("Rejected"),
            "conflicts": self.tr("Conflicts"),
        }
        for name, text in captions.items():
            self.tiles[name].caption.setText(text)
        self.rejected_caption.setText(self.tr("Rejected rows"))
        self.conflicts_caption.setText(self.tr("Conflicts"))
        self.rejected_model.retranslate()
        self.conflicts_model.retranslate()
        self.session_chooser.set_language(self._context.language)
        self.mapping.set_language(self._context.language)
        if self.profile_box.count():
            self.profile_box.setItemText(
                0, self._context.sentence("Columns: recognised automatically", "列：自动识别")
            )
