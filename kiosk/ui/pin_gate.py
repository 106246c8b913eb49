"""The staff PIN check behind "leave self-service" and "supervisor", with its lockout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk.core import messages
from kiosk.core.errors import KioskError
from kiosk.core.pin import Lockout, verify_pin


@dataclass(frozen=True)
class PinAnswer:
    """What a PIN attempt gave: accepted, or one sentence in both languages saying why not."""

    ok: bool
    message_en: str = ""
    message_zh: str = ""
    locked: bool = False


class PinGate:
    """Checks PINs against ``settings.pin_hash``; locks after repeated misses.

    Args:
        pin_hash: the stored scrypt hash ("" means no PIN is set: nothing is unlocked).
        now: the clock's ``now`` (so tests can move time).
    """

    def __init__(self, pin_hash: str, now: Callable[[], datetime], lockout: Lockout | None = None):
        self._pin_hash = pin_hash
        self._now = now
        self.lockout = lockout or Lockout()

    @property
    def configured(self) -> bool:
        return bool(self._pin_hash.strip())

    def seconds_locked(self) -> int:
        return self.lockout.seconds_left(self._now())

    def try_pin(self, pin: str) -> PinAnswer:
        """Check one attempt; about 50 ms of scrypt, short enough for the UI thread."""
        now = self._now()
        if not self.configured:
            return PinAnswer(
                False,
                "No staff PIN is set on this kiosk; set pin_hash in kiosk.toml.",
                "本终端未设置工作人员 PIN，请在 kiosk.toml 中设置 pin_hash。",
            )
        if self.lockout.is_locked(now):
            locked = messages.pin_locked(self.lockout.seconds_left(now))
            return PinAnswer(False, locked.en, locked.zh, locked=True)
        try:
            right = verify_pin(pin, self._pin_hash)
        except KioskError as exc:
            return PinAnswer(False, exc.message, exc.message_zh)
        if right:
            self.lockout.record_success(now)
            return PinAnswer(True)
        self.lockout.record_failure(now)
        if self.lockout.is_locked(now):
            locked = messages.pin_locked(self.lockout.seconds_left(now))
            return PinAnswer(False, locked.en, locked.zh, locked=True)
        wrong = messages.pin_wrong(self.lockout.attempts_left(now))
        return PinAnswer(False, wrong.en, wrong.zh)
