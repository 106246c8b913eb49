"""Where rendered badges go: the contract every print target implements.

The printing use case (``kiosk.services``) renders one image per visitor and hands them to a
:class:`BadgeSink`. Sinks live where their dependencies are allowed: the system spooler
(QPrinter) in ``kiosk.ui``, the PDF folder here in ``kiosk.badges``, label printers that speak
their own language (Brother QL raster, Zebra ZPL) in ``kiosk.printers``. The services never
import a sink; the front end that runs them picks one from the settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from PIL import Image

from kiosk.badges.model import Preset

PrinterProblem = Literal[
    "out_of_media", "cover_open", "offline", "paused", "head_hot", "ribbon_out", "jammed", "error"
]
"""What a printer can report as wrong; the staff page and the print queue show it."""


@dataclass(frozen=True)
class PrinterStatus:
    """What a printer said about itself when asked (None fields: it did not say).

    Attributes:
        ready: it would print a job now.
        problem: the first thing that stops it, if any.
        message_en: one sentence for staff (what is wrong and what to do).
        message_zh: the same in Chinese.
        detail: raw facts for the log (model, media, the status bytes as hex …).
    """

    ready: bool
    problem: PrinterProblem | None = None
    message_en: str = ""
    message_zh: str = ""
    detail: str = ""


@runtime_checkable
class BadgeSink(Protocol):
    """A print target for rendered badges.

    ``send`` raises :class:`~kiosk.badges.printing_errors.PrintError` with one clear sentence
    when nothing (or not everything) was printed; it may block for seconds, so callers run it
    off the UI thread. The check-in that asked for the badges is never affected.
    """

    @property
    def name(self) -> str:
        """The printer as recorded on the job (queue name, address or folder)."""
        ...

    def send(self, images: Sequence[Image.Image], *, preset: Preset, job_name: str) -> None:
        """Print one label per image, in order, at the preset's size."""
        ...

    def status(self) -> PrinterStatus | None:
        """Ask the printer how it is; None when this target cannot tell."""
        ...
