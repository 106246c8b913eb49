"""Find bookings the way gate staff say them: pinyin, initials, a typo, the last phone digits.

Two halves, used at different times:

* **At sync time** :func:`search_keys` turns a booking's names (contact and visitors) into one
  short text, stored beside the booking (column ``reservation.search_keys``). Chinese names get
  their pinyin readings (``王小明`` → ``wang xiao ming``), computed with ``pypinyin`` once per
  distinct character and cached, so a million bookings cost a few seconds. Latin names are folded
  (case, accents, width: ``Zoë`` → ``zoe``).
* **Per keystroke** a :class:`SearchIndex` over ``(id, code, phone, keys)`` answers a query from
  memory: postings (token, pinyin initials, Han character, phone tail, code) pick the few
  candidates, :func:`match_name` checks them, and the hits come back ranked best first with the
  reason they matched (:class:`MatchReason`). It needs neither ``pypinyin`` nor the database.

Pure and Qt-free; nothing here raises on any query text.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import random
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Final, NamedTuple

from rapidfuzz import process as rf_process
from rapidfuzz.distance import OSA

SEARCH_KEYS_VERSION: Final = "1"
"""First field of every :func:`search_keys` text; a new format gets a new version (re-sync)."""

MAX_TYPO_DISTANCE: Final = 1
MIN_TYPO_WORD: Final = 4
"""Words shorter than this must match exactly or as a prefix: a typo in 3 letters is a new name."""
MIN_PHONE_DIGITS: Final = 4
MIN_CODE_PREFIX: Final = 4
_MAX_INITIALS_KEY: Final = 4
_MAX_READINGS: Final = 3
_MAX_QUERY_WORDS: Final = 6
_NAME_SEP: Final = "|"
_READINGS_SEP: Final = ":"


class MatchReason(StrEnum):
    """Why a booking matched; the order of definition is the rank (best first)."""

    CODE = "code"
    NAME_EXACT = "name_exact"
    PHONE = "phone"
    PINYIN_FULL = "pinyin_full"
    NAME_PREFIX = "name_prefix"
    PINYIN_INITIALS = "pinyin_initials"
    PINYIN_MIXED = "pinyin_mixed"
    NAME_CONTAINS = "name_contains"
    NAME_TYPO = "name_typo"
    CODE_PREFIX = "code_prefix"

    @property
    def rank(self) -> int:
        return _REASON_RANK[self]


_REASON_RANK: Final = {reason: index for index, reason in enumerate(MatchReason)}
_REASONS: Final = tuple(MatchReason)


# --- folding ---------------------------------------------------------------------------------

_LETTER_MAP: Final = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th"}
)
_APOSTROPHES: Final = re.compile(r"['’`´]")
_NOT_WORD: Final = re.compile(r"[\W_]+")
_HAN_CLASS: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN: Final = re.compile(f"[{_HAN_CLASS}]")
_HAN_NAME: Final = re.compile(f"[{_HAN_CLASS}]+")
_SYLLABLE_RUNS: Final = re.compile(r"[a-z0-9]+|[^a-z0-9 ]")


def is_han(char: str) -> bool:
    """Whether ``char`` (one character) is a CJK ideograph, what pinyin is made for."""
    return _HAN.match(char) is not None


def has_han(text: str) -> bool:
    """Whether ``text`` contains a CJK ideograph."""
    return _HAN.search(text) is not None


def fold(text: str) -> str:
    """Fold text for matching: width, case and accents removed, punctuation to single spaces.

    ``"  Zoë  O'Brien-Smith "`` → ``"zoe obrien smith"``; ``"王 小明"`` → ``"王 小明"``.
    """
    if text.isascii():
        folded = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        folded = unicodedata.normalize("NFC", folded.casefold().translate(_LETTER_MAP))
    folded = _APOSTROPHES.sub("", folded)
    return _NOT_WORD.sub(" ", folded).strip()


def phone_digits(phone: str | None) -> str:
    """The digits of a phone number (any width), for matching its last digits."""
    if not phone:
        return ""
    if phone.isascii():
        return "".join(filter(str.isdigit, phone))
    return "".join(ch for ch in unicodedata.normalize("NFKC", phone) if ch.isdecimal())


def normalise_code(text: str) -> str:
    """A code as stored: upper case, letters and digits only."""
    if text.isascii() and text.isalnum():
        return text.upper()
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isalnum())


# --- keys at sync time -----------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """A data table written as words separated by spaces."""
    return tuple(text.split())


# Surnames read differently from the character's everyday reading (单 is "shan" as a name, not
# "dan"), and compound surnames. The everyday readings stay as alternatives.
_SURNAME_READINGS: Final[dict[str, tuple[str, ...]]] = {
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "查": ("zha",),
    "朴": ("piao",),
    "盖": ("ge",),
    "乐": ("yue",),
    "种": ("chong",),
    "覃": ("qin",),
    "员": ("yun",),
    "秘": ("bi",),
    "缪": ("miao",),
    "冼": ("xian",),
    "翟": ("zhai",),
    "召": ("shao",),
    "句": ("gou",),
    "黑": ("he",),
    "繁": ("po",),
    "折": ("she",),
    "燕": ("yan",),
    "宁": ("ning",),
    "曲": ("qu",),
    "薄": ("bo",),
    "长孙": ("zhang", "sun"),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
}
_COMPOUND_SURNAMES: Final = frozenset(
    _words(
        "欧阳 司马 诸葛 上官 东方 皇甫 慕容 司徒 令狐 夏侯 尉迟 公孙 长孙 宇文 轩辕 万俟 端木 "
        "独孤 南宫 西门 百里 呼延 澹台 申屠 太史 闻人 赫连 钟离"
    )
)


# Characters of names with more than one common reading. Every other character gets only its
# most common reading: pypinyin's rarer readings (王 "yu", 明 "meng") would make initials such
# as "yxm" find 王小明.
_NAME_POLYPHONES: Final[dict[str, tuple[str, ...]]] = {
    ch: tuple(readings.split("/"))
    for ch, readings in (
        item.split("=")
        for item in _words(
            "曾=zeng/ceng 单=shan/dan/chan 解=xie/jie 仇=qiu/chou 区=ou/qu 查=zha/cha 朴=piao/pu "
            "盖=ge/gai 乐=le/yue 种=chong/zhong 长=chang/zhang 重=chong/zhong 行=xing/hang "
            "朝=chao/zhao 都=du/dou 万=wan/mo 薄=bo/bao 藏=zang/cang 翟=zhai/di 晟=sheng/cheng "
            "茜=qian/xi 莘=shen/xin 柏=bai/bo 蔚=wei/yu 隽=jun/juan 阿=a/e 尉=wei/yu 秘=bi/mi "
            "员=yuan/yun 召=zhao/shao 句=ju/gou 折=zhe/she 繁=fan/po 覃=qin/tan 缪=miao/mou "
            "祭=ji/zhai 谌=chen/shen 沈=shen 吕=lv/lu/lyu 女=nv/nu"
        )
    )
}


@lru_cache(maxsize=65_536)
def han_readings(char: str) -> tuple[str, ...]:
    """Pinyin readings of one Han character as names use it, most common first.

    Toneless; ``ü`` is written ``v`` with a ``u`` spelling beside it (``绿`` → ``("lv", "lu")``).
    Polyphones common in names keep their name readings (``曾`` → ``("zeng", "ceng")``); any
    other character gets its most common reading only. Empty for a character pypinyin does not
    know. Cached: after the first few thousand names, a character costs a dictionary look-up.
    """
    known = _NAME_POLYPHONES.get(char)
    if known is not None:
        return known
    from pypinyin import Style, pinyin

    reading = pinyin(char, style=Style.NORMAL, errors="ignore")
    spelled = reading[0][0].replace("ü", "v") if reading and reading[0] else ""
    if not (spelled.isascii() and spelled.isalpha()):
        return ()
    return (spelled, spelled.replace("v", "u")) if "v" in spelled else (spelled,)


@lru_cache(maxsize=65_536)
def _readings_text(char: str) -> str:
    return "/".join(han_readings(char)) or "?"


@lru_cache(maxsize=4_096)
def _surname_texts(surname: str) -> tuple[str, ...]:
    """Readings text of each character of a surname, its surname reading first."""
    special = _SURNAME_READINGS.get(surname, ())
    texts = []
    for index, char in enumerate(surname):
        readings = han_readings(char)
        if index < len(special):
            readings = (special[index], *(r for r in readings if r != special[index]))
        texts.append("/".join(readings[:_MAX_READINGS]) or "?")
    return tuple(texts)


def _surname_of(compact: str) -> str:
    if compact[:2] in _COMPOUND_SURNAMES:
        return compact[:2]
    return compact[:1]


def name_key(name: str) -> str:
    """The key of one name: its folded text and, for Chinese, its readings.

    ``"Chloé Martin"`` → ``"chloe martin"``; ``"王小明"`` → ``"王小明:wang xiao ming"``;
    ``"曾小贤"`` → ``"曾小贤:zeng/ceng xiao xian"``; ``"王Lily"`` → ``"王lily:wang lily"``.
    Empty for a blank name.
    """
    stripped = name.strip()
    if _HAN_NAME.fullmatch(stripped):  # the common case, kept fast: a Chinese name
        surname = _surname_of(stripped)
        given = map(_readings_text, stripped[len(surname) :])
        return f"{stripped}{_READINGS_SEP}{' '.join((*_surname_texts(surname), *given))}"
    folded = fold(name)
    if not has_han(folded):
        return folded
    compact = folded.replace(" ", "")
    runs = _SYLLABLE_RUNS.findall(folded)
    texts = [
        run if run.isascii() else (_readings_text(run) if is_han(run) else "?") for run in runs
    ]
    if is_han(compact[0]):
        surname = _surname_of(compact)
        texts[: len(surname)] = _surname_texts(surname)
    return f"{compact}{_READINGS_SEP}{' '.join(texts)}"


def search_keys(names: Iterable[str | None]) -> str:
    """The stored search text of one booking: the keys of all its names, deduplicated.

    Args:
        names: the contact name and the visitors' names (blanks are skipped).

    Returns:
        ``"1|王小明:wang xiao ming|chloe martin"``: the format version, then one key per name.
    """
    keys: list[str] = []
    for name in names:
        if not name:
            continue
        key = name_key(name)
        if key and key not in keys:
            keys.append(key)
    return _NAME_SEP.join((SEARCH_KEYS_VERSION, *keys))


# --- parsed names and the matcher ------------------------------------------------------------


class ParsedName(NamedTuple):
    """One name of a booking as the matcher sees it.

    Attributes:
        text: folded; Chinese names without spaces (``"王小明"``, ``"chloe martin"``).
        tokens: words to match Latin queries against; a Chinese name adds its romanised surname
            and given name (``("wang", "xiaoming")``) so ``Xiaoming Wang`` finds it too.
        syllables: readings per syllable of a name with Han characters, else empty.
    """

    text: str
    tokens: tuple[str, ...]
    syllables: tuple[tuple[str, ...], ...]


def parse_keys(keys: str) -> tuple[ParsedName, ...]:
    """The names in a :func:`search_keys` text (an unknown version or garbage gives none)."""
    parts = keys.split(_NAME_SEP)
    if parts[0] != SEARCH_KEYS_VERSION:
        return ()
    return tuple(parsed for part in parts[1:] if (parsed := _parse_name(part)) is not None)


@lru_cache(maxsize=16_384)
def _parse_syllable(options: str) -> tuple[str, ...]:
    return tuple(sys.intern(reading) for reading in options.split("/"))


def _parse_name(part: str) -> ParsedName | None:
    text, _, readings = part.partition(_READINGS_SEP)
    if not text:
        return None
    if not readings:
        return ParsedName(text, tuple(sys.intern(t) for t in text.split()), ())
    syllables = tuple(map(_parse_syllable, readings.split(" ")))
    tokens: tuple[str, ...] = ()
    if 2 <= len(syllables) <= 4 and _HAN_NAME.fullmatch(text):
        primary = [options[0] for options in syllables]
        split = len(_surname_of(text)) if len(primary) > 2 else 1
        tokens = (sys.intern("".join(primary[:split])), sys.intern("".join(primary[split:])))
    return ParsedName(text, tokens, syllables)


class Query(NamedTuple):
    """A query analysed once, then matched against many names."""

    folded: str
    words: tuple[str, ...]
    letters: str
    """The folded query without spaces, if it is Latin letters only (for pinyin), else ``""``."""
    han: str
    """The folded query without spaces, if it contains Han characters, else ``""``."""
    digits: str
    code: str


def analyse(query: str) -> Query:
    """Fold and classify a query once (see :class:`Query`)."""
    text = query[:200]
    folded = fold(text)
    compact = folded.replace(" ", "")
    letters = compact if compact.isascii() and compact.isalpha() else ""
    digits = compact if compact.isascii() and compact.isdecimal() else ""
    return Query(
        folded=folded,
        words=tuple(folded.split()),
        letters=letters,
        han=compact if has_han(compact) else "",
        digits=digits,
        code=normalise_code(text),
    )


class NameMatch(NamedTuple):
    """How well one name matched; tuples compare best first: by reason, then whole words
    before partly typed ones, then from the first word or syllable before later ones."""

    rank: int
    """:attr:`MatchReason.rank` of :attr:`reason`, first so that tuples sort by it."""
    inexact: int
    """How many query words matched only as a prefix (or a syllable only partly typed)."""
    start: int
    """0 when the match starts at the name's first word or syllable (the surname)."""

    @property
    def reason(self) -> MatchReason:
        return _REASONS[self.rank]


