"""Staff PIN hashing and lockout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.core.errors import ConfigError, InputError
from kiosk.core.pin import Lockout, hash_pin, verify_pin

FAST = {"n": 2**10}
T0 = datetime(2025, 2, 2, 8, 0, tzinfo=UTC)


def test_hash_is_self_describing_and_salted() -> None:
    """The stored form names scrypt and its costs, and two hashes of one PIN differ."""
    first, second = hash_pin("2580", **FAST), hash_pin("2580", **FAST)
    assert first.startswith("scrypt$1024$8$1$") and len(first.split("$")) == 6
    assert first != second
    assert "2580" not in first


def test_right_pin_verifies_and_wrong_pin_does_not() -> None:
    """The right PIN matches; a wrong or empty one does not."""
    stored = hash_pin("258046", **FAST)
    assert verify_pin("258046", stored)
    assert not verify_pin("258047", stored)
    assert not verify_pin("", stored)


def test_default_cost_round_trip() -> None:
    """The default (production) cost hashes and verifies."""
    assert verify_pin("2580", hash_pin("2580"))


def test_full_width_digits_are_the_same_pin() -> None:
    """Digits typed in full-width mode with a Chinese IME count as the same PIN."""
    assert verify_pin("２５８０", hash_pin("2580", **FAST))


@pytest.mark.parametrize("pin", ["", "123", "1234567890123", "12a4", "12 34"])
def test_bad_new_pin_is_an_input_error(pin: str) -> None:
    """A new PIN must be 4 to 12 digits."""
    with pytest.raises(InputError):
        hash_pin(pin, **FAST)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain-text-pin",
        "bcrypt$1024$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "scrypt$1000$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "scrypt$1073741824$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "scrypt$1024$8$1$$aGFzaGhhc2hoYXNoaGFzaA",
        "scrypt$1024$8$1$c2FsdA$!!",
    ],
)
def test_damaged_stored_hash_is_a_config_error(stored: str) -> None:
    """A damaged or hostile stored hash says so instead of rejecting every PIN."""
    with pytest.raises(ConfigError):
        verify_pin("2580", stored)


def test_lockout_after_five_failures_for_sixty_seconds() -> None:
    """Five misses lock for 60 s; the lock ends on time and the count starts afresh."""
    lockout = Lockout()
    for attempt in range(4):
        lockout.record_failure(T0 + timedelta(seconds=attempt))
        assert not lockout.is_locked(T0 + timedelta(seconds=attempt))
    assert lockout.attempts_left(T0) == 1
    lockout.record_failure(T0 + timedelta(seconds=4))
    assert lockout.is_locked(T0 + timedelta(seconds=4))
    assert lockout.seconds_left(T0 + timedelta(seconds=4)) == 60
    assert lockout.seconds_left(T0 + timedelta(seconds=63, milliseconds=500)) == 1
    assert lockout.is_locked(T0 + timedelta(seconds=63, milliseconds=999))
    assert not lockout.is_locked(T0 + timedelta(seconds=64))
    assert lockout.attempts_left(T0 + timedelta(seconds=64)) == 5
    lockout.record_failure(T0 + timedelta(seconds=65))
    assert lockout.attempts_left(T0 + timedelta(seconds=65)) == 4


def test_failures_while_locked_do_not_extend_the_lock() -> None:
    """Hammering the keypad during a lock does not push its end further away."""
    lockout = Lockout(max_failures=2, lock_for=timedelta(seconds=30))
    lockout.record_failure(T0)
    lockout.record_failure(T0)
    lockout.record_failure(T0 + timedelta(seconds=20))
    assert not lockout.is_locked(T0 + timedelta(seconds=30))


def test_success_clears_the_count() -> None:
    """A right PIN before the limit resets the miss count."""
    lockout = Lockout()
    for _ in range(4):
        lockout.record_failure(T0)
    lockout.record_success(T0)
    assert lockout.attempts_left(T0) == 5
    lockout.record_failure(T0)
    assert not lockout.is_locked(T0)
