"""Audit log viewer: every scan and staff action, filtered by kiosk, outcome, action, time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.core.clock import local_day_bounds
from kiosk.services import reports
from kiosk.services.changes import ChangeBatch
from kiosk.services.live import LogFilter, new_log_entries
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.models import ScanLogModel
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.widgets import LivePage, table_view, touch_combo
from kiosk.ui.widgets.common import label

PERIODS = ("15min", "hour", "today", "all")
LOG_LINES = 500
"""The log shows the newest this many events (as ``reports.scan_log`` reads them)."""
Facets = tuple[list[str], list[str], list[str]]
"""The kiosks, outcomes and actions the log holds (the filters' choices)."""


@dataclass(frozen=True)
class LogFilters:
    """Which events to show (None: any)."""

    kiosk_id: str | None = None
    outcome: str | None = None
    action: str | None = None
    since: datetime | None = None


def load_log(
    context: ConsoleContext, filters: LogFilters
) -> tuple[list[reports.ScanLogEntry], Facets]:
    """Worker side: the filtered log and the filter choices (kiosks, outcomes, actions)."""
    entries = reports.scan_log(
        context.env,
        kiosk_id=filters.kiosk_id,
        outcome=filters.outcome,
        action=filters.action,
        since=filters.since,
    )
    return entries, reports.scan_log_facets(context.env)


def newest_first(entry: reports.ScanLogEntry) -> int:
    return -entry.id


class AuditPage(LivePage):
    """The newest 500 events matching the filters; follows new events while shown."""

    def __init__(self, context: ConsoleContext, feed: LiveFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SupervisorAudit")
        self._context = context
        self.kiosk_combo = touch_combo()
        self.outcome_combo = touch_combo()
        self.action_combo = touch_combo()
        self.period_combo = touch_combo()
        self.captions = [label("", "Hint") for _ in range(4)]
        for combo in (self.kiosk_combo, self.outcome_combo, self.action_combo):
            combo.addItem("", None)
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        for period in PERIODS:
            self.period_combo.addItem("", period)
        self.period_combo.setCurrentIndex(PERIODS.index("today"))
        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = Notice(context, "Hint")
        self.model = ScanLogModel(self)
        self.view = table_view(self.model, stretch=7)
        grid = QGridLayout()
        combos = (self.kiosk_combo, self.outcome_combo, self.action_combo, self.period_combo)
        for column, (caption, combo) in enumerate(zip(self.captions, combos, strict=True)):
            grid.addWidget(caption, 0, column)
            grid.addWidget(combo, 1, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        feed.reload_needed.connect(self._database_changed)
        feed.rows_changed.connect(self._rows_changed)
        self.retranslate_ui()

    def filters(self) -> LogFilters:
        now = self._context.env.now()
        period = self.period_combo.currentData()
        since: datetime | None = None
        if period == "15min":
            since = now - timedelta(minutes=15)
        elif period == "hour":
            since = now - timedelta(hours=1)
        elif period == "today":
            since, _ = local_day_bounds(now, self._context.env.settings.zone)
        return LogFilters(
            kiosk_id=self.kiosk_combo.currentData(),
            outcome=self.outcome_combo.currentData(),
            action=self.action_combo.currentData(),
            since=since,
        )

    def set_filter(
        self,
        *,
        kiosk: str | None = None,
        outcome: str | None = None,
        action: str | None = None,
        period: str | None = None,
    ) -> None:
        """Choose filters from code (tests, or a tap on a kiosk in the dashboard)."""
        for combo, value in (
            (self.kiosk_combo, kiosk),
            (self.outcome_combo, outcome),
            (self.action_combo, action),
            (self.period_combo, period),
        ):
            if value is None:
                continue
            index = combo.findData(value)
            if index < 0:
                combo.addItem(value, value)
                index = combo.count() - 1
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        self._dirty = False
        self._context.reader.run(
            load_log, self._context, self.filters(), on_done=self._show, on_error=self.summary.fail
        )

    def _show(self, answer: tuple[list[reports.ScanLogEntry], Facets]) -> None:
        entries, facets = answer
        self.model.set_rows(entries)
        self._add_choices(facets)
        self.summary.say(self.tr("%n events", "", len(entries)))

    def _rows_changed(self, batch: ChangeBatch) -> None:
        """New events go on top of the list as they happen (when shown; else on the next show)."""
        if self._dirty or not self.isVisible():
            self._dirty = True
            return
        filters = self.filters()
        log_filter = LogFilter(filters.kiosk_id, filters.outcome, filters.action, filters.since)
        self._context.reader.run(
            new_log_entries,
            self._context.env,
            batch.event_ids,
            log_filter,
            on_done=self._prepend,
            on_error=self.summary.fail,
        )

    def _prepend(self, entries: list[reports.ScanLogEntry]) -> None:
        self.model.upsert_rows(entries, newest_first)
        self.model.keep_first(LOG_LINES)
        self._add_choices(
            (
                [e.kiosk_id for e in entries],
                [e.outcome for e in entries],
                [e.action for e in entries],
            )
        )
        self.summary.say(self.tr("%n events", "", self.model.rowCount()))

    def _add_choices(self, facets: Facets) -> None:
        kiosks, outcomes, actions = facets
        for combo, values in (
            (self.kiosk_combo, kiosks),
            (self.outcome_combo, outcomes),
            (self.action_combo, actions),
        ):
            known = {combo.itemData(i) for i in range(combo.count())}
            for value in values:
                if value and value not in known:
                    combo.addItem(value, value)
                    known.add(value)

    def retranslate_ui(self) -> None:
        for caption, text in zip(
            self.captions,
            (self.tr("Kiosk"), self.tr("Outcome"), self.tr("Action"), self.tr("Time")),
            strict=True,
        ):
            caption.setText(text)
        for combo in (self.kiosk_combo, self.outcome_combo, self.action_combo):
            combo.setItemText(0, self.tr("All"))
        periods = {
            "15min": self.tr("Last 15 minutes"),
            "hour": self.tr("Last hour"),
            "today": self.tr("Today"),
            "all": self.tr("Everything"),
        }
        for i, period in enumerate(PERIODS):
            self.period_combo.setItemText(i, periods[period])
        describe(self.kiosk_combo, self.tr("Kiosk"), self.tr("Show the events of one kiosk."))
        describe(self.outcome_combo, self.tr("Outcome"), self.tr("Show one outcome only."))
        describe(self.action_combo, self.tr("Action"), self.tr("Show one kind of action only."))
        describe(self.period_combo, self.tr("Time"), self.tr("How far back to show events."))
        describe(
            self.view, self.tr("Audit log"), self.tr("Every scan and staff action, newest first.")
        )
        self.model.retranslate()