def _match(reason: MatchReason, start: int = 0, inexact: int = 0) -> NameMatch:
    return NameMatch(reason.rank, inexact, start)


def match_name(query: Query, name: ParsedName) -> NameMatch | None:
    """The best way ``query`` matches ``name``, or None.

    Han queries match the name's characters (exact, prefix, inside); Latin queries match its
    words (exact, prefix, one typo, in any order) and, for a Chinese name, its pinyin: full
    syllables (``wangxiaoming``, ``wang xiao m``), initials (``wxm``, ``zhxm``) or both mixed
    (``wangxm``), from the surname or from the given name on.
    """
    if query.han:
        return _match_han(query.han, name.text)
    best: NameMatch | None = None
    if query.words and name.tokens:
        best = _match_words(query.words, name.tokens)
    if query.letters and name.syllables and (best is None or best.rank > _PINYIN_FULL_RANK):
        pinyin = _match_pinyin(query.letters, name.syllables)
        if pinyin is not None and (best is None or pinyin < best):
            best = pinyin
    return best


def _match_han(han: str, text: str) -> NameMatch | None:
    if text == han:
        return _match(MatchReason.NAME_EXACT)
    if text.startswith(han):
        return _match(MatchReason.NAME_PREFIX, 0, len(text) - len(han))
    position = text.find(han)
    if position > 0:
        return _match(MatchReason.NAME_CONTAINS, position, len(text) - len(han))
    return None


