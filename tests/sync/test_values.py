"""Cell values: dates and times, status, language, phone, party size, colour, group."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.sync.values import (
    SessionTimes,
    ValueProblem,
    join_name,
    mentions_accessibility,
    parse_colour,
    parse_flag,
    parse_group,
    parse_language,
    parse_languages,
    parse_party_size,
    parse_phone,
    parse_status,
    split_list,
    unescape_cell,
)
from tests.sync.conftest import SHANGHAI


def at(hour: int, minute: int = 0, day: int = 2, month: int = 2) -> datetime:
    """An instant on a day of February 2025 in the site's zone."""
    return datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    "text", ["2025-02-02", "2025/2/2", "2025.2.2", "2025年2月2日", "02/02/2025", "2 Feb 2025",
             "Feb 2, 2025", "Sunday, February 2, 2025", "２０２５－０２－０２"]
)  # fmt: skip
def test_date_forms(text: str) -> None:
    """Every usual way of writing 2 February 2025 gives that date."""
    assert SessionTimes(SHANGHAI).resolve(None, text, "9:00") == (at(9), None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("9:00", at(9), None), ("09:00", at(9), None), ("9:00:00", at(9), None),
     ("09:00-11:00", at(9), at(11)), ("9:00~10:30", at(9), at(10, 30)),
     ("上午9:00", at(9), None), ("下午2:00", at(14), None), ("下午2:00-4:00", at(14), at(16)),
     ("9点30", at(9, 30), None), ("9点半", at(9, 30), None), ("9时30分", at(9, 30), None),
     ("2:30 PM", at(14, 30), None), ("12:00 am", at(0), None), ("中午12点", at(12), None),
     ("９：３０", at(9, 30), None)],
)  # fmt: skip
def test_time_forms(text: str, start: datetime, end: datetime | None) -> None:
    """Times with seconds, ranges, 上午/下午, 点/分 and AM/PM all read; a range gives the end."""
    assert SessionTimes(SHANGHAI).resolve(None, "2025-02-02", text) == (start, end)


@pytest.mark.parametrize(
    ("session", "start", "end"),
    [("2025-02-02 09:30", at(9, 30), None), ("2025/2/2 9:30-11:00", at(9, 30), at(11)),
     ("2025-02-02T09:30+08:00", at(9, 30), None), ("2025-02-02T01:30Z", at(9, 30), None),
     ("2025年2月2日 上午9:30", at(9, 30), None), ("Feb 2, 2025 at 9:30 AM", at(9, 30), None)],
)  # fmt: skip
def test_combined_session_column(session: str, start: datetime, end: datetime | None) -> None:
    """A single session column with date and time (and maybe an offset or range) reads whole."""
    assert SessionTimes(SHANGHAI).resolve(session) == (start, end)


def test_range_is_not_mistaken_for_an_offset() -> None:
    """ "2025-02-02 09:30-11:00" is 9:30 to 11:00, not 9:30 at UTC-11."""
    assert SessionTimes(SHANGHAI).resolve("2025-02-02 09:30-11:00") == (at(9, 30), at(11))


def test_session_name_column_defers_to_date_and_time_columns() -> None:
    """A 场次 column holding a name ("上午场") is ignored when date and time columns exist."""
    times = SessionTimes(SHANGHAI)
    assert times.resolve("上午场", "2025-02-02", "9:30") == (at(9, 30), None)
    with pytest.raises(ValueProblem):
        times.resolve("上午场")


def test_slash_dates_are_month_first_unless_impossible() -> None:
    """03/02/2025 is 2 March (US style, as Eventbrite writes); 13/02/2025 can only be 13 Feb."""
    times = SessionTimes(SHANGHAI)
    assert times.resolve(None, "03/02/2025", "9:00")[0] == at(9, day=2, month=3)
    assert times.resolve(None, "13/02/2025", "9:00")[0] == at(9, day=13)
    assert times.resolve(None, "03.02.2025", "9:00")[0] == at(9, day=3)  # dots: day first


