"""What every console page shares: services, the two background lanes, language, messages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import data_dir
from kiosk.core.changes import Change
from kiosk.core.errors import KioskError
from kiosk.services.env import ServiceEnv
from kiosk.ui.signals import Bridge
from kiosk.ui.workers import Worker

log = logging.getLogger("kiosk.ui")

DEFAULT_OPERATOR = "supervisor"


@dataclass
class ConsoleContext:
    """The console's view of the app.

    Attributes:
        env: database, settings, clock and kiosk id.
        reader: background lane for queries (polls never wait behind a long sync).
        writer: the app's serial lane for anything that writes (check-ins, syncs, exports).
        bridge: the app-wide signal bridge, or None when the console runs on its own.
        language: ``"zh"`` or ``"en"``, for the services' two-language sentences.
    """

    env: ServiceEnv
    reader: Worker
    writer: Worker
    bridge: Bridge | None = None
    language: str = "en"

    @property
    def staff_env(self) -> ServiceEnv:
        """The env for staff actions: logged under the operator's name (or "supervisor")."""
        return self.env.as_operator(self.env.operator or DEFAULT_OPERATOR)

    def message(self, error: BaseException) -> str:
        """One sentence for a failed call, in the UI language; never a traceback."""
        if isinstance(error, KioskError):
            return error.message_zh if self.language == "zh" else error.message
        log.error("unexpected error in the supervisor console", exc_info=error)
        if self.language == "zh":
            return "出现错误，未做任何更改。"
        return "Something went wrong; nothing was changed."

    def sentence(self, en: str, zh: str) -> str:
        """The services' two-language sentence in the console's language."""
        return zh if self.language == "zh" else en

    def output_folder(self) -> Path:
        """Where PDFs and exports go by default: the PDF folder setting, else the data folder."""
        folder = self.env.settings.pdf_dir
        return Path(folder) if folder else data_dir() / "exports"

    def changed(self, *changes: Change) -> None:
        """Tell the rest of the app what changed (the live poll notices anyway)."""
        if self.bridge is not None:
            for change in changes:
                self.bridge.data_changed.emit(change)

    def idle(self) -> bool:
        return bool(self.reader.idle and self.writer.idle)