_EXACT, _PREFIX, _TYPO = 0, 1, 2


def _word_cost(word: str, token: str) -> int | None:
    if word == token:
        return _EXACT
    if token.startswith(word):
        return _PREFIX
    if (
        len(word) >= MIN_TYPO_WORD
        and abs(len(word) - len(token)) <= MAX_TYPO_DISTANCE
        and OSA.distance(word, token, score_cutoff=MAX_TYPO_DISTANCE) <= MAX_TYPO_DISTANCE
    ):
        return _TYPO
    return None


def _match_words(words: tuple[str, ...], tokens: tuple[str, ...]) -> NameMatch | None:
    """Every query word matches a different name word: exactly, as a prefix or with one typo."""
    if len(words) > min(len(tokens), _MAX_QUERY_WORDS):
        return None
    if len(words) == 1:
        word = words[0]
        for start, token in enumerate(tokens):
            if token.startswith(word):
                exact = token == word
                if exact and len(tokens) == 1:
                    return _match(MatchReason.NAME_EXACT)
                return _match(MatchReason.NAME_PREFIX, start, int(not exact))
    options: list[list[tuple[int, int]]] = []
    for word in words:
        found = [
            (cost, i)
            for i, token in enumerate(tokens)
            if (cost := _word_cost(word, token)) is not None
        ]
        if not found:
            return None
        options.append(found)
    best: tuple[int, int, int] | None = None  # (typos, prefixes, start)
    for choice in itertools.product(*options):
        used = [i for _, i in choice]
        if len(set(used)) != len(used):
            continue
        costs = [cost for cost, _ in choice]
        score = (costs.count(_TYPO), costs.count(_PREFIX), used[0])
        if best is None or score < best:
            best = score
    if best is None:
        return None
    typos, prefixes, start = best
    if typos:
        return _match(MatchReason.NAME_TYPO, start, typos + prefixes)
    if not prefixes and len(words) == len(tokens):
        return _match(MatchReason.NAME_EXACT, start)
    return _match(MatchReason.NAME_PREFIX, start, prefixes)


_PINYIN_FULL_RANK: Final = MatchReason.PINYIN_FULL.rank


def _match_pinyin(letters: str, syllables: tuple[tuple[str, ...], ...]) -> NameMatch | None:
    """Consume ``letters`` with a non-empty prefix of each syllable in turn, from some syllable.

    The best parse decides the reason: every syllable typed whole (the last may still be being
    typed) is full pinyin; one letter (or zh/ch/sh) each is initials; anything else is mixed.
    Names with one reading per syllable take a fast path (``str.startswith``) for the first two.
    """
    if all(len(options) == 1 for options in syllables):
        primary = [options[0] for options in syllables]
        for start in range(len(primary)):
            if "".join(primary[start:]).startswith(letters):
                return _match(
                    MatchReason.PINYIN_FULL, start, _partial_tail(letters, primary, start)
                )
        if len(letters) > 1:
            initials = "".join(reading[0] for reading in primary)
            position = initials.find(letters)
            if position >= 0:
                return _match(MatchReason.PINYIN_INITIALS, position)
    best: NameMatch | None = None
    for start in range(len(syllables)):
        if not any(reading.startswith(letters[0]) for reading in syllables[start]):
            continue
        for kinds in _parses(letters, 0, syllables, start):
            match = _classify(kinds, start)
            if best is None or match < best:
                best = match
    return best


def _partial_tail(letters: str, readings: Sequence[str], start: int) -> int:
    """1 if the last syllable typed is only partly typed, else 0."""
    typed = 0
    for reading in readings[start:]:
        typed += len(reading)
        if typed >= len(letters):
            return int(typed != len(letters))
    return 0


# Piece kinds: a whole syllable, an initial (its first letter, or zh/ch/sh), or something else.
_WHOLE, _INITIAL, _PART = 0, 1, 2


def _parses(
    letters: str, position: int, syllables: tuple[tuple[str, ...], ...], index: int
) -> Iterator[tuple[int, ...]]:
    """Every way to consume ``letters[position:]`` from ``syllables[index]`` on, as piece kinds."""
    if index >= len(syllables):
        return
    rest = len(letters) - position
    for reading in syllables[index]:
        for length in range(min(len(reading), rest), 0, -1):
            if letters[position : position + length] != reading[:length]:
                continue
            if length == len(reading):
                kind = _WHOLE
            elif length == 1 or (length == 2 and reading[:2] in ("zh", "ch", "sh")):
                kind = _INITIAL
            else:
                kind = _PART
            if position + length == len(letters):
                yield (kind,)
            else:
                for tail in _parses(letters, position + length, syllables, index + 1):
                    yield (kind, *tail)


