"""Small pieces of the console: number tiles, fill bars, the arrivals chart, touch tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
    QTime,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.supervisor.table_model import COLOUR_ROLE, FRACTION_ROLE
from kiosk.ui.widgets.common import Page

ROW_HEIGHT = 44
COMBO_STYLE = "QComboBox { min-height: 64px; font-size: 22px; padding: 0 12px; }"
TILE_STYLE = """
QFrame#StatTile { background: #F1F4F8; border: 2px solid #CFD8DC; border-radius: 12px; }
QFrame#StatTile[tone="alert"] { background: #FFEBEE; border-color: #E57373; }
QFrame#StatTile[tone="good"] { background: #E8F5E9; border-color: #81C784; }
QLabel#TileNumber { font-size: 44px; font-weight: bold; color: #0B2545; }
QLabel#TileCaption { font-size: 18px; color: #37474F; }
"""


def set_text(label: QLabel, text: str) -> None:
    """Change a label only if its text differs: no repaint, no flicker for equal values."""
    if label.text() != text:
        label.setText(text)


def touch_combo() -> QComboBox:
    """A drop-down list big enough for a finger."""
    combo = QComboBox()
    combo.setStyleSheet(COMBO_STYLE)
    return combo


def refill_combo(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    """Refill a combo only when its items changed, keeping the current choice."""
    current = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    if current == list(items):
        return
    chosen = combo.currentData()
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(chosen)
    if index >= 0:
        combo.setCurrentIndex(index)


class StatTile(QFrame):
    """A big number with a caption ("On site 37"); the tone marks numbers that need action."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatTile")
        self.setStyleSheet(TILE_STYLE)
        self.number = QLabel("–")
        self.number.setObjectName("TileNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel("")
        self.caption.setObjectName("TileCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        self._tone = ""

    def set_value(self, value: int | str, tone: str = "") -> None:
        set_text(self.number, str(value))
        if tone != self._tone:
            self._tone = tone
            self.setProperty("tone", tone)
            self.style().unpolish(self)
            self.style().polish(self)


class FillBarDelegate(QStyledItemDelegate):
    """Draws a group's count against its capacity as a bar in the group's colour."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        fraction = index.data(FRACTION_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        colour = QColor(index.data(COLOUR_ROLE) or "#607D8B")
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        box: QRect = option.rect.adjusted(6, 8, -6, -8)
        painter.setPen(QPen(QColor("#90A4AE"), 1))
        painter.setBrush(QColor("#ECEFF1"))
        painter.drawRoundedRect(box, 6, 6)
        filled = QRect(box)
        filled.setWidth(round(box.width() * max(0.0, min(float(fraction), 1.0))))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#B71C1C") if fraction > 1.0 else colour)
        if filled.width() > 0:
            painter.drawRoundedRect(filled, 6, 6)
        painter.setPen(QColor("#111111"))
        text_box = box.adjusted(0, 0, 0, 0)
        painter.fillRect(
            text_box.center().x() - 40,
            text_box.top() + 2,
            80,
            text_box.height() - 4,
            QColor(255, 255, 255, 190),
        )
        painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, str(index.data()))
        painter.restore()


def table_view(
    model: QAbstractItemModel, *, stretch: int | None = None, fit: bool = False
) -> QTableView:
    """A read-only, touch-friendly table: whole-row selection, tall rows, no editing."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setHighlightSections(False)
    if fit:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    elif stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    view.setStyleSheet("QTableView { font-size: 20px; } QHeaderView::section { font-size: 18px; }")
    return view


def wall_clock_msecs(moment: datetime) -> float:
    """Milliseconds for a chart axis that shows the site's wall-clock time.

    QDateTimeAxis formats in the machine's zone; feeding it the site's wall-clock fields as a
    local QDateTime shows 09:30 as 09:30 whatever zone the kiosk's OS is set to.
    """
    local = QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
    return float(local.toMSecsSinceEpoch())


class ArrivalsChart(QChartView):
    """Cumulative arrivals of one session every 5 minutes, against the number booked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.arrived = QLineSeries()
        pen = QPen(QColor("#0D47A1"), 3)
        self.arrived.setPen(pen)
        self.booked = QLineSeries()
        booked_pen = QPen(QColor("#9E9E9E"), 2)
        booked_pen.setStyle(Qt.PenStyle.DashLine)
        self.booked.setPen(booked_pen)
        chart.addSeries(self.arrived)
        chart.addSeries(self.booked)
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("HH:mm")
        self.x_axis.setTickCount(5)
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        self.y_axis.setMin(0)
        small = QFont()
        small.setPixelSize(15)
        for axis in (self.x_axis, self.y_axis):
            axis.setLabelsFont(small)
        chart.legend().setFont(small)
        title = QFont()
        title.setPixelSize(18)
        title.setBold(True)
        chart.setTitleFont(title)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (self.arrived, self.booked):
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        self.setChart(chart)
        self._shown: tuple[object, ...] = ()
        self.setMinimumHeight(220)

    def set_titles(self, title: str, arrived: str, booked: str) -> None:
        self.chart().setTitle(title)
        self.arrived.setName(arrived)
        self.booked.setName(booked)

    def set_points(self, points: Sequence[tuple[datetime, int]], booked: int) -> None:
        """Replace the curve in place (no new series, no flicker); unchanged data is skipped."""
        key = (tuple(points), booked)
        if key == self._shown:
            return
        self._shown = key
        xy = [QPointF(wall_clock_msecs(t), n) for t, n in points]
        self.arrived.replace(xy)
        if not xy:
            self.booked.clear()
            return
        self.booked.replace([QPointF(xy[0].x(), booked), QPointF(xy[-1].x(), booked)])
        first, last = xy[0].x(), max(xy[-1].x(), xy[0].x() + 15 * 60_000)
        self.x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(first)), QDateTime.fromMSecsSinceEpoch(int(last))
        )
        top = max(booked, max((p.y() for p in xy), default=0), 5)
        self.y_axis.setRange(0, top * 1.1)

    def point_count(self) -> int:
        return int(self.arrived.count())

    def last_value(self) -> float:
        return self.arrived.at(self.arrived.count() - 1).y() if self.arrived.count() else 0.0


class LivePage(Page):
    """A console page whose table follows the database: reloads when shown after a change.

    Subclasses implement ``reload()``; ``_database_changed`` is connected to the live feed.
    """

    _dirty = True

    def reload(self) -> None:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def _database_changed(self, _token: int = 0) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload_if_stale()

    def reload_if_stale(self) -> None:
        """Reload when the database changed while the page was hidden."""
        if self._dirty:
            self.reload()
