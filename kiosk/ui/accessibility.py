"""Accessible names and descriptions: what a screen reader says for each control and result.

Qt hands a widget's ``accessibleName`` and ``accessibleDescription`` to the platform's
accessibility bridge (AT-SPI on Linux, UI Automation on Windows). Pages set both in their
``retranslate_ui`` with :func:`describe`, so they follow the UI language like every visible text.
A button's name is the action in a few words (what a sighted user reads on it); the description
says what happens when it is pressed, or what a field expects.

:func:`interactive_widgets` lists what a user can operate on a page; the tests walk every page
with it, and :func:`unnamed` names the ones still missing a name (logged at start).
"""

from __future__ import annotations

import logging
import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

log = logging.getLogger("kiosk.ui")

INTERACTIVE: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QAbstractItemView,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)
"""Widgets a user operates (a label or a frame is read as part of its page)."""

_MARKS = re.compile(r"^[\s✓○⌫•·]+")


def describe(widget: QWidget, name: str, description: str = "") -> None:
    """Set what assistive technology says for ``widget`` (in the current language).

    Args:
        widget: a control, or a widget showing a result.
        name: a few words: the action of a button, the subject of a field or table.
        description: what pressing it does, what to type, or the result in full.
    """
    if widget.accessibleName() != name:
        widget.setAccessibleName(name)
    if widget.accessibleDescription() != description:
        widget.setAccessibleDescription(description)


def spoken_text(text: str) -> str:
    """A visible text as a name: check marks and key symbols dropped, lines joined."""
    return _MARKS.sub("", " ".join(text.split())).strip()


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` a user operates, without the parts Qt builds inside them
    (a combo box's line edit, a table's scroll bars and headers, a field's clear button)."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar | QHeaderView):
            continue
        if _inside_control(widget, root):
            continue
        found.append(widget)
    return found


def unnamed(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` that have no accessible name."""
    return [widget for widget in interactive_widgets(root) if not widget.accessibleName().strip()]


_COMPOSITE: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)
"""Controls Qt builds out of other controls; those parts are read as the whole."""


def _inside_control(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    if isinstance(widget, QAbstractButton) and isinstance(parent, QAbstractItemView):
        return True  # a table's corner button (cell widgets live in its viewport)
    while parent is not None and parent is not root:
        if isinstance(parent, _COMPOSITE):
            return True
        parent = parent.parentWidget()
    return False