def _classify(kinds: tuple[int, ...], start: int) -> NameMatch:
    *body, last = kinds
    if all(kind == _WHOLE for kind in body):
        # The last syllable may be partly typed ("wang xiao mi"): still full pinyin.
        return _match(MatchReason.PINYIN_FULL, start, int(last != _WHOLE))
    if all(kind == _INITIAL for kind in kinds):
        return _match(MatchReason.PINYIN_INITIALS, start)
    return _match(MatchReason.PINYIN_MIXED, start, sum(kind != _WHOLE for kind in kinds))


# --- the index -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What the index holds of one booking.

    Attributes:
        reservation_id: the booking's id, handed back in hits.
        code: the booking code as stored.
        phone: the phone number as stored (only its digits are kept).
        keys: the stored :func:`search_keys` text.
        group: an opaque tag (the session id) that ``prefer`` ranks first, e.g. today's sessions.
    """

    reservation_id: int
    code: str
    phone: str
    keys: str
    group: str = ""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One booking found.

    Attributes:
        reservation_id: the booking.
        reason: why it matched (the best reason if several).
        matched: what matched, folded (``"chloe martin"``, ``"王小明"``) or the code; empty for
            phone digits (the number is not repeated: the caller shows it masked).
        group: the record's group tag.
    """

    reservation_id: int
    reason: MatchReason
    matched: str
    group: str


class _Ranked(NamedTuple):
    rank: int
    not_preferred: bool
    inexact: int
    start: int
    length: int
    matched: str
    reservation_id: int
    group: str


MAX_CHECKED: Final = 500
"""At most this many candidates are checked name by name per query, and at most
:data:`MAX_KNOWN` more taken whose match the postings already prove. A query as vague as ``li``
matches a tenth of all bookings; checking them all would cost more than a keystroke may.
Preferred groups go first, then matches from the first syllable, then the rest, so the hits
shown stay the best that matter; every hit shown is a true match with its true reason."""
MAX_KNOWN: Final = 1_000


class _Source(NamedTuple):
    """Candidate slots, and their match if the postings prove it (else each is checked)."""

    bound: NameMatch
    """The best match any of these slots can have: sources are taken best bound first."""
    slots: Sequence[int]
    known: NameMatch | None = None
    reading: str = ""


