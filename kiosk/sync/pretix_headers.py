"""pretix's "Order positions" headers and status words per language, as comparison keys.

Built once from the generated :mod:`kiosk.sync.pretix_locale` (pretix's own translations). A
header row is read in one language, the one whose headers it matches best, so that a word
that means two things in two languages ("Estado": status in one, address state in another)
is never confused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from kiosk.sync.pretix_locale import (
    HEADER_FIELDS,
    IGNORED_HEADERS,
    NAME_PARTS,
    STATUSES,
    TRANSLATIONS,
)
from kiosk.sync.rows import Status
from kiosk.sync.values import normalize_header

ENGLISH: Final = "en"
_REQUIRED: Final = frozenset({"code", "position_id"})
_PERSON_COLUMNS: Final = frozenset({"visitor_secrets", "addon_to"})


@dataclass(frozen=True)
class PretixLanguage:
    """One language's header keys (-> field) and status keys (-> status)."""

    code: str
    headers: dict[str, str]
    statuses: dict[str, Status]


def _say(language: str, key: str) -> str:
    if language == ENGLISH:
        return key.rpartition("|")[2]
    return TRANSLATIONS[language].get(key) or key.rpartition("|")[2]


@cache
def languages() -> tuple[PretixLanguage, ...]:
    """Every language pretix ships (English first), with its keys."""
    found: list[PretixLanguage] = []
    for language in (ENGLISH, *TRANSLATIONS):
        headers: dict[str, str] = {}
        for key, field in {**HEADER_FIELDS, **IGNORED_HEADERS}.items():
            # The first meaning of a key wins: pretix writes "Status" before the address's
            # "State", and some languages translate both the same way.
            headers.setdefault(normalize_header(_say(language, key)), field)
        attendee = normalize_header(_say(language, "Attendee name"))
        for key, field in NAME_PARTS.items():
            headers.setdefault(attendee + normalize_header(_say(language, key)), field)
        statuses: dict[str, Status] = {}
        for key, status in STATUSES.items():
            statuses.setdefault(_status_key(_say(language, key)), status)  # type: ignore[arg-type]
        found.append(PretixLanguage(language, headers, statuses))
    return tuple(found)


def _status_key(text: str) -> str:
    return " ".join(text.casefold().split())


@cache
def _all_keys() -> frozenset[str]:
    return frozenset(key for language in languages() for key in language.headers)


class _Keys:
    """``key in PRETIX_KEYS``: a header pretix writes in any language (built on first use)."""

    def __contains__(self, key: object) -> bool:
        return key in _all_keys()


PRETIX_KEYS: Final = _Keys()


def detect_language(cells: Sequence[str]) -> PretixLanguage | None:
    """The language of a pretix positions header row, or None if it is no such row.

    A positions sheet names an order code and a position id and has a ticket secret or an
    add-on column; the language matching most cells wins (English on a tie).
    """
    keys = [normalize_header(cell) for cell in cells]
    best: PretixLanguage | None = None
    best_score = 0
    for language in languages():
        fields = {language.headers[key] for key in keys if key in language.headers}
        if not (fields >= _REQUIRED and fields & _PERSON_COLUMNS):
            continue
        score = sum(1 for key in keys if key in language.headers)
        if score > best_score:
            best, best_score = language, score
    return best


def status_of(language: PretixLanguage, text: str) -> Status | None:
    """The status a pretix status word means in ``language`` (or in any language), else None."""
    key = _status_key(text)
    found = language.statuses.get(key)
    if found is not None:
        return found
    for other in languages():
        found = other.statuses.get(key)
        if found is not None:
            return found
    return None
