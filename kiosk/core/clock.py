"""The one source of "now", so the demo and the tests can run at any instant."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.core.errors import ConfigError, InputError


def site_zone(name: str) -> ZoneInfo:
    """Return the site's time zone, or a clear error for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"Unknown time zone {name!r}; use a name such as Asia/Shanghai.",
            f"无法识别的时区 {name!r}，请使用如 Asia/Shanghai 的名称。",
        ) from exc


def parse_instant(text: str, zone: tzinfo) -> datetime:
    """Parse an ISO 8601 instant; a time without an offset is taken in the site's zone."""
    try:
        value = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError as exc:
        raise InputError(
            f"{text!r} is not a date and time; write it like 2025-02-02T09:30 or "
            "2025-02-02T09:30+08:00.",
            f"{text!r} 不是有效的日期时间，请写成 2025-02-02T09:30 的形式。",
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


def local_day_bounds(instant: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The site's local day around ``instant``: [midnight, next midnight) in ``zone``.

    The end is exclusive, so a session at 23:59:59.5 belongs to the day and one at the next
    midnight does not (compare with ``<``, never with a 23:59:59 bound).
    """
    start = datetime.combine(instant.astimezone(zone).date(), time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


class Clock:
    """Real time, optionally shifted so that it starts at a chosen instant and keeps ticking.

    Args:
        zone: the site's time zone; ``now()`` answers in it.
        start_at: if given, ``now()`` equals this instant when the clock is made and then
            advances with real time (the demo and ``--now``).
        frozen: if true, ``now()`` always answers ``start_at`` (``--at`` in scripts and tests).
    """

    def __init__(
        self, zone: tzinfo, start_at: datetime | None = None, *, frozen: bool = False
    ) -> None:
        if frozen and start_at is None:
            raise ValueError("a frozen clock needs start_at")
        self.zone = zone
        self._frozen = frozen
        self._fixed = start_at
        self._offset = timedelta(0) if start_at is None else start_at - datetime.now(UTC)

    @classmethod
    def fixed(cls, instant: datetime) -> Clock:
        """A clock stopped at ``instant`` (which must be timezone-aware)."""
        if instant.tzinfo is None:
            raise ValueError("instant must be timezone-aware")
        return cls(instant.tzinfo, instant, frozen=True)

    def now(self) -> datetime:
        """The current instant, timezone-aware, in the site's zone."""
        if self._frozen:
            assert self._fixed is not None
            return self._fixed.astimezone(self.zone)
        return (datetime.now(UTC) + self._offset).astimezone(self.zone)

    def set(self, instant: datetime) -> None:
        """Move a frozen clock (tests) or re-anchor a running one."""
        if self._frozen:
            self._fixed = instant
        else:
            self._offset = instant - datetime.now(UTC)
