"""Cell values of real exports turned into canonical values.

Every parser here is cheap per call (precompiled patterns, dictionary look-ups) because a big
import runs them 100k times; date/time parsing, the only costly one, is cached per distinct text.
A value we cannot use raises ``ValueProblem`` with the sentence the import report shows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Final

from kiosk.core.languages import LANGUAGE_WORDS
from kiosk.core.scan import MAX_CODE_LENGTH as SCAN_CODE_LIMIT
from kiosk.sync.rows import Status

MAX_PARTY_SIZE: Final = 50
MAX_CAPACITY: Final = 1000
PARTY_SIZE_MESSAGE: Final = "party size must be a whole number from 1 to 50"
MAX_CODE_LENGTH: Final = SCAN_CODE_LIMIT - 4
"""Longest reservation code we store: the code column and a scan hold 64 characters, and a
visitor's badge code is the reservation code plus "-NN"."""


class ValueProblem(Exception):
    """A cell value that cannot be used; the message is shown to the operator."""


def cell_text(value: object) -> str:
    """Text of a cell as a user would read it (XLSX numbers without a trailing ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def nfkc(text: str) -> str:
    """Fold full-width letters, digits and punctuation to their plain forms."""
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


_PUNCTUATION = re.compile(r"[\W_]+")


def normalize_header(text: str) -> str:
    """The comparison key of a header: NFKC, case-folded, without spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCTUATION.sub("", folded)


_FORMULA_STARTS: Final = frozenset("=+-@|%")


def unescape_cell(text: str) -> str:
    """Undo a spreadsheet-safety escape: ``'+8613800138000`` -> ``+8613800138000``.

    Exporters that guard against CSV injection (pretix's defusedcsv, many others) put an
    apostrophe before a cell that starts with ``= + - @ | %`` (and write ``|`` as ``\\|``).
    """
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_STARTS:
        return text[1:].replace("\\|", "|")
    return text


def parse_code(cell: str) -> str:
    """A reservation code: NFKC-folded, trimmed, upper-cased, at most ``MAX_CODE_LENGTH``."""
    code = (cell if cell.isascii() else nfkc(cell)).strip().upper()
    if not code:
        raise ValueProblem("the reservation code is empty")
    if len(code) > MAX_CODE_LENGTH:
        raise ValueProblem(f"the reservation code is longer than {MAX_CODE_LENGTH} characters")
    return code


def _is_cjk(text: str) -> bool:
    return any(
        "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"
        for ch in text
    )


def join_name(given: str, family: str) -> str:
    """A full name from its parts, as its own language writes it.

    Chinese (and other CJK) names are family name first without a space (张 + 伟 -> 张伟);
    Latin names are "given family".
    """
    given, family = given.strip(), family.strip()
    if not given or not family:
        return given or family
    if _is_cjk(given + family):
        return family + given
    return f"{given} {family}"


# ---------------------------------------------------------------- status and language

_STATUS: Final[dict[str, Status]] = {}
STATUS_WORDS: Final = _STATUS
"""Exact status words → status; for inline look-ups in hot loops."""
for _word in (
    "",
    "confirmed",
    "confirm",
    "paid",
    "valid",
    "booked",
    "attending",
    "checked in",
    "checkedin",
    "checked-in",
    "completed",
    "complete",
    "active",
    "ok",
    "已确认",
    "确认",
    "已支付",
    "已付款",
    "已预约",
    "预约成功",
    "成功",
    "有效",
    "正常",
    "已完成",
    "已签到",
    "未签到",
    "已核销",
    "待参观",
    "pending (confirmed)",
):
    _STATUS[_word] = "confirmed"
for _word in (
    "pending",
    "unpaid",
    "not paid",
    "awaiting payment",
    "payment pending",
    "pending payment",
    "approval pending",
    "pending approval",
    "待支付",
    "待付款",
    "未支付",
    "未付款",
    "待审核",
    "审核中",
    "待确认",
):
    _STATUS[_word] = "pending"
