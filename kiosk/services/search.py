"""Find bookings as staff say them: by name (Chinese, pinyin, initials, one typo), a code, or
the last digits of a phone. Ranked best first, each with the reason it matched.

The gate's search page (per keystroke) and ``kiosk search`` both come here. Matching runs in
memory: one :class:`~kiosk.core.search.SearchIndex` per database, built on the first search
from the keys stored at sync time (``reservation.search_keys``; computed from the names where
an older row has none), and kept fresh before every query: one cheap statement
(:func:`kiosk.store.search.index_marks`) says whether bookings were added or re-imported, and
only those are read again. Hits are checked against the database as they are shown, so a
booking whose names were erased (``kiosk purge``) or changed is never shown under its old name.

Thread-safe: searches of one database take turns on that index's lock. The first build reads
every booking (seconds at 100,000, over a minute at a million), so the kiosk starts it on a
thread of its own (:func:`start_warm_up`): the worker that decides scans never waits for it,
and a search typed meanwhile is told, in one sentence, that search is still getting ready.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from kiosk.core.clock import local_day_bounds
from kiosk.core.errors import KioskError, NotReady
from kiosk.core.masking import mask_phone
from kiosk.core.search import (
    MatchReason,
    SearchHit,
    SearchIndex,
    SearchRecord,
    analyse,
    fold,
    phone_digits,
    search_keys,
)
from kiosk.services.env import ServiceEnv
from kiosk.services.lookup import ReservationSummary
from kiosk.store import search as search_sql
from kiosk.store import sessions as session_sql
from kiosk.store.db import read_connection
from kiosk.store.search import BookingHit, IndexMarks, IndexRow

log = logging.getLogger(__name__)

NOT_READY = NotReady(
    "Search is getting ready; the results appear in a few seconds.",
    "查找功能正在准备中，几秒后显示结果。",
)
MAX_QUERY_CHARS = 100
"""A longer query is cut here (nobody types more; a scanner's burst is not a search)."""
_CHUNK = 2_000


@dataclass
class _LiveIndex:
    """One database's index, what it has read so far, and its lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    index: SearchIndex | None = None
    marks: IndexMarks | None = None


_INDEXES: weakref.WeakKeyDictionary[Engine, _LiveIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def find_bookings(env: ServiceEnv, query: str, *, limit: int = 20) -> list[ReservationSummary]:
    """The bookings ``query`` finds, best first: today's sessions first within each reason.

    Args:
        env: the kiosk (its clock says what "today" is).
        query: what was typed: ``wxm``, ``wang xiao ming``, ``王小明``, ``Chloe Martn``, a
            booking code, ``5678``. A blank query or a single Latin letter finds nothing.
        limit: how many at most.

    Returns:
        Each booking with its phone masked, all its names as stored, the reason it matched
        (a :class:`~kiosk.core.search.MatchReason` value) and the stored name that matched.

    Raises:
        DatabaseError: the database cannot be read.
        NotReady: the index is being built on another thread (:func:`start_warm_up`).
    """
    text = " ".join(query.split())[:MAX_QUERY_CHARS]
    if not text:
        return []
    day_start, day_end = local_day_bounds(env.now(), env.settings.zone)
    live = _live(env.engine)
    with _turn(live), read_connection(env.engine) as db:
        index = _fresh(db, live)
        today = frozenset(s.id for s in session_sql.sessions_starting(db, day_start, day_end))
        digits = analyse(text).digits
        for _attempt in range(2):
            hits = index.search(text, limit=limit, prefer=today)
            found = search_sql.booking_hits(db, [hit.reservation_id for hit in hits])
            stale = [hit for hit in hits if not _still_matches(hit, found, digits)]
            if not stale:
                break
            _refresh(index, stale, found)  # then ask again: others may now rank in
    zone = env.settings.zone
    return [
        ReservationSummary(
            code=booking.code,
            contact_name=booking.contact_name,
            phone_masked=mask_phone(booking.phone),
            session_id=booking.session_id,
            starts_at=booking.starts_at.astimezone(zone),
            party_size=booking.party_size,
            checked_in=booking.checked_in,
            status=booking.status,
            reason=hit.reason.value,
            matched=_matched_as_stored(hit, booking),
            names=booking.names,
        )
        for hit in hits
        if (booking := found.get(hit.reservation_id)) is not None
    ]


def warm_up(env: ServiceEnv) -> int:
    """Build (or bring up to date) the database's index now, e.g. when the search page opens,
    so the first keystroke does not wait for it. Returns how many bookings it holds."""
    live = _live(env.engine)
    with read_connection(env.engine) as db, live.lock:
        return len(_fresh(db, live))


def start_warm_up(env: ServiceEnv) -> threading.Thread:
    """Build the index on a thread of its own and return at once (the search page opened).

    Searches typed before it is done get :data:`NOT_READY` instead of waiting; a fault is
    logged, and the next search tries again.
    """
    thread = threading.Thread(target=_warm_up_quietly, args=(env,), name="search-index")
    thread.daemon = True  # a build under way never holds up closing the kiosk
    thread.start()
    return thread


def _warm_up_quietly(env: ServiceEnv) -> None:
    try:
        log.info("search index ready: %d bookings", warm_up(env))
    except KioskError as exc:
        log.warning("search index not built: %s", exc.message)
    except Exception:  # a thread of its own: nobody else would see it
        log.exception("search index not built")


@contextmanager
def _turn(live: _LiveIndex) -> Iterator[None]:
    """Hold an index's lock; a search never waits while another thread builds the index."""
    if not live.lock.acquire(blocking=False):
        if live.index is None:  # the first build is under way elsewhere
            raise NOT_READY
        live.lock.acquire()  # an update of a built index: a moment
    try:
        yield
    finally:
        live.lock.release()


def forget(engine: Engine) -> None:
    """Drop a database's index (the next search builds it again)."""
    with _INDEXES_LOCK:
        _INDEXES.pop(engine, None)


# --- the index ---------------------------------------------------------------------------------


def _live(engine: Engine) -> _LiveIndex:
    with _INDEXES_LOCK:
        live = _INDEXES.get(engine)
        if live is None:
            live = _INDEXES[engine] = _LiveIndex()
        return live


def _fresh(db: Connection, live: _LiveIndex) -> SearchIndex:
    """The index with every booking added or re-imported since it last looked."""
    marks = search_sql.index_marks(db)  # first: rows written meanwhile are read next time
    if live.index is None:
        live.index = SearchIndex(_records(db, search_sql.index_rows(db)))
    elif marks != live.marks:
        live.index.upsert(_records(db, search_sql.index_rows(db, after=live.marks)))
    live.marks = marks
    return live.index


def _records(db: Connection, rows: Iterable[IndexRow]) -> Iterator[SearchRecord]:
    """Index records; rows stored without keys get them from their names."""
    batch: list[IndexRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _CHUNK:
            yield from _batch_records(db, batch)
            batch = []
    yield from _batch_records(db, batch)


def _batch_records(db: Connection, rows: Sequence[IndexRow]) -> Iterator[SearchRecord]:
    missing = [row.id for row in rows if row.keys is None]
    visitors = search_sql.names_of(db, missing) if missing else {}
    for row in rows:
        keys = row.keys
        if keys is None:
            keys = search_keys((row.contact_name, *visitors.get(row.id, ())))
        yield SearchRecord(row.id, row.code, row.phone, keys, row.session_id)


def _refresh(index: SearchIndex, stale: Sequence[SearchHit], found: dict[int, BookingHit]) -> None:
    """Re-file bookings whose names changed since they were indexed; forget deleted ones."""
    gone = [hit.reservation_id for hit in stale if hit.reservation_id not in found]
    index.remove(gone)
    index.upsert(
        SearchRecord(b.id, b.code, b.phone, search_keys(b.names), b.session_id)
        for hit in stale
        if (b := found.get(hit.reservation_id)) is not None
    )


# --- checking and showing a hit ----------------------------------------------------------------


def _compact(text: str) -> str:
    return fold(text).replace(" ", "")


def _still_matches(hit: SearchHit, found: dict[int, BookingHit], digits: str) -> bool:
    """Whether the booking, as it is now, still has what the index matched."""
    booking = found.get(hit.reservation_id)
    if booking is None:
        return False
    if hit.reason in (MatchReason.CODE, MatchReason.CODE_PREFIX):
        return True  # codes never change
    if hit.reason is MatchReason.PHONE:
        return bool(digits) and phone_digits(booking.phone).endswith(digits)
    wanted = hit.matched.replace(" ", "")
    return any(_compact(name) == wanted for name in booking.names)


def _matched_as_stored(hit: SearchHit, booking: BookingHit) -> str:
    """The name that matched as the booking spells it (``Chloé Martin``, not ``chloe martin``);
    the code for a code; nothing for phone digits."""
    if hit.reason is MatchReason.PHONE:
        return ""
    if hit.reason in (MatchReason.CODE, MatchReason.CODE_PREFIX):
        return booking.code
    wanted = hit.matched.replace(" ", "")
    return next((name for name in booking.names if _compact(name) == wanted), hit.matched)