def test_xlsx_cell_objects() -> None:
    """Real date, time and datetime cells from a workbook are used as they are."""
    times = SessionTimes(SHANGHAI)
    assert times.resolve(None, datetime(2025, 2, 2), time(9, 30)) == (at(9, 30), None)
    assert times.resolve(None, date(2025, 2, 2), datetime(1899, 12, 30, 9, 30)) == (
        at(9, 30),
        None,
    )
    assert times.resolve(datetime(2025, 2, 2, 9, 30)) == (at(9, 30), None)


def test_naive_times_are_in_the_site_zone() -> None:
    """The same wall-clock text is 8 hours later as an instant in London than in Shanghai."""
    london = ZoneInfo("Europe/London")
    starts_at, _end = SessionTimes(london).resolve("2025-02-02 09:30")
    assert starts_at == datetime(2025, 2, 2, 9, 30, tzinfo=london)
    assert starts_at - at(9, 30) == timedelta(hours=8)


@pytest.mark.parametrize(
    ("cells", "message"),
    [(("2025-02-30 09:00",), "is not a real date"), ((None, "2025-02-02", None), "start time"),
     ((None, None, "09:00"), "tour date is missing"), ((None, "2025-02-02", "25:00"), "real time"),
     (("hello",), "not a date or a time"), (("2025-02-02 11:00-09:00",), "ends before")],
)  # fmt: skip
def test_bad_dates_and_times(cells: tuple[object, ...], message: str) -> None:
    """Impossible or missing dates and times give a sentence, never a crash."""
    with pytest.raises(ValueProblem, match=message):
        SessionTimes(SHANGHAI).resolve(*cells)


@pytest.mark.parametrize(
    ("text", "status"),
    [("已确认", "confirmed"), ("已支付", "confirmed"), ("Confirmed", "confirmed"),
     ("paid", "confirmed"), ("valid", "confirmed"), ("已签到", "confirmed"),
     ("Checked In", "confirmed"), ("", "confirmed"), ("已取消", "cancelled"),
     ("已退款", "cancelled"), ("cancelled", "cancelled"), ("Canceled", "cancelled"),
     ("refunded", "cancelled"), ("VOID", "cancelled"), ("Not Attending", "cancelled"),
     ("expired", "cancelled"), ("pending", "pending"), ("Unpaid", "pending"),
     ("待支付", "pending"), ("待审核", "pending"), ("approval pending", "pending"),
     ("pending (confirmed)", "confirmed")],
)  # fmt: skip
def test_status_words(text: str, status: str) -> None:
    """Status words become confirmed/pending/cancelled; checked-in is still confirmed."""
    assert parse_status(text) == status


def test_unknown_status_is_a_row_problem() -> None:
    """A status we do not know is reported rather than guessed."""
    with pytest.raises(ValueProblem, match="neither confirmed, pending nor cancelled"):
        parse_status("存疑")


@pytest.mark.parametrize(
    ("text", "code"),
    [("中文", "zh"), ("汉语", "zh"), ("普通话", "zh"), ("zh", "zh"), ("Chinese", "zh"),
     ("中", "zh"), ("zh-CN", "zh"), ("英文", "en"), ("英语", "en"), ("English", "en"),
     ("EN", "en"), ("", "zh"), ("日语", "ja"), ("pt-BR", "pt"), ("Klingon", "klingon")],
)  # fmt: skip
def test_language_words(text: str, code: str) -> None:
    """Language names become short codes; empty means Chinese; unknown words are kept."""
    assert parse_language(text) == code


def test_guide_languages_list() -> None:
    """A guide's languages split on 、 , / and keep their order without repeats."""
    assert parse_languages("中文、英文/English, 日语") == ("zh", "en", "ja")


@pytest.mark.parametrize(
    ("value", "phone"),
    [("138 0013 8000", "13800138000"), ("+86 138-0013-8000", "+8613800138000"),
     (13800138000, "13800138000"), (13800138000.0, "13800138000"), ("", ""),
     ("（010）6552-1234", "01065521234")],
)  # fmt: skip
def test_phone_keeps_digits_and_plus(value: object, phone: str) -> None:
    """Phones keep digits and a leading plus; XLSX numbers lose nothing."""
    assert parse_phone(value) == phone