for _word in (
    "cancelled",
    "canceled",
    "cancel",
    "refunded",
    "void",
    "voided",
    "deleted",
    "not attending",
    "expired",
    "transferred",
    "已取消",
    "取消",
    "已退款",
    "已退票",
    "退款",
    "已作废",
    "作废",
    "已失效",
    "失效",
    "无效",
    "已过期",
    "已删除",
    "canceled (paid fee)",
):
    _STATUS[_word] = "cancelled"


def parse_status(text: str) -> Status:
    """Map a platform's status word to confirmed/pending/cancelled (check-in state is ignored).

    "pending" is a booking not yet admissible (unpaid, awaiting approval): it is imported so
    that its visitor hears "payment pending" instead of "not found".
    """
    status = _STATUS.get(text)
    if status is not None:
        return status
    key = " ".join(nfkc(text).casefold().split())
    status = _STATUS.get(key)
    if status is None:
        raise ValueProblem(f"status {text!r} is neither confirmed, pending nor cancelled")
    return status


_LANGUAGE_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")


def parse_language(text: str, default: str = "zh") -> str:
    """A short language code: "zh", "en", ... (unknown words are kept, lower-cased)."""
    if not text:
        return default
    code = LANGUAGE_WORDS.get(text)
    if code is not None:
        return code
    key = nfkc(text).strip().casefold().replace("_", "-")
    code = LANGUAGE_WORDS.get(key)
    if code is not None:
        return code
    match = _LANGUAGE_CODE.match(key)
    if match:
        return LANGUAGE_WORDS.get(match.group(1), match.group(1))
    return key[:16]


_LIST_SPLIT = re.compile(r"[、,，;；/／|｜\r\n]+")


def split_list(text: str) -> tuple[str, ...]:
    """Split a cell listing several items (names, languages) on the usual separators."""
    if not text:
        return ()
    return tuple(filter(None, map(str.strip, _LIST_SPLIT.split(text))))


def parse_languages(text: str) -> tuple[str, ...]:
    """Languages a guide speaks, in the order given, without repeats."""
    codes: list[str] = []
    for part in split_list(text):
        for word in part.split() if part.isascii() else (part,):
            code = parse_language(word)
            if code not in codes:
                codes.append(code)
    return tuple(codes)


# ---------------------------------------------------------------- numbers, phones, flags

_PHONE_JUNK = re.compile(r"\D+")
_COUNT = re.compile(
    r"^(\d{1,6})(?:\.0*)?\s*(?:人|位|名|张|pax|persons?|people|guests?|tickets?)?$", re.IGNORECASE
)


def parse_phone(value: object) -> str:
    """Digits only, keeping a leading ``+``; XLSX numeric phones lose no digits.

    A leading apostrophe (a spreadsheet-safety escape, ``'+8613800138000``) is dropped first,
    so the ``+`` survives.
    """
    if type(value) is str and value.isascii() and value.isdigit():
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value))
    text = nfkc(cell_text(value)).lstrip("'\u2018\u2019 ")
    if not text:
        return ""
    digits = _PHONE_JUNK.sub("", text)
    return "+" + digits if text.startswith("+") and digits else digits


def parse_count(value: object) -> int | None:
    """A whole number from a cell (``3``, ``3.0``, ``"3人"``), or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e9 else None
    text = nfkc(cell_text(value))
    match = _COUNT.match(text)
    return int(match.group(1)) if match else None


def parse_party_size(value: object, *, cancelled: bool = False) -> int:
    """Party size 1..50 (a cancelled booking may say 0)."""
    if type(value) is str and value.isascii() and value.isdigit() and len(value) < 4:
        size: int | None = int(value)
    else:
        size = parse_count(value)
    if size is None or size > MAX_PARTY_SIZE or size < (0 if cancelled else 1):
        raise ValueProblem(PARTY_SIZE_MESSAGE)
    return size


def parse_capacity(value: object) -> int | None:
    """A group's capacity, or None when the cell is empty."""
    if cell_text(value) == "":
        return None
    size = parse_count(value)
    if size is None or not 1 <= size <= MAX_CAPACITY:
        raise ValueProblem(f"capacity must be a whole number from 1 to {MAX_CAPACITY}")
    return size


