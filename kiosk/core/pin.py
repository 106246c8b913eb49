"""Staff PINs: slow salted hashes, constant-time checks, and a lockout after repeated misses.

A PIN is short, so the hash is scrypt (memory-hard) and guesses at the kiosk are throttled by
:class:`Lockout`. Stored form: ``scrypt$n$r$p$salt$hash`` (salt and hash in unpadded
base64url), so the cost can be raised later without breaking old hashes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.core.errors import ConfigError, InputError

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PIN_DIGITS = 4
MAX_PIN_DIGITS = 12
_MAX_N = 2**20  # refuse absurd costs read from a damaged or hostile settings file
_SCHEME = "scrypt"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * n * r + 2**20
    )


def _clean_pin(pin: str) -> str:
    """Full-width digits typed with a Chinese IME count as the same PIN."""
    return unicodedata.normalize("NFKC", pin).strip()


def hash_pin(pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """Hash a new staff PIN for storage.

    Args:
        pin: 4 to 12 digits.
        n, r, p: scrypt cost; the defaults take about 50 ms and 16 MiB.

    Returns:
        ``scrypt$n$r$p$salt$hash``.

    Raises:
        InputError: the PIN is not 4 to 12 digits.
    """
    cleaned = _clean_pin(pin)
    if not (
        cleaned.isascii() and cleaned.isdigit() and MIN_PIN_DIGITS <= len(cleaned) <= MAX_PIN_DIGITS
    ):
        raise InputError(
            f"A PIN must have {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits.",
            f"PIN 必须为 {MIN_PIN_DIGITS} 至 {MAX_PIN_DIGITS} 位数字。",
        )
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(cleaned, salt, n, r, p, HASH_BYTES)
    return f"{_SCHEME}${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """Check a PIN against a stored hash in constant time.

    Returns:
        True if it matches. A malformed PIN simply does not match.

    Raises:
        ConfigError: the stored hash is damaged (so staff learn to reset it instead of being
            told their PIN is wrong forever).
    """
    try:
        scheme, n_text, r_text, p_text, salt_text, hash_text = stored.strip().split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt, expected = _unb64(salt_text), _unb64(hash_text)
        valid = (
            scheme == _SCHEME
            and 2 <= n <= _MAX_N
            and n & (n - 1) == 0
            and 1 <= r <= 32
            and 1 <= p <= 16
            and salt
            and 16 <= len(expected) <= 64
        )
    except (ValueError, binascii.Error):
        valid = False
    if not valid:
        raise ConfigError(
            "The stored staff PIN is damaged; please set a new PIN.",
            "已保存的工作人员 PIN 已损坏，请重新设置 PIN。",
        )
    cleaned = _clean_pin(pin)
    candidate = _scrypt(cleaned, salt, n, r, p, len(expected))
    return hmac.compare_digest(candidate, expected)


@dataclass
class Lockout:
    """Throttle PIN guesses: after ``max_failures`` misses in a row, refuse for a while.

    Pure: every method takes the current instant (from the Clock). A success clears the count;
    when a lock runs out the count starts again from zero.

    Attributes:
        max_failures: misses that trigger the lock.
        lock_for: how long the lock lasts.
    """

    max_failures: int = 5
    lock_for: timedelta = timedelta(seconds=60)
    failures: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        """True while guesses must be refused."""
        return self.locked_until is not None and now < self.locked_until

    def seconds_left(self, now: datetime) -> int:
        """Whole seconds until the lock ends, rounded up; 0 when not locked."""
        if not self.is_locked(now):
            return 0
        assert self.locked_until is not None
        remaining = (self.locked_until - now).total_seconds()
        return max(1, int(-(-remaining // 1)))

    def attempts_left(self, now: datetime) -> int:
        """Misses still allowed before the lock (0 while locked)."""
        if self.is_locked(now):
            return 0
        if self.locked_until is not None:  # a lock that has run out: a fresh start
            return self.max_failures
        return max(self.max_failures - self.failures, 0)

    def record_failure(self, now: datetime) -> None:
        """Count a wrong PIN; lock when the limit is reached. Ignored while locked."""
        self._expire(now)
        if self.is_locked(now):
            return
        self.failures += 1
        if self.failures >= self.max_failures:
            self.locked_until = now + self.lock_for

    def record_success(self, now: datetime) -> None:
        """A right PIN clears the count (the caller must not accept one while locked)."""
        self._expire(now)
        if not self.is_locked(now):
            self.failures = 0

    def _expire(self, now: datetime) -> None:
        if self.locked_until is not None and now >= self.locked_until:
            self.locked_until = None
            self.failures = 0