@pytest.mark.parametrize(("value", "size"), [("3", 3), (3, 3), (3.0, 3), ("3人", 3), ("50", 50)])
def test_party_size_accepted(value: object, size: int) -> None:
    """Whole numbers 1..50, also written "3人" or as an XLSX float."""
    assert parse_party_size(value) == size


@pytest.mark.parametrize("value", ["0", "51", "-1", "2.5", 2.5, "three", "", True, "1e3"])
def test_party_size_refused(value: object) -> None:
    """Anything else gets the one agreed sentence."""
    with pytest.raises(ValueProblem, match="party size must be a whole number from 1 to 50"):
        parse_party_size(value)


def test_cancelled_party_may_be_zero() -> None:
    """A cancelled booking that the platform zeroed is still readable (to cancel it)."""
    assert parse_party_size("0", cancelled=True) == 0


@pytest.mark.parametrize(
    ("text", "colour"),
    [("红", "#E53935"), ("红色", "#E53935"), ("red", "#E53935"), ("Blue", "#1E88E5"),
     ("蓝", "#1E88E5"), ("#d32f2f", "#D32F2F"), ("d32f2f", "#D32F2F"), ("#f00", "#FF0000"),
     ("", None)],
)  # fmt: skip
def test_colours(text: str, colour: str | None) -> None:
    """Colour names in Chinese and English and hex codes become #RRGGBB."""
    assert parse_colour(text) == colour


def test_unknown_colour_is_a_row_problem() -> None:
    """A colour we cannot draw is reported."""
    with pytest.raises(ValueProblem, match="not a colour name"):
        parse_colour("sunset")


@pytest.mark.parametrize(
    ("text", "group"), [("A", "A"), ("a组", "A"), ("第B组", "B"), ("Group c", "C"), ("", None),
                        ("红队", "红队")]
)  # fmt: skip
def test_group_names(text: str, group: str | None) -> None:
    """Group letters are normalised; other names are kept."""
    assert parse_group(text) == group


def test_names_split_on_every_usual_separator() -> None:
    """Party member lists split on 、,，;；/ and newlines."""
    assert split_list("张三、李四，王五;赵六；钱七/孙八\n周九, ") == (
        "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九"
    )  # fmt: skip


def test_accessibility_words_and_flags() -> None:
    """Notes mentioning 轮椅/wheelchair/无障碍/accessible count; yes/no flag cells read."""
    assert mentions_accessibility("需要轮椅")
    assert mentions_accessibility("Wheelchair user")
    assert mentions_accessibility("needs accessible route")
    assert not mentions_accessibility("素食")
    assert parse_flag("是") and parse_flag("yes") and parse_flag("1") and parse_flag("轮椅")
    assert not (parse_flag("否") or parse_flag("no") or parse_flag("") or parse_flag("0"))


@pytest.mark.parametrize(
    ("cell", "phone"),
    [("'+8613800138000", "+8613800138000"), ("'+86 138-0013-8000", "+8613800138000"),
     ("’+44 20 7946 0000", "+442079460000"), ("'13800138000", "13800138000")],
)  # fmt: skip
def test_spreadsheet_escape_before_a_phone_is_dropped_and_plus_kept(cell: str, phone: str) -> None:
    """A CSV-injection guard's apostrophe is no part of the number; the + stays."""
    assert parse_phone(cell) == phone


@pytest.mark.parametrize(
    ("given", "family", "name"),
    [("伟", "张", "张伟"), ("小明", "欧阳", "欧阳小明"), ("José", "García", "José García"),
     ("Anna", "Müller", "Anna Müller"), ("", "张", "张"), ("Ann", "", "Ann")],
)  # fmt: skip
def test_names_from_parts_follow_their_language(given: str, family: str, name: str) -> None:
    """Chinese names are family name first without a space; Latin ones given name first."""
    assert join_name(given, family) == name


def test_unescape_cell_only_undoes_the_safety_escape() -> None:
    """Only an apostrophe before = + - @ | % is an escape; other apostrophes are text."""
    assert unescape_cell("'=SUM(A1)") == "=SUM(A1)"
    assert unescape_cell("'|a\\|b") == "|a|b"
    assert unescape_cell("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert unescape_cell("O'Brien") == "O'Brien"