_ACCESSIBILITY = re.compile(
    r"轮椅|无障碍|残疾|残障|行动不便|助行|拐杖|盲人|导盲|wheel\s*chair|accessib|disab|mobility"
    r"|rollstuhl|barrierefrei",
    re.IGNORECASE,
)
_NO_WORDS = "否 不 不需要 无 没有 非 不用 no n false f 0 none - -- / n/a na"
_NO = frozenset(_NO_WORDS.split(" "))


def mentions_accessibility(text: str) -> bool:
    """True when free text asks for step-free access, a wheelchair and the like."""
    return bool(text) and _ACCESSIBILITY.search(text) is not None


def parse_flag(value: object) -> bool:
    """A yes/no cell: empty and the usual "no" words are False, anything else True."""
    if isinstance(value, bool):
        return value
    text = nfkc(cell_text(value)).casefold()
    return bool(text) and text not in _NO


# ---------------------------------------------------------------- groups and colours

_GROUP = re.compile(r"^(?:第\s*)?(?:group\s*|组\s*)?([a-z0-9]{1,3})\s*(?:组|队|团|group)?$", re.I)


def parse_group(text: str) -> str | None:
    """A group name: "A", "a组", "第A组", "Group A" all give "A"; other names are kept."""
    if not text:
        return None
    plain = nfkc(text).strip()
    match = _GROUP.match(plain)
    return match.group(1).upper() if match else plain


_COLOURS: Final[dict[str, str]] = {}
for _hex, _words in {
    "#E53935": "red 红 红色 大红",
    "#1E88E5": "blue 蓝 蓝色",
    "#43A047": "green 绿 绿色",
    "#FDD835": "yellow 黄 黄色",
    "#FB8C00": "orange 橙 橙色 橘色 橘黄",
    "#8E24AA": "purple violet 紫 紫色",
    "#D81B60": "pink magenta 粉 粉色 粉红 玫红",
    "#00ACC1": "cyan teal 青 青色",
    "#3949AB": "navy indigo 藏青 靛蓝 深蓝",
    "#6D4C41": "brown 棕 棕色 咖啡色",
    "#757575": "grey gray 灰 灰色",
    "#212121": "black 黑 黑色",
    "#FFFFFF": "white 白 白色",
}.items():
    for _word in _words.split():
        _COLOURS[_word] = _hex
_HEX = re.compile(r"^#?([0-9a-f]{6}|[0-9a-f]{3})$", re.IGNORECASE)


def parse_colour(text: str) -> str | None:
    """A colour as ``#RRGGBB``: hex (``#e53935``, ``f00``) or a name (红, red)."""
    if not text:
        return None
    key = nfkc(text).strip().casefold()
    named = _COLOURS.get(key) or _COLOURS.get(key.removesuffix("色"))
    if named:
        return named
    match = _HEX.match(key)
    if not match:
        raise ValueProblem(f"colour {text!r} is not a colour name or #RRGGBB")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


# ---------------------------------------------------------------- dates and times

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_XYY = re.compile(r"(?<!\d)(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_MDY_WORDS = re.compile(_MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
_DMY_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_WORD + r",?\s+(\d{4})", re.I
)
_TIME = re.compile(
    r"(上午|早上|早晨|中午|下午|晚上|凌晨)?\s*(\d{1,2})\s*"
    r"(?:(?:[:：]|点|时)\s*(半|\d{1,2})?\s*分?(?:[:：](\d{1,2})(?:\.\d+)?)?"
    r"|(?=\s*[ap]\.?m\b))"
    r"\s*([ap])?(?:\.?m\.?)?(?![a-z])",
    re.I,
)
# ISO 8601 with an offset or a "T"; "2025-02-02 09:30-11:00" is a range, not an offset.
_ISO_HINT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T|.*(?:\+\d{2}:?\d{2}|Z)$)")
_FILLER = re.compile(r"\b(?:at|from|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|[@,]|星期.|周.", re.I)
_EXCEL_EPOCH: Final = datetime(1899, 12, 30)


