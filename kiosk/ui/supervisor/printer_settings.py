"""What the Printer page does off the UI thread: check and save the printer, test it, retry.

Every function here runs on a background lane (they talk to printers and write files). A
choice is checked as a whole before anything is written, by making the sink it names:
a bad address, model or label is one sentence and changes nothing.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.badges.model import PRESETS
from kiosk.config import PRINT_TARGETS, Settings, save_settings
from kiosk.core.errors import ConfigError, InputError
from kiosk.ui.printer_status import current_sink

if TYPE_CHECKING:
    from kiosk.services.printing import PrintOutcome
    from kiosk.services.reports import PrintJobRow
    from kiosk.ui.supervisor.context import ConsoleContext

log = logging.getLogger("kiosk.ui")

LABEL_TARGETS = ("brother_ql", "zpl")
ZEBRA_MODELS = ("203dpi", "300dpi", "600dpi")
"""What the model of a Zebra has to say: its print head's resolution."""


@dataclass(frozen=True)
class PrinterChoice:
    """The Printer page's form: where badges go and on what.

    Attributes:
        target: a ``print_target`` ("system", "pdf", "brother_ql", "zpl", "none").
        printer: the spooler's queue ("" for the default printer) or a label printer's
            address (``tcp://10.0.0.9:9100``, ``usb://…``, ``/dev/usb/lp0``).
        model: a label printer's model ("QL-820NWB", "300dpi" …).
        label: a label printer's label ("62", "62x100", "4x3in" …).
        badge_size: the badge preset for the spooler and the PDF folder.
    """

    target: str
    printer: str = ""
    model: str = ""
    label: str = ""
    badge_size: str = ""

    def changes(self) -> dict[str, Any]:
        """The settings this choice writes; the others keep their values."""
        if self.target in LABEL_TARGETS:
            return {
                "print_target": self.target,
                "printer": self.printer.strip(),
                "printer_model": self.model.strip(),
                "printer_label": self.label.strip(),
            }
        if self.target == "system":
            return {
                "print_target": self.target,
                "printer": self.printer.strip(),
                "badge_size": self.badge_size,
            }
        if self.target == "pdf":
            return {"print_target": self.target, "badge_size": self.badge_size}
        return {"print_target": self.target}


@dataclass(frozen=True)
class SavedChoice:
    """What Save wrote, where, and which of it the environment overrides at the next start."""

    changes: dict[str, Any]
    path: Path
    overridden: tuple[str, ...] = ()


def checked_settings(settings: Settings, choice: PrinterChoice) -> Settings:
    """The settings with ``choice`` applied, if a kiosk can print with them.

    Raises:
        KioskError: one sentence on what is wrong (an unknown target or size, a label
            printer without an address, an address, model or label the printer code
            cannot use).
    """
    if choice.target not in PRINT_TARGETS:
        raise ConfigError(
            f"Choose where badges print ({', '.join(PRINT_TARGETS)}).",
            f"请选择胸卡打印位置（{', '.join(PRINT_TARGETS)}）。",
        )
    changed = dataclasses.replace(settings, **choice.changes()).validate()
    if changed.badge_size not in PRESETS:
        known = ", ".join(PRESETS)
        raise ConfigError(
            f"Badge size {changed.badge_size!r} is unknown; choose one of {known}.",
            f"胸卡尺寸 {changed.badge_size!r} 未知，可选：{known}。",
        )
    if choice.target in LABEL_TARGETS:
        current_sink(changed)  # parses the address, checks the model and the label
    return changed


def save_printer_choice(
    settings: Settings, choice: PrinterChoice, config_path: str | Path | None = None
) -> SavedChoice:
    """Check ``choice``, then write it into the settings file (comments kept).

    Nothing is written when the choice is refused. ``settings`` is not changed: the page
    applies the saved values to the running app on the UI thread.

    Raises:
        KioskError: the choice cannot print (see :func:`checked_settings`) or the file
            cannot be written.
    """
    checked_settings(settings, choice)
    changes = choice.changes()
    path = save_settings(changes, config_path)
    overridden = tuple(
        f"KIOSK_{key.upper()}" for key in changes if f"KIOSK_{key.upper()}" in os.environ
    )
    log.info("printer settings saved to %s: %s", path, changes)
    return SavedChoice(changes, path, overridden)


def print_test_badge(settings: Settings, choice: PrinterChoice) -> str:
    """One test badge on the printer the form names (saved or not); returns where it went.

    Raises:
        KioskError: the choice cannot print, or the printer refused (its sentence).
    """
    from kiosk.services.printing import print_test_page

    changed = checked_settings(settings, choice)
    sink = current_sink(changed)
    if sink is None:
        raise InputError(
            "Badge printing is off; choose a printer first.", "胸卡打印已关闭，请先选择打印机。"
        )
    where = print_test_page(sink, changed)
    return "default printer" if where == "system" else where


def retry_job(context: ConsoleContext, job: PrintJobRow) -> PrintOutcome:
    """Send a failed or waiting job again, on this kiosk's printer (once, whoever asks)."""
    from kiosk.services.printing import retry_print_jobs

    settings = context.env.settings
    if settings.print_target == "none":
        settings = dataclasses.replace(settings, print_target="system")
    return retry_print_jobs(context.staff_env, [job.id], current_sink(settings))


def list_printers() -> list[str]:
    """The system's print queues (none if printing support is missing)."""
    try:
        from kiosk.ui.printing import available_printers
    except ImportError:
        return []
    try:
        return list(available_printers())
    except Exception:  # no spooler at all: the PDF folder and label printers still work
        log.warning("could not list printers", exc_info=True)
        return []


def brother_models() -> list[str]:
    """The Brother QL models the raster library knows (empty if it cannot be loaded)."""
    try:
        from kiosk.printers import brother_models as known
    except ImportError:
        return []
    try:
        return [model for model in known() if model.startswith("QL")]
    except Exception:
        log.warning("could not list Brother models", exc_info=True)
        return []


def printer_choices() -> tuple[list[str], list[str]]:
    """The spooler's queues and the Brother models, for the page's lists."""
    return list_printers(), brother_models()
