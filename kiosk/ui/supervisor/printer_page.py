"""Printer page: where badges print, the printer's state, a test badge, the job queue.

The form names the print target (system spooler, Brother QL, Zebra ZPL, PDF folder, none)
and what it needs: a queue, or a label printer's address, model and label; the badge size
where the target takes one. **Save** checks the choice by making its sink, writes it into
``kiosk.toml`` (the operator's comments stay) and applies it to the running app; a bad value
is one sentence and changes nothing. **Test print** prints the test badge on the printer the
form names, through the same sink the app prints with.

The state line shows what the printer reported at the app's last poll (``bridge``; a console
running on its own polls itself), in the console's language; jobs refused before anything was
sent wait and print by themselves.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.badges.model import PRESETS
from kiosk.core.changes import Change
from kiosk.printers.brother import DEFAULT_MODEL as BROTHER_DEFAULT_MODEL
from kiosk.printers.brother import LABEL_PRESET as BROTHER_LABELS
from kiosk.printers.zpl import DEFAULT_LABEL as ZEBRA_DEFAULT_LABEL
from kiosk.services import reports
from kiosk.ui.accessibility import describe
from kiosk.ui.printer_status import PrinterMonitor
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.print_queue import RETRYABLE, PrintQueueModel
from kiosk.ui.supervisor.printer_settings import (
    LABEL_TARGETS,
    ZEBRA_MODELS,
    PrinterChoice,
    SavedChoice,
    print_test_badge,
    printer_choices,
    retry_job,
    save_printer_choice,
)
from kiosk.ui.supervisor.widgets import LivePage, set_text, table_view, touch_combo
from kiosk.ui.widgets.common import button, label
from kiosk.ui.workers import Worker

if TYPE_CHECKING:
    from kiosk.badges.sink import PrinterStatus
    from kiosk.services.printing import PrintOutcome

log = logging.getLogger("kiosk.ui")
TARGETS = ("system", "brother_ql", "zpl", "pdf", "none")
TARGETS_ROWS = ("target", "queue", "address", "model", "label", "size")
"""The form's rows, in order; each shows only for the targets that use it."""
PDF_TARGET = "pdf"
NO_PRINTING = "none"
ADDRESS_EXAMPLE = "tcp://10.0.0.9:9100"
MIN_COMBO_CHARS = 16
FIELD_HEIGHT = 64
STATE_STYLE = """
QLabel#PrinterState { font-size: 22px; padding: 10px 14px; border-radius: 10px;
    background: #F1F4F8; color: #37474F; border: 2px solid #CFD8DC; }
QLabel#PrinterState[tone="good"] { background: #E8F5E9; color: #1B5E20; border-color: #81C784; }
QLabel#PrinterState[tone="alert"] { background: #FFEBEE; color: #B71C1C; border-color: #E57373; }
QLineEdit { min-height: 56px; }
"""