class _When:
    """A date, a start time, an end time and an offset, each of which may be missing."""

    __slots__ = ("day", "end", "start", "zone")

    def __init__(
        self,
        day: date | None = None,
        start: time | None = None,
        end: time | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        self.day = day
        self.start = start
        self.end = end
        self.zone = zone


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueProblem(f"{text!r} is not a real date") from exc


def _find_date(text: str) -> tuple[date | None, str]:
    """The date in ``text`` and the text that remains around it."""
    match = _YMD.search(text)
    if match:
        day = _make_date(int(match[1]), int(match[2]), int(match[3]), text)
    elif match := _XYY.search(text):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        # 02/02/2025 with a slash is the US month/day order (Eventbrite, Excel en-US);
        # dots and dashes are the European day.month order. A part above 12 settles it.
        month_first = match[2] == "/"
        if first > 12:
            month_first = False
        elif second > 12:
            month_first = True
        month, day_of = (first, second) if month_first else (second, first)
        day = _make_date(year, month, day_of, text)
    elif match := _MDY_WORDS.search(text):
        day = _make_date(int(match[3]), _MONTHS[match[1].lower()], int(match[2]), text)
    elif match := _DMY_WORDS.search(text):
        day = _make_date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]), text)
    else:
        return None, text
    return day, text[: match.start()] + " " + text[match.end() :]


def _to_time(match: re.Match[str], text: str) -> time:
    half, hour, minute_text, second_text, ampm = match.groups()
    hour_value = int(hour)
    minute = 30 if minute_text == "半" else int(minute_text or 0)
    pm = (
        (ampm or "").lower() == "p"
        or half in ("下午", "晚上")
        or (half == "中午" and hour_value < 11)
    )
    am = (ampm or "").lower() == "a" or half in ("上午", "早上", "早晨", "凌晨")
    if pm and hour_value < 12:
        hour_value += 12
    elif am and hour_value == 12:
        hour_value = 0
    try:
        return time(hour_value, minute, int(second_text or 0))
    except ValueError as exc:
        raise ValueProblem(f"{text!r} is not a real time of day") from exc


def _find_times(text: str) -> tuple[time | None, time | None]:
    """Start and end times in ``text`` ("9:00", "09:00-11:00", "上午9点半", "2:30 PM")."""
    matches = list(_TIME.finditer(text))
    if not matches:
        if any(ch.isdigit() for ch in text):
            raise ValueProblem(f"{text.strip()!r} is not a time of day")
        return None, None
    start = _to_time(matches[0], text)
    if len(matches) == 1:
        return start, None
    end = _to_time(matches[1], text)
    afternoon = (
        matches[0].group(1) in ("下午", "晚上") or (matches[0].group(5) or "").lower() == "p"
    )
    if end <= start and end.hour < 12 and afternoon:
        end = time(end.hour + 12, end.minute, end.second)  # "下午2:00-4:00" ends at 16:00
    return start, end


def _parse_when_text(text: str) -> _When:
    plain = nfkc(text).strip()
    if not plain:
        return _When()
    if _ISO_HINT.search(plain):
        try:
            value = datetime.fromisoformat(
                plain.replace(" ", "T", 1) if "T" not in plain else plain
            )
        except ValueError:
            pass
        else:
            return _When(value.date(), value.time().replace(tzinfo=None), None, value.tzinfo)
    day, rest = _find_date(plain)
    rest = _FILLER.sub(" ", rest)
    start, end = _find_times(rest)
    if day is None and start is None:
        raise ValueProblem(f"{text!r} is not a date or a time")
    return _When(day, start, end)


