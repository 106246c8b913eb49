"""Helpers for the tests that run the app's badge printer against loopback label printers."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication


def stop_printing(qtbot: Any, printer: Any, console: Any = None) -> None:
    """Stop a test's BadgePrinter, then the console it talks to, and deliver their last answers.

    In this order nothing is left half-way in a background lane: a pending answer would hold
    the console's pages in a reference cycle, and the garbage collector may then free Qt
    objects on whichever thread it happens to run on.
    """
    assert printer.wait()
    qtbot.wait(20)
    if console is not None:
        console.shutdown()
        qtbot.waitUntil(console.context.idle, timeout=5000)


@pytest.fixture
def collect_garbage_on_the_main_thread() -> Iterator[None]:
    """After the test, free its Qt objects caught in reference cycles here, on the UI thread.

    Left to the garbage collector they would be freed by whichever thread next triggers a
    collection, often a background lane of the next test, and Qt objects must die on the
    thread they live in (a rare segmentation fault otherwise).
    """
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
