"""One scan per code per moment: a scanner's double read or a camera staring at a code."""

from __future__ import annotations

import time
from collections.abc import Callable

DUPLICATE_WINDOW_S = 2.0
"""The same code again within this many seconds is the same scan."""


class DuplicateGate:
    """Lets a code through unless the same code was seen within the window.

    Args:
        window_s: how long a code stays "just seen", in seconds.
        clock: monotonic seconds; injectable for tests.
        sliding: if true, every sighting (even a suppressed one) restarts the window, so a code
            held in front of the camera is one scan for as long as it stays in view. If false,
            the window runs from the last code let through, so a deliberate rescan after the
            window always counts.
    """

    def __init__(
        self,
        window_s: float = DUPLICATE_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        *,
        sliding: bool = False,
    ) -> None:
        self.window_s = window_s
        self._clock = clock
        self._sliding = sliding
        self._last_text: str | None = None
        self._last_at = 0.0

    def admit(self, text: str) -> bool:
        """Record a sighting of ``text``; return whether it is a new scan."""
        now = self._clock()
        duplicate = text == self._last_text and 0.0 <= now - self._last_at < self.window_s
        if not duplicate or self._sliding:
            self._last_at = now
        self._last_text = text
        return not duplicate

    def reset(self) -> None:
        """Forget the last code (the next scan of it counts)."""
        self._last_text = None