def _when_of(value: object) -> _When:
    """Read a date, a time, a datetime or a text cell (XLSX cells arrive as Python objects)."""
    if value is None or value == "":
        return _When()
    if isinstance(value, datetime):
        if value.year < 1901:  # Excel stores a bare time as a datetime on its epoch day
            return _When(None, value.time(), None, None)
        bare = value.time() == time(0) and value.tzinfo is None
        return _When(value.date(), None if bare else value.time(), None, value.tzinfo)
    if isinstance(value, date):
        return _When(value)
    if isinstance(value, time):
        return _When(None, value.replace(tzinfo=None))
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = float(value)
        if 0 <= serial < 1:
            moment = _EXCEL_EPOCH + timedelta(days=serial)
            return _When(None, moment.time().replace(microsecond=0))
        if 20000 <= serial < 80000:
            moment = _EXCEL_EPOCH + timedelta(days=serial)
            bare = moment.time() == time(0)
            return _When(moment.date(), None if bare else moment.time().replace(microsecond=0))
        raise ValueProblem(f"{value!r} is not a date or a time")
    return _parse_when_text(str(value))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class SessionTimes:
    """Turns session/date/time cells into aware start and end instants, with a cache.

    Args:
        zone: the site's time zone; a time written without an offset is taken in it.
        default: the tour of rows whose cells name no date or time at all (``--session``,
            or the choice on the sync page, for exports such as Eventbrite's that carry none).
    """

    _CACHE_LIMIT: Final = 20000

    def __init__(
        self, zone: tzinfo, default: tuple[datetime, datetime | None] | None = None
    ) -> None:
        self.zone = zone
        self.default = default
        self.cache: dict[tuple[object, ...], tuple[datetime, datetime | None] | str] = {}
        """Results by cells; hot loops may read it directly (a str value is an error)."""

    def resolve(
        self,
        session: object = None,
        day: object = None,
        start: object = None,
        end: object = None,
    ) -> tuple[datetime, datetime | None]:
        """Start and end of a session from whichever cells the file has.

        Raises:
            ValueProblem: the cells give no date, no start time, or an impossible value.
        """
        key = (session, day, start, end)
        try:
            cached = self.cache.get(key)
        except TypeError:  # an unhashable cell; never happens with csv or openpyxl values
            cached = None
        if cached is None:
            try:
                cached = self._resolve(session, day, start, end)
            except (ValueProblem, ValueError, OverflowError) as exc:
                cached = str(exc) if isinstance(exc, ValueProblem) else "date or time is invalid"
            if len(self.cache) >= self._CACHE_LIMIT:
                self.cache.clear()
            self.cache[key] = cached
        if isinstance(cached, str):
            raise ValueProblem(cached)
        return cached

    def _resolve(
        self, session: object, day: object, start: object, end: object
    ) -> tuple[datetime, datetime | None]:
        if self.default is not None and _blank(session) and _blank(day) and _blank(start):
            return self.default
        try:
            parts = _when_of(session)
        except ValueProblem:
            if _blank(day) and _blank(start):
                raise
            parts = _When()  # a 场次 column naming the session ("上午场"); date/time columns rule
        day_value, start_value, end_value, zone = parts.day, parts.start, parts.end, parts.zone
        if day_value is None:
            day_value = _when_of(day).day
        if start_value is None:
            from_column = _when_of(start)
            start_value = from_column.start
            end_value = end_value or from_column.end
            zone = zone or from_column.zone
        if end_value is None:
            end_value = _when_of(end).start
        if day_value is None:
            raise ValueProblem("the tour date is missing")
        if start_value is None:
            raise ValueProblem("the tour start time is missing")
        starts_at = self._aware(datetime.combine(day_value, start_value), zone)
        ends_at = None
        if end_value is not None:
            ends_at = self._aware(datetime.combine(day_value, end_value), zone)
            if ends_at <= starts_at:
                raise ValueProblem("the tour ends before it starts")
        return starts_at, ends_at

    def _aware(self, moment: datetime, zone: tzinfo | None) -> datetime:
        if zone is None:
            return moment.replace(tzinfo=self.zone)
        return moment.replace(tzinfo=zone).astimezone(self.zone)


def parse_instant(text: str, zone: tzinfo) -> datetime:
    """An ISO 8601 instant (pretix, our JSON), naive ones taken in the site's zone."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueProblem(f"{text!r} is not an ISO 8601 date and time") from exc
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)
