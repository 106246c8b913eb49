"""The supervisor's at-a-glance page: headcount tiles, groups, arrivals, sessions, kiosks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from kiosk.services import reports
from kiosk.services.results import Headcount, SessionCount
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.models import GroupsModel, KioskLine, KiosksModel, SessionsModel
from kiosk.ui.supervisor.widgets import (
    ArrivalsChart,
    FillBarDelegate,
    StatTile,
    set_text,
    table_view,
)
from kiosk.ui.widgets.common import Page, label

TILES = ("booked", "checked_in", "on_site", "expected", "no_show")


def current_session(
    sessions: Sequence[SessionCount], now: datetime, window_opens: timedelta
) -> SessionCount | None:
    """The session a supervisor cares about now: the one checking in, else the next, else
    the last one of the day."""
    if not sessions:
        return None
    open_now = [s for s in sessions if s.starts_at - window_opens <= now and not s.window_closed]
    if open_now:
        return open_now[0]
    upcoming = [s for s in sessions if s.starts_at > now]
    if upcoming:
        return upcoming[0]
    return sessions[-1]


class DashboardPage(Page):
    """Headcounts of the chosen session (tap a session row to choose another)."""

    def __init__(self, context: ConsoleContext, feed: LiveFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SupervisorDashboard")
        self._context = context
        self._chosen_id: str | None = None
        self._headcount: Headcount | None = None
        self._charted: tuple[SessionCount, datetime] | None = None
        self.session_title = label("", "PageTitle")
        self.total_label = label("", "Hint")
        self.tiles = {name: StatTile() for name in TILES}
        self.groups_model = GroupsModel(self)
        self.groups_view = table_view(self.groups_model, stretch=4)
        self.groups_view.setItemDelegateForColumn(
            self.groups_model.column_index("fill"), FillBarDelegate(self.groups_view)
        )
        fill_column = self.groups_model.column_index("fill")
        self.groups_view.horizontalHeader().setSectionResizeMode(
            fill_column, QHeaderView.ResizeMode.Fixed
        )
        self.groups_view.setColumnWidth(fill_column, 170)
        self.chart = ArrivalsChart()
        self.sessions_model = SessionsModel(self)
        self.sessions_view = table_view(self.sessions_model, fit=True)
        self.sessions_view.clicked.connect(self._session_clicked)
        self.kiosks_model = KiosksModel(self)
        self.kiosks_view = table_view(self.kiosks_model, fit=True)
        self.groups_caption = QLabel()
        self.sessions_caption = QLabel()
        self.kiosks_caption = QLabel()
        for caption in (self.groups_caption, self.sessions_caption, self.kiosks_caption):
            caption.setObjectName("Hint")

        heading = QHBoxLayout()
        heading.addWidget(self.session_title, 1)
        heading.addWidget(self.total_label)
        tiles = QHBoxLayout()
        for name in TILES:
            tiles.addWidget(self.tiles[name])
        grid = QGridLayout()
        grid.addWidget(self.groups_caption, 0, 0)
        grid.addWidget(self.groups_view, 1, 0)
        grid.addWidget(self.chart, 0, 1, 2, 1)
        grid.addWidget(self.sessions_caption, 2, 0)
        grid.addWidget(self.kiosks_caption, 2, 1)
        grid.addWidget(self.sessions_view, 3, 0)
        grid.addWidget(self.kiosks_view, 3, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(3, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)
        feed.headcount_changed.connect(self.show_headcount)
        self.retranslate_ui()

    @property
    def chosen_session(self) -> SessionCount | None:
        if self._headcount is None:
            return None
        by_id = {s.id: s for s in self._headcount.sessions}
        if self._chosen_id in by_id:
            return by_id[self._chosen_id]
        return current_session(
            self._headcount.sessions, self._headcount.at, self._context.env.window_opens
        )

    def choose_session(self, session_id: str | None) -> None:
        self._chosen_id = session_id
        if self._headcount is not None:
            self.show_headcount(self._headcount)

    def show_headcount(self, result: Headcount) -> None:
        """Update every number and table in place (rows change, nothing is rebuilt)."""
        self._headcount = result
        self.sessions_model.set_rows(list(result.sessions))
        self.kiosks_model.set_rows([KioskLine(k, n) for k, n in sorted(result.kiosks.items())])
        on_site_today = sum(s.on_site for s in result.sessions)
        set_text(self.total_label, self.tr("On site today: %n", "", on_site_today))
        session = self.chosen_session
        if session is None:
            set_text(self.session_title, self.tr("No tours today"))
            for tile in self.tiles.values():
                tile.set_value("–")
            self.groups_model.set_rows([])
            self.chart.set_points([], 0)
            self._charted = None
            return
        window = self.tr("check-in closed") if session.window_closed else self.tr("check-in open")
        if (
            not session.window_closed
            and session.starts_at - self._context.env.window_opens > result.at
        ):
            window = self.tr("check-in not open yet")
        label_text = session.label_zh if self._context.language == "zh" else session.label_en
        set_text(self.session_title, f"{label_text or f'{session.starts_at:%H:%M}'} · {window}")
        self.tiles["booked"].set_value(session.booked)
        self.tiles["checked_in"].set_value(session.checked_in, "good" if session.checked_in else "")
        self.tiles["on_site"].set_value(session.on_site)
        self.tiles["expected"].set_value(session.expected)
        self.tiles["no_show"].set_value(session.no_show, "alert" if session.no_show else "")
        self.groups_model.set_rows(list(session.groups))
        # The curve changes when this session's counts do, and grows with the clock.
        chart_key = (session, result.at.replace(second=0, microsecond=0))
        if chart_key == self._charted:
            return
        self._charted = chart_key
        booked = session.booked
        self._context.reader.run(
            reports.arrivals,
            self._context.env,
            session.id,
            on_done=lambda points: self.chart.set_points(points, booked),
        )

    def _session_clicked(self, index: QModelIndex) -> None:
        self.choose_session(self.sessions_model.row_at(index.row()).id)

    def retranslate_ui(self) -> None:
        captions = {
            "booked": self.tr("Booked"),
            "checked_in": self.tr("Checked in"),
            "on_site": self.tr("On site now"),
            "expected": self.tr("Still expected"),
            "no_show": self.tr("No-shows"),
        }
        for name, text in captions.items():
            self.tiles[name].caption.setText(text)
        self.groups_caption.setText(self.tr("Groups (tap a session below to switch)"))
        self.sessions_caption.setText(self.tr("Today's tours"))
        self.kiosks_caption.setText(self.tr("Kiosks"))
        self.chart.set_titles(
            self.tr("Arrivals every 5 minutes"), self.tr("Checked in"), self.tr("Booked")
        )
        describe(
            self.groups_view,
            self.tr("Groups"),
            self.tr("Each group of the tour: guide, people in, places left."),
        )
        describe(
            self.sessions_view,
            self.tr("Today's tours"),
            self.tr("Tap a tour to see its numbers."),
        )
        describe(self.kiosks_view, self.tr("Kiosks"), self.tr("Check-ins by kiosk today."))
        for model in (self.groups_model, self.sessions_model, self.kiosks_model):
            model.retranslate()
        self._charted = None  # the chart's titles changed: draw it again
        if self._headcount is not None:
            self.show_headcount(self._headcount)