class SearchIndex:
    """In-memory postings over bookings' search keys: a query is a few dictionary look-ups.

    Build it from all records (``SearchIndex(records)``), keep it fresh with :meth:`upsert` and
    :meth:`remove` (a changed booking takes a new slot; the old one stays as a tombstone until
    enough pile up to compact), and ask :meth:`search` per keystroke. Not thread-safe: have one
    owner, or build a new index in the background and swap the reference.
    """

    def __init__(self, records: Iterable[SearchRecord] = ()) -> None:
        self._ids: list[int] = []
        self._codes: list[str] = []
        self._phones: list[str] = []
        self._groups: list[str] = []
        self._names: list[tuple[ParsedName, ...] | None] = []
        self._slot_of: dict[int, int] = {}
        self._dead = 0
        self._parsed: dict[str, ParsedName | None] = {}
        """Each distinct name key parsed once, then shared (names repeat: 王伟, 张敏 …)."""
        self._by_token: dict[str, list[int]] = {}
        """Slots by the words of their Latin names."""
        self._by_romanised: dict[str, list[int]] = {}
        """Slots by the romanised surname and given name of their Chinese names."""
        self._by_reading: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        """Slots by the reading of their first syllable, and of a later one."""
        self._by_initials: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        """Slots by the initials of 2–4 syllables in a row, from the first syllable or later."""
        self._by_han: dict[str, list[int]] = {}
        self._tables = (
            self._by_token,
            self._by_romanised,
            self._by_han,
            *self._by_reading,
            *self._by_initials,
        )
        self._by_phone: dict[str, list[int]] = {}
        self._by_code: dict[str, int] = {}
        self._reading_prefixes: set[str] = set()
        self._sorted_tokens: list[str] = []
        self._sorted_romanised: list[str] = []
        self._sorted_readings: list[str] = []
        self._sorted_codes: list[str] = []
        self._fresh: list[tuple[int, str]] = []
        """Keys new since the sorted lists were last brought up to date (kind, key)."""
        self.upsert(records)

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, reservation_id: object) -> bool:
        return reservation_id in self._slot_of

    # -- changes ----------------------------------------------------------------------------

    def upsert(self, records: Iterable[SearchRecord]) -> None:
        """Add bookings, or replace those already held (same ``reservation_id``)."""
        for record in records:
            old = self._slot_of.get(record.reservation_id)
            if old is not None:
                self._kill(old)
            self._add(
                record.reservation_id,
                normalise_code(record.code),
                phone_digits(record.phone),
                record.group,
                self._parse(record.keys),
            )
        self._update_sorted()
        if self._dead > 1_000 and self._dead > len(self._slot_of) // 4:
            self._compact()

    def remove(self, reservation_ids: Iterable[int]) -> None:
        """Forget bookings (deleted or purged); unknown ids are ignored."""
        for reservation_id in reservation_ids:
            slot = self._slot_of.pop(reservation_id, None)
            if slot is not None:
                self._kill(slot)

    def _parse(self, keys: str) -> tuple[ParsedName, ...]:
        parts = keys.split(_NAME_SEP)
        if parts[0] != SEARCH_KEYS_VERSION:
            return ()
        names = []
        for part in parts[1:]:
            try:
                name = self._parsed[part]
            except KeyError:
                name = self._parsed[part] = _parse_name(part)
            if name is not None:
                names.append(name)
        return tuple(names)

    def _kill(self, slot: int) -> None:
        code = self._codes[slot]
        if self._by_code.get(code) == slot:
            del self._by_code[code]
        self._names[slot] = None
        self._dead += 1

    def _add(
        self,
        reservation_id: int,
        code: str,
        digits: str,
        group: str,
        names: tuple[ParsedName, ...],
    ) -> None:
        slot = len(self._ids)
        self._ids.append(reservation_id)
        self._codes.append(code)
        self._phones.append(digits)
        self._groups.append(group)
        self._names.append(names)
        self._slot_of[reservation_id] = slot
        if code:
            if code not in self._by_code:
                self._fresh.append((_CODE, code))
            self._by_code[code] = slot
        if len(digits) >= MIN_PHONE_DIGITS:
            self._by_phone.setdefault(digits[-MIN_PHONE_DIGITS:], []).append(slot)
        tables = self._tables
        prefixes = self._reading_prefixes
        for name in names:
            for kind, key in _posting_keys(name):
                table = tables[kind]
                postings = table.get(key)
                if postings is None:
                    postings = table[key] = []
                    if kind <= _READING_LATER and kind != _HAN_CHAR:
                        self._fresh.append((kind, key))
                    if kind in (_READING_FIRST, _READING_LATER) and key not in prefixes:
                        prefixes.update(key[:n] for n in range(1, len(key) + 1))
                postings.append(slot)

    def _compact(self) -> None:
        """Rebuild the postings without tombstones (after many changes)."""
        fresh = SearchIndex()
        fresh._parsed = self._parsed
        for rid, slot in self._slot_of.items():
            names = self._names[slot] or ()
            fresh._add(rid, self._codes[slot], self._phones[slot], self._groups[slot], names)
        fresh._update_sorted()
        self.__dict__.update(fresh.__dict__)

    def _update_sorted(self) -> None:
        """Bring the sorted keys up to date: re-sort after a big batch, insert after a few
        (so a change synced during the day never makes the next keystroke pay a sort)."""
        fresh, self._fresh = self._fresh, []
        if len(fresh) > 1_000:
            self._sorted_tokens = sorted(self._by_token)
            self._sorted_romanised = sorted(self._by_romanised)
            self._sorted_readings = sorted({*self._by_reading[0], *self._by_reading[1]})
            self._sorted_codes = sorted(self._by_code)
            return
        lists = {
            _LATIN_TOKEN: self._sorted_tokens,
            _ROMANISED: self._sorted_romanised,
            _READING_FIRST: self._sorted_readings,
            _READING_LATER: self._sorted_readings,
            _CODE: self._sorted_codes,
        }
        for kind, key in fresh:
            keys = lists[kind]
            position = bisect.bisect_left(keys, key)
            if position == len(keys) or keys[position] != key:
                keys.insert(position, key)

    def _sorted(self) -> tuple[list[str], list[str], list[str], list[str]]:
        """Sorted keys for prefix look-ups: Latin words, romanised names, readings, codes
        (codes of removed bookings may linger: look them up before use)."""
        return (
            self._sorted_tokens,
            self._sorted_romanised,
            self._sorted_readings,
            self._sorted_codes,
        )

    # -- queries ----------------------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 20, prefer: Container[str] = frozenset()
    ) -> list[SearchHit]:
        """The best ``limit`` bookings for ``query``, best first, each with its reason.

        Ranked by reason (:class:`MatchReason` order), then records whose group is in
        ``prefer``, then fewer partly typed words, then matches from the first word or
        syllable, then shorter names. A blank query, or a single Latin letter, finds nothing.

        Args:
            query: what was typed: a name (any script, pinyin, initials), a code, phone digits.
            limit: how many hits at most.
            prefer: group tags to rank first within a reason (today's sessions).
        """
        q = analyse(query)
        if not q.folded or (not q.han and len(q.folded) < 2):
            return []
        best: dict[int, _Ranked] = {}
        groups = self._groups
        ids = self._ids

        def offer(slot: int, match: NameMatch, matched: str) -> None:
            ranked = _Ranked(
                match.rank,
                groups[slot] not in prefer,
                match.inexact,
                match.start,
                len(matched),
                matched,
                ids[slot],
                groups[slot],
            )
            current = best.get(slot)
            if current is None or ranked < current:
                best[slot] = ranked

        self._search_codes(q, offer)
        if len(q.digits) >= MIN_PHONE_DIGITS:
            for slot in self._by_phone.get(q.digits[-MIN_PHONE_DIGITS:], ()):
                if self._names[slot] is not None and self._phones[slot].endswith(q.digits):
                    offer(slot, _match(MatchReason.PHONE), "")
        sources = self._name_sources(q)
        checked = known = 0
        settled: list[_Ranked] = []  # the current top `limit`, refreshed as `best` grows
        settled_at = -1

        def beyond_reach(bound: NameMatch, not_preferred: bool) -> bool:
            """Whether the top `limit` are already as good as anything under `bound`."""
            nonlocal settled, settled_at
            if len(best) < limit:
                return False
            if settled_at != len(best):
                settled, settled_at = heapq.nsmallest(limit, best.values()), len(best)
            kth = settled[-1]
            return (kth.rank, kth.not_preferred, kth.inexact, kth.start) <= (
                bound.rank,
                not_preferred,
                bound.inexact,
                bound.start,
            )

        for wanted in (True, False) if prefer else (None,):
            not_preferred = wanted is not True
            for source in sources:
                if beyond_reach(source.bound, not_preferred):
                    continue
                for slot in source.slots:
                    if wanted is not None and (groups[slot] in prefer) is not wanted:
                        continue
                    names = self._names[slot]
                    if not names:
                        continue
                    if source.known is not None:
                        if known >= MAX_KNOWN:
                            break
                        known += 1
                        offer(slot, source.known, _name_with(names, source.reading))
                        continue
                    current = best.get(slot)
                    if current is not None and (
                        (current.rank, current.inexact, current.start) <= source.bound
                    ):
                        continue  # already matched as well as this source can
                    if checked >= MAX_CHECKED:
                        break
                    checked += 1
                    if checked % 64 == 0 and beyond_reach(source.bound, not_preferred):
                        break
                    for name in names:
                        match = match_name(q, name)
                        if match is not None:
                            offer(slot, match, name.text)
        top = heapq.nsmallest(limit, best.values())
        return [SearchHit(r.reservation_id, _REASONS[r.rank], r.matched, r.group) for r in top]

    def _search_codes(self, q: Query, offer: Callable[[int, NameMatch, str], None]) -> None:
        if not q.code or q.han:
            return
        slot = self._by_code.get(q.code)
        if slot is not None:
            offer(slot, _match(MatchReason.CODE), q.code)
        if len(q.code) < MIN_CODE_PREFIX:
            return
        codes = self._sorted()[3]
        start = bisect.bisect_left(codes, q.code)
        for code in codes[start : start + 50]:
            if not code.startswith(q.code):
                break
            slot = self._by_code.get(code)
            if code != q.code and slot is not None:
                offer(slot, _match(MatchReason.CODE_PREFIX), code)

    def _name_sources(self, q: Query) -> list[_Source]:
        """Where the name matches may be, likely best first.

        A query that is one syllable or the start of one (``li``, ``xiao``) takes the
        postings of the readings it begins: their match is known without checking. Longer
        pinyin is cut every way into syllable starts; the initials of each cut pick slots to
        check (``wangxm`` → ``wxm``). Latin words take the postings of the most selective word.
        """
        if q.han:
            lists = sorted((self._by_han.get(ch, []) for ch in set(q.han) if is_han(ch)), key=len)
            if not lists:
                return []
            having_all = set(lists[0]).intersection(*lists[1:])
            return [_Source(_match(MatchReason.NAME_EXACT), sorted(having_all))]
        sources: list[_Source] = []
        full = MatchReason.PINYIN_FULL
        # How exactly pinyin can match at best: 1 when the last syllable is only partly typed.
        pinyin_floor = 1
        if q.letters:
            initials = self._query_initials(q.letters)
            whole = q.letters in self._by_reading[0] or q.letters in self._by_reading[1]
            pinyin_floor = 0 if whole else min(initials.values(), default=1)
            readings = self._sorted()[2]
            start = bisect.bisect_left(readings, q.letters)
            end = bisect.bisect_left(readings, q.letters + "\uffff", start)
            # Whole syllable first ("li" before "lin", "liang"), then shorter readings.
            for reading in sorted(readings[start:end], key=lambda r: (r != q.letters, len(r))):
                for start, table in enumerate(self._by_reading):
                    if slots := table.get(reading):
                        known = _match(full, start, int(reading != q.letters))
                        sources.append(_Source(known, slots, known, reading))
            for key, inexact in initials.items():
                if len(key) < 2:
                    continue  # one syllable: the readings above
                for start, table in enumerate(self._by_initials):
                    if slots := table.get(key):
                        sources.append(_Source(_match(full, start, inexact), slots))
        if q.words:
            pinyin = _match(full, 0, pinyin_floor) if q.letters else None
            sources += self._token_sources(q.words, pinyin)
        # Best bound first; stable, so known matches before checked ones of the same bound;
        # among checked ones of one bound, the smallest first (the most specific).
        sources.sort(key=lambda source: (source.bound, source.known is None, len(source.slots)))
        return sources

    def _token_sources(self, words: tuple[str, ...], pinyin: NameMatch | None) -> list[_Source]:
        """Slots where every query word begins a word of a name or is one typo away from one;
        those where every word begins one first.

        ``pinyin`` is the best a pinyin match of these slots could be (they are checked in
        full), or None when the query is no pinyin.

        Romanised Chinese names (``wang xiaoming``) count for queries of two words only: one
        word is the pinyin path's (which ranks it better), and they have two words.
        """
        sorted_tokens, sorted_romanised, _, _ = self._sorted()
        romanised = len(words) == 2
        per_word: list[tuple[int, list[list[int]], list[list[int]]]] = []
        for word in words[:_MAX_QUERY_WORDS]:
            starting = [self._by_token[t] for t in _with_prefix(sorted_tokens, word)]
            typos: list[list[int]] = []
            if romanised:
                starting += [self._by_romanised[t] for t in _with_prefix(sorted_romanised, word)]
            if len(word) >= MIN_TYPO_WORD:
                typos += [self._by_token[t] for t in _typo_neighbours(word, sorted_tokens)]
                if romanised:
                    typos += [
                        self._by_romanised[t] for t in _typo_neighbours(word, sorted_romanised)
                    ]
            size = sum(map(len, starting)) + sum(map(len, typos))
            per_word.append((size, starting, typos))
        per_word.sort(key=lambda entry: entry[0])
        smallest = per_word[0][0] if per_word else 0
        candidates: set[int] | None = None
        all_starting: set[int] | None = None
        for size, starting_lists, typo_lists in per_word:
            if candidates is not None and size > max(4 * smallest, 5_000):
                break  # a vague word ("l") would cost more to intersect than it saves
            begun = set(itertools.chain.from_iterable(starting_lists))
            either = begun.union(itertools.chain.from_iterable(typo_lists))
            candidates = either if candidates is None else candidates & either
            all_starting = begun if all_starting is None else all_starting & begun
        if not candidates or all_starting is None:
            return []
        exact_first = sorted(candidates & all_starting)
        every_word_whole = all(
            word in self._by_token or (romanised and word in self._by_romanised) for word in words
        )
        bound = _match(MatchReason.NAME_EXACT if every_word_whole else MatchReason.NAME_PREFIX)
        if pinyin is not None and not every_word_whole:
            bound = min(bound, pinyin)
        return [
            _Source(bound, exact_first),
            _Source(_match(MatchReason.NAME_TYPO), sorted(candidates - all_starting)),
        ]

    def _query_initials(self, letters: str) -> dict[str, int]:
        """Initials keys of every way to cut ``letters`` into starts of known readings.

        Returns:
            Each key with 0 if some cut ends on a whole reading, else 1 (the last syllable
            is only partly typed, so no match through this key is better than inexact).
        """
        letters = letters[:40]
        prefixes = self._reading_prefixes
        readings = self._by_reading
        keys: dict[str, int] = {}
        pending: list[tuple[int, str]] = [(0, "")]
        seen: set[tuple[int, str]] = set()
        while pending:
            position, key = pending.pop()
            if (position, key) in seen:
                continue
            seen.add((position, key))
            next_key = key + letters[position] if len(key) < _MAX_INITIALS_KEY else key
            for end in range(position + 1, min(len(letters), position + 6) + 1):
                piece = letters[position:end]
                if piece not in prefixes:
                    break
                if end < len(letters):
                    pending.append((end, next_key))
                    continue
                whole = piece in readings[0] or piece in readings[1]
                keys[next_key] = min(keys.get(next_key, 1), int(not whole))
        return keys


