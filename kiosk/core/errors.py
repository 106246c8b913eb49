"""Errors that reach a user as one clear sentence, in English and Chinese."""

from __future__ import annotations


class KioskError(Exception):
    """A fault a user can understand and act on; never shown with a traceback.

    Args:
        message: one English sentence saying what went wrong and, if possible, what to do.
        message_zh: the same sentence in Simplified Chinese (falls back to English).
    """

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh or message

    def __str__(self) -> str:
        return self.message


class ConfigError(KioskError):
    """The settings file or an environment override is wrong."""


class DatabaseError(KioskError):
    """The database cannot be opened, is corrupt, too new, or refused a write."""


class InputError(KioskError):
    """A file or argument given by the user cannot be used; nothing was changed."""


class NotReady(KioskError):
    """Something the request needs is still being prepared; the same request works in a
    moment. Nothing was changed."""


class NotAvailableYet(KioskError):
    """A command that a later release fills; it never claims success."""
