"""The supervisor console (issue 7): live headcounts, evacuation roster, staff tools, sync,
printer and audit log. The app embeds it with ``build_console(app_context, parent)``."""

from __future__ import annotations

from kiosk.ui.supervisor.console import SupervisorConsole, build_console, set_console_language

__all__ = ["SupervisorConsole", "build_console", "set_console_language"]