def _with_prefix(sorted_keys: list[str], prefix: str) -> list[str]:
    start = bisect.bisect_left(sorted_keys, prefix)
    end = bisect.bisect_left(sorted_keys, prefix + "\uffff", start)
    return sorted_keys[start:end]


def _name_with(names: tuple[ParsedName, ...], reading: str) -> str:
    """The text of the (first) name that has a syllable read ``reading``."""
    if len(names) > 1:
        for name in names:
            if any(reading in options for options in name.syllables):
                return name.text
    return names[0].text


def _typo_neighbours(word: str, tokens: Sequence[str]) -> list[str]:
    """Tokens one edit (or one swap of neighbours) away from ``word``."""
    return [
        token
        for token, _, _ in rf_process.extract_iter(
            word, tokens, scorer=OSA.distance, score_cutoff=MAX_TYPO_DISTANCE
        )
    ]


_LATIN_TOKEN, _ROMANISED, _HAN_CHAR, _READING_FIRST, _READING_LATER = range(5)
_INITIALS_FIRST, _INITIALS_LATER = 5, 6
_CODE = -1


def _posting_keys(name: ParsedName) -> tuple[tuple[int, str], ...]:
    """Where one name is filed: (table, key) pairs (see ``SearchIndex._tables``)."""
    if not name.syllables:
        return tuple((_LATIN_TOKEN, token) for token in dict.fromkeys(name.tokens))
    keys = [(_ROMANISED, token) for token in name.tokens]
    keys += [(_HAN_CHAR, char) for char in set(name.text) if is_han(char)]
    for position, options in enumerate(name.syllables):
        table = _READING_LATER if position else _READING_FIRST
        keys += [(table, reading) for reading in options]
    first, later = _initials_keys(name.syllables)
    keys += [(_INITIALS_FIRST, key) for key in first]
    keys += [(_INITIALS_LATER, key) for key in later]
    return tuple(dict.fromkeys(keys))