class PrinterPage(LivePage):
    """The printer form and its state at the top, the job queue below.

    Attributes:
        printing: the lane that talks to printers and writes the settings file (test
            prints and retries may take seconds; the console's other lanes stay free).
    """

    def __init__(self, context: ConsoleContext, feed: LiveFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SupervisorPrinter")
        self.setStyleSheet(STATE_STYLE)
        self._context = context
        self._status: PrinterStatus | None = None
        self._polled = False
        self._queues: list[str] = []
        self._brother_models: list[str] = []
        self._jobs: list[reports.PrintJobRow] = []
        self.printing = Worker(self)

        self.target_combo = touch_combo()
        for target in TARGETS:
            self.target_combo.addItem("", target)
        self.queue_combo = touch_combo()
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("PrinterAddress")
        self.model_combo = touch_combo()
        self.label_combo = touch_combo()
        self.size_combo = touch_combo()
        for combo in (self.target_combo, self.queue_combo, self.model_combo, self.label_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(MIN_COMBO_CHARS)
        for name, preset in PRESETS.items():
            self.size_combo.addItem(f"{name} ({preset.width_mm:g}×{preset.height_mm:g} mm)", name)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form_labels = {key: label("", "Hint", wrap=False) for key in TARGETS_ROWS}
        for form_label in self.form_labels.values():  # centred on their touch-sized fields
            form_label.setMinimumHeight(FIELD_HEIGHT)
            form_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for key, widget in zip(
            TARGETS_ROWS,
            (
                self.target_combo,
                self.queue_combo,
                self.address_edit,
                self.model_combo,
                self.label_combo,
                self.size_combo,
            ),
            strict=True,
        ):
            self.form.addRow(self.form_labels[key], widget)

        self.state_label = label("", "PrinterState")
        self.save_button = button("")
        self.save_button.clicked.connect(self.save)
        self.test_button = button("", "secondary")
        self.test_button.clicked.connect(self.test_print)
        self.status = Notice(context)
        self.jobs_caption = label("", "Hint")
        self.model = PrintQueueModel(self)
        self.view = table_view(self.model, stretch=7)
        self.view.clicked.connect(self._job_clicked)
        self.retry_button = button("")
        self.retry_button.clicked.connect(self.retry_selected)
        self.refresh_button = button("", "secondary")
        self.refresh_button.clicked.connect(self.reload)

        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(self.test_button)
        side.addWidget(self.save_button)
        top = QHBoxLayout()
        top.addLayout(self.form, 3)
        top.addLayout(side, 1)
        job_buttons = QHBoxLayout()
        job_buttons.addWidget(self.retry_button)
        job_buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.state_label)
        layout.addWidget(self.status)
        layout.addWidget(self.jobs_caption)
        layout.addWidget(self.view, 1)
        layout.addLayout(job_buttons)

        self.show_settings()
        self.target_combo.currentIndexChanged.connect(self._target_chosen)
        # Asking the spooler can take seconds (network queues): not on the UI thread.
        context.reader.run(printer_choices, on_done=self._fill_choices)
        feed.token_changed.connect(self._database_changed)
        self.monitor: PrinterMonitor | None = None
        if context.bridge is not None:  # the app's badge printer polls the printer
            context.bridge.printer_status.connect(self.show_printer_status)
            context.bridge.data_changed.connect(self._data_changed)
        else:  # the console on its own asks the printer itself
            settings = context.env.settings
            self.monitor = PrinterMonitor(lambda: settings, parent=self)
            self.monitor.polled.connect(self.show_printer_status)
            self.monitor.start()
        self._update_retry()
        self.retranslate_ui()

    # --- the form -------------------------------------------------------------------------

    def show_settings(self) -> None:
        """Fill the form from the running settings (start, and after a refused Save)."""
        settings = self._context.env.settings
        self.target_combo.blockSignals(True)
        self.target_combo.setCurrentIndex(max(self.target_combo.findData(settings.print_target), 0))
        self.target_combo.blockSignals(False)
        is_label = settings.print_target in LABEL_TARGETS
        self.address_edit.setText(settings.printer if is_label else "")
        self._fill_queues(settings.printer if settings.print_target == "system" else "")
        index = self.size_combo.findData(settings.badge_size)
        if index >= 0:
            self.size_combo.setCurrentIndex(index)
        self._fill_model_and_label()
        self._show_rows()

    def form_target(self) -> str:
        return str(self.target_combo.currentData())

    def form_choice(self) -> PrinterChoice:
        """What the form says now."""
        target = self.form_target()
        if target in LABEL_TARGETS:
            return PrinterChoice(
                target,
                printer=self.address_edit.text(),
                model=self.model_combo.currentText() if target == "zpl" else self._model(),
                label=str(self.label_combo.currentData() or ""),
            )
        if target == "system":
            return PrinterChoice(
                target,
                printer=str(self.queue_combo.currentData() or ""),
                badge_size=str(self.size_combo.currentData()),
            )
        return PrinterChoice(target, badge_size=str(self.size_combo.currentData()))

    def _model(self) -> str:
        return str(self.model_combo.currentData() or self.model_combo.currentText())

    def _target_chosen(self, _index: int) -> None:
        self._fill_model_and_label()
        self._show_rows()

    def _show_rows(self) -> None:
        target = self.form_target()
        shown = {
            "target": True,
            "queue": target == "system",
            "address": target in LABEL_TARGETS,
            "model": target in LABEL_TARGETS,
            "label": target in LABEL_TARGETS,
            "size": target in ("system", PDF_TARGET),
        }
        for key, visible in shown.items():
            self.form.setRowVisible(TARGETS_ROWS.index(key), visible)
        self.test_button.setEnabled(target != NO_PRINTING)

    def _fill_choices(self, choices: tuple[list[str], list[str]]) -> None:
        self._queues, self._brother_models = choices
        settings = self._context.env.settings
        current = str(self.queue_combo.currentData() or "")
        self._fill_queues(
            current or (settings.printer if settings.print_target == "system" else "")
        )
        if self.form_target() == "brother_ql":
            self._fill_model_and_label()

    def _fill_queues(self, chosen: str) -> None:
        self.queue_combo.clear()
        self.queue_combo.addItem(self.tr("Default printer"), "")
        names = list(self._queues)
        if chosen and chosen not in names:
            names.append(chosen)  # saved, but the spooler does not list it (yet)
        for name in names:
            self.queue_combo.addItem(name, name)
        self.queue_combo.setCurrentIndex(max(self.queue_combo.findData(chosen), 0))

    def _fill_model_and_label(self) -> None:
        """The models and labels of the chosen kind of label printer, the saved ones chosen."""
        target = self.form_target()
        settings = self._context.env.settings
        saved = settings.print_target == target
        model = settings.printer_model.strip() if saved else ""
        chosen_label = settings.printer_label.strip() if saved else ""
        self.model_combo.clear()
        self.label_combo.clear()
        if target == "brother_ql":
            self.model_combo.setEditable(False)
            models = list(self._brother_models or [BROTHER_DEFAULT_MODEL])
            model = model.upper() or BROTHER_DEFAULT_MODEL
            if model not in models:
                models.append(model)
            for name in models:
                self.model_combo.addItem(name, name)
            self.model_combo.setCurrentIndex(self.model_combo.findData(model))
            for name, text in self._brother_labels().items():
                self.label_combo.addItem(text, name)
            chosen_label = chosen_label or "62"
        elif target == "zpl":
            self.model_combo.setEditable(True)  # "ZD421-300dpi" may be typed in
            for name in ZEBRA_MODELS:
                self.model_combo.addItem(name, name)
            self.model_combo.setEditText(model or ZEBRA_MODELS[0])
            for name, preset in PRESETS.items():
                self.label_combo.addItem(
                    f"{name} ({preset.width_mm:g}×{preset.height_mm:g} mm)", name
                )
            chosen_label = chosen_label or ZEBRA_DEFAULT_LABEL
        index = self.label_combo.findData(chosen_label)
        if index < 0 and chosen_label:
            self.label_combo.addItem(chosen_label, chosen_label)
            index = self.label_combo.count() - 1
        self.label_combo.setCurrentIndex(max(index, 0))

    def _brother_labels(self) -> dict[str, str]:
        texts = {
            "62": self.tr("62 mm continuous roll"),
            "62x100": self.tr("62 × 100 mm die-cut labels"),
            "102": self.tr("102 mm continuous roll (QL-1100 series)"),
            "102x152": self.tr("102 × 152 mm die-cut labels (QL-1100 series)"),
        }
        return {name: texts.get(name, name) for name in BROTHER_LABELS}

    # --- save and test --------------------------------------------------------------------

    def save(self) -> None:
        """Check the form's choice, write it to kiosk.toml and print with it from now on."""
        self.status.say(self.tr("Saving…"))
        self.save_button.setEnabled(False)
        self.printing.run(
            save_printer_choice,
            self._context.env.settings,
            self.form_choice(),
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, saved: SavedChoice) -> None:
        self.save_button.setEnabled(True)
        settings = self._context.env.settings
        for key, value in saved.changes.items():
            setattr(settings, key, value)
        text = self.tr("Saved to %1; badges print this way from now on.").replace(
            "%1", str(saved.path)
        )
        if saved.overridden:
            text += " " + self.tr("%1 in the environment overrides it when the kiosk restarts.")
            text = text.replace("%1", ", ".join(saved.overridden))
        self.status.say(text)
        self._status = None
        self._polled = False
        self._render_state()
        if self._context.bridge is not None:
            self._context.bridge.printer_settings_changed.emit()
        elif self.monitor is not None:
            self.monitor.poll_now()

    def _save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.fail(error)

    def test_print(self) -> None:
        """One test badge on the printer the form names, through the app's sink for it."""
        self.status.say(self.tr("Printing a test badge…"))
        self.test_button.setEnabled(False)
        self.printing.run(
            print_test_badge,
            self._context.env.settings,
            self.form_choice(),
            on_done=self._tested,
            on_error=self._test_failed,
        )

    def _tested(self, where: str) -> None:
        self._show_rows()
        self.status.say(self.tr("Test badge sent to %1.").replace("%1", where))

    def _test_failed(self, error: BaseException) -> None:
        self._show_rows()
        self.status.fail(error)

    # --- the printer's state ----------------------------------------------------------------

    def show_printer_status(self, status: PrinterStatus | None) -> None:
        """What the printer reported at the app's last poll (None: it reports nothing)."""
        self._polled = True
        if status == self._status:
            return
        self._status = status
        self._render_state()

    def _render_state(self) -> None:
        status = self._status
        if status is not None:
            text = self._context.sentence(status.message_en, status.message_zh)
            if not text:
                text = (
                    self.tr("The printer is ready.")
                    if status.ready
                    else self.tr("The printer cannot print.")
                )
            tone = "good" if status.ready else "alert"
        elif self._context.env.settings.print_target == NO_PRINTING:
            text, tone = self.tr("Badge printing is off."), ""
        elif self._polled:
            text, tone = self.tr("This printer does not report its state."), ""
        else:
            text, tone = self.tr("Asking the printer…"), ""
        set_text(self.state_label, text)
        if self.state_label.property("tone") != tone:
            self.state_label.setProperty("tone", tone)
            self.state_label.style().unpolish(self.state_label)
            self.state_label.style().polish(self.state_label)

    # --- the job queue ----------------------------------------------------------------------

    def _data_changed(self, change: Change) -> None:
        if change == Change.PRINTING:
            self._database_changed(0)

    def reload(self) -> None:
        self._dirty = False
        self._context.reader.run(
            reports.print_jobs,
            self._context.env,
            on_done=self._show_jobs,
            on_error=self.status.fail,
        )

    def _show_jobs(self, jobs: list[reports.PrintJobRow]) -> None:
        self._jobs = jobs
        self.model.set_rows(jobs)
        self._caption()
        self._update_retry()

    def _caption(self) -> None:
        failed = sum(1 for job in self._jobs if job.status == "failed")
        waiting = sum(1 for job in self._jobs if job.status == "waiting")
        set_text(
            self.jobs_caption,
            self.tr("Print jobs: %1 failed, %2 waiting for the printer")
            .replace("%1", str(failed))
            .replace("%2", str(waiting)),
        )

    def selected_job(self) -> reports.PrintJobRow | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def _job_clicked(self, _index: QModelIndex) -> None:
        self._update_retry()

    def _update_retry(self) -> None:
        job = self.selected_job()
        self.retry_button.setEnabled(job is not None and job.status in RETRYABLE)

    def retry_selected(self) -> None:
        job = self.selected_job()
        if job is None or job.status not in RETRYABLE:
            return
        self.retry_button.setEnabled(False)
        self.printing.run(
            retry_job, self._context, job, on_done=self._retried, on_error=self._retry_failed
        )

    def _retried(self, outcome: PrintOutcome) -> None:
        if outcome.printed:
            self.status.say(self.tr("Printed."))
        elif outcome.skipped:
            self.status.say(self.tr("Nothing to print: the job was printed or is printing."))
        else:
            error = self._context.sentence(outcome.error_en, outcome.error_zh)
            self.status.say(error or self.tr("Not printed."))
        self._context.changed(Change.PRINTING)
        self.reload()

    def _retry_failed(self, error: BaseException) -> None:
        self.status.fail(error)
        self._update_retry()

    # --- language ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        texts = {
            "target": self.tr("Print badges on"),
            "queue": self.tr("Printer"),
            "address": self.tr("Printer address"),
            "model": self.tr("Model"),
            "label": self.tr("Labels"),
            "size": self.tr("Badge size"),
        }
        for key, text in texts.items():
            self.form_labels[key].setText(text)
        targets = {
            "system": self.tr("System printer (print queue)"),
            "brother_ql": self.tr("Brother QL label printer"),
            "zpl": self.tr("Zebra label printer (ZPL)"),
            "pdf": self.tr("PDF folder"),
            "none": self.tr("No badge printing"),
        }
        for index in range(self.target_combo.count()):
            self.target_combo.setItemText(index, targets[str(self.target_combo.itemData(index))])
        self.queue_combo.setItemText(0, self.tr("Default printer"))
        if self.form_target() == "brother_ql":
            for index in range(self.label_combo.count()):
                name = str(self.label_combo.itemData(index))
                self.label_combo.setItemText(index, self._brother_labels().get(name, name))
        self.address_edit.setPlaceholderText(
            self.tr("%1, usb://… or /dev/usb/lp0").replace("%1", ADDRESS_EXAMPLE)
        )
        self.save_button.setText(self.tr("Save"))
        self.test_button.setText(self.tr("Test print"))
        self.retry_button.setText(self.tr("Retry selected job"))
        self.refresh_button.setText(self.tr("Refresh"))
        for key, combo in (
            ("target", self.target_combo),
            ("queue", self.queue_combo),
            ("model", self.model_combo),
            ("label", self.label_combo),
            ("size", self.size_combo),
        ):
            describe(combo, texts[key], self.tr("Choose, then Save."))
        describe(
            self.address_edit,
            texts["address"],
            self.tr("The label printer's network address or USB device."),
        )
        describe(self.save_button, self.tr("Save"), self.tr("Keeps these printer settings."))
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
        self._caption()
        self._render_state()
        self.model.retranslate()