def _initials_keys(syllables: tuple[tuple[str, ...], ...]) -> tuple[list[str], list[str]]:
    """Initials of every run of two to four syllables (every choice of reading), split into
    runs that start at the first syllable and runs that start later."""
    count = len(syllables)
    if all(len(options) == 1 for options in syllables):
        initials = "".join([options[0][0] for options in syllables])
        runs = [
            (start, initials[start : start + length])
            for start in range(count - 1)
            for length in range(2, min(_MAX_INITIALS_KEY, count - start) + 1)
        ]
    else:
        firsts = [sorted({reading[0] for reading in options}) for options in syllables]
        runs = [
            (start, "".join(combination))
            for start in range(count - 1)
            for length in range(2, min(_MAX_INITIALS_KEY, count - start) + 1)
            for combination in itertools.product(*firsts[start : start + length])
        ]
    return [key for start, key in runs if start == 0], [key for start, key in runs if start]


# --- realistic names and the benchmark -------------------------------------------------------

# Surnames by share of the population (percent, rounded; the long tail evened out), given-name
# characters as they are common in names, and Latin names of the visitors a car plant sees.
_CN_SURNAMES: Final = _words(
    "王7.1 李7.0 张6.7 刘5.4 陈4.5 杨3.1 黄2.2 赵2.1 吴2.0 周1.9 徐1.5 孙1.5 马1.4 朱1.3 胡1.3 "
    "郭1.2 何1.1 林1.0 高1.0 罗0.9 郑0.9 梁0.8 谢0.7 宋0.6 唐0.6 许0.6 韩0.5 冯0.5 邓0.5 曹0.5 "
    "彭0.5 曾0.5 肖0.4 田0.4 董0.4 袁0.4 潘0.4 于0.4 蒋0.4 蔡0.4 余0.4 杜0.4 叶0.4 程0.4 苏0.3 "
    "魏0.3 吕0.3 丁0.3 任0.3 沈0.3 姚0.3 卢0.3 姜0.3 崔0.3 钟0.3 谭0.3 陆0.2 汪0.2 范0.2 金0.2 "
    "石0.2 廖0.2 贾0.2 夏0.2 韦0.2 付0.2 方0.2 白0.2 邹0.2 孟0.2 熊0.2 秦0.2 邱0.2 江0.2 尹0.2 "
    "薛0.2 闫0.2 段0.2 雷0.2 侯0.2 龙0.2 史0.2 陶0.1 黎0.1 贺0.1 顾0.1 毛0.1 郝0.1 龚0.1 邵0.1 "
    "万0.1 钱0.1 严0.1 覃0.1 武0.1 戴0.1 莫0.1 孔0.1 向0.1 汤0.1 单0.05 欧阳0.05 司马0.02 诸葛0.01"
)
_CN_GIVEN: Final = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬宇浩凯健俊帆帅旭宁龙林"
    "欢阳建亮成佳辉鹏飞波斌晶婷雪梅琳慧颖丹倩莉晨欣怡悦子轩涵梓萱宸博文昊然天佑思远嘉琪雨泽"
    "一诺可馨若曦紫依晗瑞浩宇鑫磊志国庆海云峰小春秋冬松柏青兵新永德中长乐晓东元立正大"
)
_LATIN_FIRST: Final = _words(
    "Amelia Oliver Sophie Lucas Emma Noah Mia Leon Hanna Chloé Zoë Jürgen François José Søren "
    "Łukasz Chloe Zoe Olivia Liam Ava Ethan Isabella Mason Charlotte Logan Amélie Léa Hugo Louis "
    "Gabriel Raphaël Jules Inès Manon Camille Lukas Finn Jonas Maximilian Felix Lena Marie Anna "
    "Laura Julia Sara Giulia Alessandro Lorenzo Matteo Sofia Martina Pablo Lucía Álvaro Sergio "
    "Carmen Javier Sven Ingrid Astrid Mikkel Nils Björn Anders Piotr Katarzyna Tomasz Agnieszka "
    "Jan Eva Petra Tomáš Jakub Peter Michael David Daniel James John Robert William Thomas Sarah "
    "Emily Jessica Hannah Rachel Aiden Jack Harry George Oscar Charlie Freddie Alfie Arthur Ella "
    "Grace Lily Isla Poppy Ivy Rosie Yusuf Omar Fatima Aisha Mehmet Elif Ayşe Kenji Yuki Haruto "
    "Sakura Minh Linh Anh Ngoc Priya Arjun Rohan Ananya"
)
_LATIN_LAST: Final = _words(
    "Martin Schmidt Garcia Smith Rossi Dubois Novak Jensen Müller Weber Schneider Fischer Meyer "
    "Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder Neumann Schwarz Zimmermann "
    "Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Bernard Thomas "
    "Petit Robert Richard Durand Leroy Moreau Simon Laurent Lefebvre Michel Garnier Faure Rousseau "
    "Blanc Guérin Müller Lefèvre Fontaine Chevalier Bianchi Romano Colombo Ricci Marino Greco "
    "Bruno Gallo Conti Costa Giordano Mancini Rizzo Lombardi Moretti Fernández López Martínez "
    "Sánchez Pérez Gómez Díaz Hernández Muñoz Álvarez Romero Jiménez Ruiz Nielsen Hansen Pedersen "
    "Andersen Larsen Sørensen Johansson Andersson Karlsson Nilsson Eriksson Kowalski Nowak "
    "Wiśniewski Wójcik Kowalczyk Dvořák Černý Svoboda Novotný Johnson Williams Brown Jones Miller "
    "Davis Wilson Anderson Taylor Moore Jackson White Harris Clark Lewis Walker Hall Allen Young "
    "King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips "
    "Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers O'Brien O'Connor "
    "McCarthy Yilmaz Kaya Demir Şahin Tanaka Suzuki Takahashi Watanabe Nguyen Tran Le Pham Patel "
    "Sharma Singh Kumar Gupta Van der Berg De Jong Janssen Peeters"
)


def sample_names(count: int, *, seed: int = 14, latin_share: float = 0.3) -> list[str]:
    """``count`` realistic visitor names: Chinese by surname frequency, and Latin ones.

    For benchmarks and tests: the same arguments give the same names.
    """
    rng = random.Random(seed)
    surnames = [item.rstrip("0123456789.") for item in _CN_SURNAMES]
    weights = [float(item[len(name) :]) for item, name in zip(_CN_SURNAMES, surnames, strict=True)]
    names: list[str] = []
    for _ in range(count):
        if rng.random() < latin_share:
            names.append(f"{rng.choice(_LATIN_FIRST)} {rng.choice(_LATIN_LAST)}")
            continue
        surname = rng.choices(surnames, weights)[0]
        given_length = 1 if rng.random() < 0.2 else 2
        names.append(surname + "".join(rng.choice(_CN_GIVEN) for _ in range(given_length)))
    return names


def sample_records(count: int, *, seed: int = 14) -> list[SearchRecord]:
    """``count`` bookings with realistic names (30 % with a companion), codes and phones."""
    rng = random.Random(seed + 1)
    names = sample_names(count + count // 3, seed=seed)
    companions = iter(names[count:])
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    records = []
    for index in range(count):
        party = [names[index]]
        if rng.random() < 0.3:
            party.append(next(companions, ""))
        latin = party[0].isascii() or not is_han(party[0][0])
        phone = (
            f"+44 7700 {rng.randrange(900000, 999999)}"
            if latin
            else f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}"
        )
        code = "".join(rng.choice(alphabet) for _ in range(8))
        records.append(SearchRecord(index + 1, code, phone, search_keys(party), f"S{index // 200}"))
    return records


def typing_queries(records: Sequence[SearchRecord], *, count: int = 40, seed: int = 7) -> list[str]:
    """What staff type for ``count`` bookings, keystroke by keystroke (every prefix counts).

    Per booking one of: full pinyin, initials, pinyin with initials, the Han name, the Latin
    name with a typo, the last four phone digits.
    """
    rng = random.Random(seed)
    queries: list[str] = []
    for record in rng.sample(list(records), count):
        name = parse_keys(record.keys)[0]
        if name.syllables:
            full = " ".join(options[0] for options in name.syllables)
            initials = "".join(options[0][0] for options in name.syllables)
            mixed = name.syllables[0][0][0] + initials[1:]
            typed = rng.choice((full, initials, mixed, name.text))
        elif rng.random() < 0.8:
            words = name.text.split()
            last = words[-1]
            if len(last) >= MIN_TYPO_WORD:
                cut = rng.randrange(1, len(last) - 1)
                words[-1] = last[:cut] + last[cut + 1 :]
            typed = " ".join(words)
        else:
            typed = phone_digits(record.phone)[-4:]
        queries.extend(typed[:n] for n in range(1, len(typed) + 1))
    return queries


@dataclass(frozen=True)
class SearchBenchmark:
    """Figures of one :func:`benchmark` run (milliseconds unless named otherwise).

    ``raw_*`` is the baseline: a linear scan for the folded query inside every stored keys text
    (what a ``LIKE '%q%'`` over the column does, without pinyin, initials or typos).
    """

    records: int
    queries: int
    keys_per_second: float
    build_s: float
    index_mb: float
    query_p50_ms: float
    query_p95_ms: float
    query_max_ms: float
    raw_p50_ms: float
    raw_p95_ms: float
    slowest: list[tuple[str, float]] = field(default_factory=list)


def benchmark(
    records: Sequence[SearchRecord] | None = None,
    *,
    size: int = 100_000,
    queries: Sequence[str] | None = None,
    measure_keys: int = 50_000,
) -> SearchBenchmark:
    """Measure key computation, index build and per-keystroke search, beside a raw scan.

    Args:
        records: the bookings to index; by default :func:`sample_records` of ``size``.
        size: how many sample bookings when ``records`` is not given.
        queries: the keystrokes to time; by default :func:`typing_queries`.
        measure_keys: how many names to time :func:`search_keys` on (cold cache).
    """
    names = sample_names(measure_keys, seed=99)
    han_readings("王")  # import pypinyin and its dictionaries (~0.5 s once) outside the timing
    for cache in (han_readings, _readings_text, _surname_texts):
        cache.cache_clear()
    started = time.perf_counter()
    for name in names:
        search_keys((name,))
    keys_per_second = measure_keys / max(time.perf_counter() - started, 1e-9)

    records = sample_records(size) if records is None else records
    queries = typing_queries(records) if queries is None else queries
    started = time.perf_counter()
    index = SearchIndex(records)
    index.search("warm up")
    build_s = time.perf_counter() - started
    index_mb = _index_megabytes(records)

    timings: list[tuple[float, str]] = []
    for query in queries:
        started = time.perf_counter()
        index.search(query)
        timings.append(((time.perf_counter() - started) * 1000.0, query))
    keys = [record.keys for record in records]
    raw: list[float] = []
    for query in queries:
        started = time.perf_counter()
        needle = fold(query)
        [k for k in keys if needle in k]
        raw.append((time.perf_counter() - started) * 1000.0)
    values = sorted(t for t, _ in timings)
    raw.sort()
    return SearchBenchmark(
        records=len(records),
        queries=len(queries),
        keys_per_second=keys_per_second,
        build_s=build_s,
        index_mb=index_mb,
        query_p50_ms=_percentile(values, 50),
        query_p95_ms=_percentile(values, 95),
        query_max_ms=values[-1] if values else 0.0,
        raw_p50_ms=_percentile(raw, 50),
        raw_p95_ms=_percentile(raw, 95),
        slowest=[(q, round(t, 2)) for t, q in sorted(timings, reverse=True)[:5]],
    )


def _percentile(sorted_values: Sequence[float], percent: int) -> float:
    if not sorted_values:
        return 0.0
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[percent - 1]


def _index_megabytes(records: Sequence[SearchRecord]) -> float:
    """Memory a fresh index of ``records`` holds (traced allocations), in MB."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        index = SearchIndex(records)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del index
    return (after - before) / 1e6
