"""Generate the demo program's platform exports in db/samples/, byte for byte reproducibly.

The files imitate what a Chinese reservation platform exports for the car plant's February 2025
open-factory program: 16 guided tours of 60 places (960 visitors). Everything random comes from
one ``random.Random(SEED)`` consumed in a fixed order, and no file carries a timestamp, so running
the script twice gives identical bytes and the committed samples can be checked by a test.

Import-safe: the ``kiosk demo`` command loads this file via importlib for ``demo_live_instant``;
nothing is generated unless the file runs as a script.

Usage::

    .venv/bin/python db/samples/generate_demo.py [--out DIR] [--no-xlsx]
"""

# No ``from __future__ import annotations`` here, unlike the package: dataclasses resolve string
# annotations through sys.modules, which breaks when importlib loads this file without
# registering it there. Python 3.11 evaluates every annotation below natively.
import argparse
import csv
import io
import random
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from kiosk.sync.headers import RESERVATIONS_EXPORT_HEADER

SEED = 20250202
# Asia/Shanghai has had no daylight saving since 1991: a fixed offset avoids needing tzdata.
SITE_TZ = timezone(timedelta(hours=8), "CST")
TOUR_DURATION = timedelta(hours=2)
SESSION_CAPACITY = 60
GROUP_CAPACITY = 15
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, no 1/I: read aloud without doubt
CODE_LENGTH = 8
CANCELLED_RESERVATIONS = 10

RESERVATIONS_CSV = "reservations.csv"
ROSTER_CSV = "roster.csv"
RESERVATIONS_XLSX = "reservations.xlsx"
XLSX_TITLE = "2025年2月 开放工厂参观 预约导出"

RESERVATION_HEADER = RESERVATIONS_EXPORT_HEADER
ROSTER_HEADER = (
    "参观日期",
    "入场时间",
    "组别",
    "导游",
    "导游语言",
    "人数上限",
    "集合点",
    "颜色",
    "导游电话",
)

CONFIRMED = "已确认"
CANCELLED = "已取消"
CHINESE = "中文"
ENGLISH = "英文"
COMPANION_SEPARATOR = "、"


@dataclass(frozen=True)
class DemoSession:
    """One guided tour of the program, in site-local time."""

    day: date
    start: time
    lunar_new_year: bool = False

    @property
    def starts_at(self) -> datetime:
        """Start as an aware datetime in the site's time zone."""
        return datetime.combine(self.day, self.start, tzinfo=SITE_TZ)

    @property
    def ends_at(self) -> datetime:
        """End of the tour (every tour lasts two hours)."""
        return self.starts_at + TOUR_DURATION

    @property
    def date_text(self) -> str:
        """Date as the platform writes it, e.g. 2025-02-02."""
        return self.day.isoformat()

    @property
    def time_text(self) -> str:
        """Entry time as the platform writes it, e.g. 09:30."""
        return self.start.strftime("%H:%M")


def _session(month_day: int, hh_mm: str, *, lunar_new_year: bool = False) -> DemoSession:
    hour, minute = (int(part) for part in hh_mm.split(":"))
    return DemoSession(date(2025, 2, month_day), time(hour, minute), lunar_new_year)


# Five tours on the 5th-7th days of the Lunar New Year (2-4 Feb); the other eleven on Saturday
# and Monday mornings. Saturdays run two overlapping tours (09:00 and 10:30), so a guide can
# lead only one of them.
PROGRAM: tuple[DemoSession, ...] = (
    _session(1, "09:00"),
    _session(1, "10:30"),
    _session(2, "09:30", lunar_new_year=True),
    _session(2, "14:00", lunar_new_year=True),
    _session(3, "09:30", lunar_new_year=True),
    _session(3, "14:00", lunar_new_year=True),
    _session(4, "09:30", lunar_new_year=True),
    _session(8, "09:00"),
    _session(8, "10:30"),
    _session(10, "09:30"),
    _session(15, "09:00"),
    _session(15, "10:30"),
    _session(17, "09:30"),
    _session(22, "09:00"),
    _session(22, "10:30"),
    _session(24, "09:30"),
)


def _program_session(month_day: int, hh_mm: str) -> DemoSession:
    return next(s for s in PROGRAM if s.day.day == month_day and s.time_text == hh_mm)


def demo_live_instant() -> str:
    """Return an ISO instant inside a live check-in window, for ``kiosk demo``.

    Twenty minutes before the first Lunar New Year tour (2 Feb 09:30): the default window opens
    45 minutes before the start, so the gate is open and nobody is late yet.
    """
    first_festival_tour = next(s for s in PROGRAM if s.lunar_new_year)
    return (first_festival_tour.starts_at - timedelta(minutes=20)).isoformat()


# --- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Guide:
    """A tour guide of the plant's visitor service."""

    name: str
    languages: tuple[str, ...]  # ISO codes, e.g. ("zh", "en")
    phone: str

    @property
    def speaks_english(self) -> bool:
        """Whether the guide can lead an English-speaking party."""
        return "en" in self.languages

    @property
    def languages_text(self) -> str:
        """Languages as the roster export writes them, e.g. 中文、英文."""
        names = {"zh": CHINESE, "en": ENGLISH}
        return COMPANION_SEPARATOR.join(names[code] for code in self.languages)


GUIDE_POOL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("王丽娜", ("zh", "en")),
    ("李建国", ("zh",)),
    ("张敏", ("zh",)),
    ("刘志强", ("zh",)),
    ("陈思远", ("zh", "en")),
    ("杨晓燕", ("zh",)),
    ("赵海峰", ("zh",)),
    ("黄佳怡", ("zh", "en")),
    ("周文斌", ("zh",)),
    ("吴秀兰", ("zh",)),
)


@dataclass(frozen=True)
class GroupStyle:
    """How a group letter looks on badges and where its guide stands with a sign."""

    letter: str
    colour: str
    sign: str


GROUP_STYLES: tuple[GroupStyle, ...] = (
    GroupStyle("A", "#D32F2F", "红色立牌处"),
    GroupStyle("B", "#1976D2", "蓝色立牌处"),
    GroupStyle("C", "#388E3C", "绿色立牌处"),
    GroupStyle("D", "#F57C00", "橙色立牌处"),
)

# Overlapping Saturday tours gather at different gates so the crowds do not mix.
MEETING_PLACE_BY_START: dict[str, str] = {
    "09:00": "1号门 访客中心",
    "09:30": "1号门 访客中心",
    "10:30": "3号门 品牌体验馆",
    "14:00": "2号门 总装车间入口",
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
RARE_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
GIVEN_NAMES = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "霞", "平", "刚", "秀英", "桂英", "建华", "志强", "海燕", "晓东", "文博",
    "子涵", "浩然", "欣怡", "梓萱", "宇轩", "一诺", "思远", "雨桐", "俊杰", "佳琪", "嘉怡",
    "晨曦", "诗涵", "博文", "天宇", "可馨", "梓豪", "若曦", "明轩", "雅婷", "建国", "玉兰",
    "国强", "丽华", "春梅", "志明", "婷婷", "鹏飞", "晓燕", "立新", "振华", "慧敏", "家豪",
)  # fmt: skip
ENGLISH_FIRST_NAMES = (
    "Emily", "James", "Olivia", "Daniel", "Sophie", "Michael", "Hannah", "Thomas", "Grace",
    "David", "Laura", "Benjamin", "Chloé", "Ryan", "Charlotte", "Jürgen", "Amelia", "Oliver",
)  # fmt: skip
ENGLISH_SURNAMES = (
    "Carter", "Smith", "Johnson", "Brown", "Wilson", "Taylor", "Evans", "Walker", "Hughes",
    "Martin", "Becker", "O'Brien", "Clarke", "Turner", "Mitchell", "Robinson",
)  # fmt: skip

CHINESE_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189",
    "191", "193", "195", "198", "199",
)  # fmt: skip

# Party sizes 1..5, weighted like a family outing: couples and small families dominate.
PARTY_SIZE_WEIGHTS = {1: 14, 2: 34, 3: 26, 4: 18, 5: 8}

ACCESSIBILITY_NOTES_ZH = (
    "轮椅使用者",
    "需要无障碍通道",
    "行动不便，需乘电梯",
    "听障人士，需文字提示",
)
ACCESSIBILITY_NOTES_EN = ("wheelchair user", "wheelchair user, needs step-free route")
# Family notes with the smallest party each one makes sense for.
FAMILY_NOTES_ZH = (
    ("带一名儿童（8岁）", 2),
    ("孩子是汽车迷", 2),
    ("老人同行，走路较慢", 2),
    ("带婴儿车", 3),
    ("带两名儿童", 3),
)
OTHER_NOTES_ZH = ("希望多看焊装车间", "第一次参观", "可能晚到几分钟", "自驾前来，需停车位")
OTHER_NOTES_EN = ("first visit to China", "interested in the EV battery line")


@dataclass
class Reservation:
    """One row of the reservations export."""

    code: str
    session: DemoSession
    contact: str
    phone: str
    party_size: int
    language: str
    status: str = CONFIRMED
    notes: str = ""
    companions: tuple[str, ...] = ()
    group: str = ""

    def csv_row(self) -> list[str]:
        """Cells in RESERVATION_HEADER order."""
        return [
            self.code,
            self.session.date_text,
            self.session.time_text,
            self.contact,
            self.phone,
            str(self.party_size),
            self.language,
            self.status,
            self.notes,
            COMPANION_SEPARATOR.join(self.companions),
            self.group,
        ]


@dataclass(frozen=True)
class RosterEntry:
    """One group of one session, as the roster export lists it."""

    session: DemoSession
    style: GroupStyle
    guide: Guide

    @property
    def meeting_point(self) -> str:
        """Gate and the coloured sign the guide stands at."""
        return f"{MEETING_PLACE_BY_START[self.session.time_text]} {self.style.sign}"

    def csv_row(self) -> list[str]:
        """Cells in ROSTER_HEADER order."""
        return [
            self.session.date_text,
            self.session.time_text,
            self.style.letter,
            self.guide.name,
            self.guide.languages_text,
            str(GROUP_CAPACITY),
            self.meeting_point,
            self.style.colour,
            self.guide.phone,
        ]


class _Faker:
    """Deterministic names, phones and codes; keeps codes and phones unique across the program."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._codes: set[str] = set()
        self._phones: set[str] = set()

    def code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self._codes:
                self._codes.add(code)
                return code

    def chinese_mobile(self) -> str:
        while True:
            phone = self.rng.choice(CHINESE_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def foreign_mobile(self) -> str:
        # Numbers from the UK (07700 900xxx) and US (555-01xx) ranges reserved for fiction.
        while True:
            if self.rng.random() < 0.5:
                phone = f"+44 7700 900{self.rng.randrange(1000):03d}"
            else:
                phone = f"+1 202 555 01{self.rng.randrange(100):02d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def chinese_name(self, surname: str | None = None) -> str:
        if surname is None:
            rare = self.rng.random() < 0.01
            surname = self.rng.choice(RARE_SURNAMES) if rare else self.rng.choice(SURNAMES)
        return surname + self.rng.choice(GIVEN_NAMES)

    def english_name(self, surname: str | None = None) -> str:
        return (
            f"{self.rng.choice(ENGLISH_FIRST_NAMES)} {surname or self.rng.choice(ENGLISH_SURNAMES)}"
        )

    def party_size(self, limit: int) -> int:
        sizes = list(PARTY_SIZE_WEIGHTS)
        size = self.rng.choices(sizes, weights=list(PARTY_SIZE_WEIGHTS.values()))[0]
        return min(size, limit)


# --- roster ------------------------------------------------------------------------------------


def _overlaps(a: DemoSession, b: DemoSession) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def build_roster(faker: _Faker) -> list[RosterEntry]:
    """Give every session four groups with four different guides, one of them English-speaking.

    Guides are spread evenly (least used first) and never lead two overlapping tours.
    """
    guides = [Guide(name, langs, faker.chinese_mobile()) for name, langs in GUIDE_POOL]
    tours_led = {guide.name: 0 for guide in guides}
    roster: list[RosterEntry] = []
    for index, session in enumerate(PROGRAM):
        busy = {e.guide.name for e in roster if _overlaps(e.session, session)}

        def least_used(candidates: list[Guide], busy: set[str] = busy) -> Guide:
            free = [g for g in candidates if g.name not in busy]
            fewest = min(tours_led[g.name] for g in free)
            chosen = faker.rng.choice([g for g in free if tours_led[g.name] == fewest])
            busy.add(chosen.name)
            tours_led[chosen.name] += 1
            return chosen

        english_guide = least_used([g for g in guides if g.speaks_english])
        others = [least_used([g for g in guides if not g.speaks_english]) for _ in range(3)]
        english_slot = index % len(GROUP_STYLES)  # the English guide's letter rotates
        others.insert(english_slot, english_guide)
        roster.extend(
            RosterEntry(session, style, guide)
            for style, guide in zip(GROUP_STYLES, others, strict=True)
        )
    return roster


# --- reservations ------------------------------------------------------------------------------


def _random_party(faker: _Faker, session: DemoSession, size: int) -> Reservation:
    rng = faker.rng
    english = rng.random() < 0.10
    if english:
        contact = faker.english_name()
        phone = faker.foreign_mobile() if rng.random() < 0.5 else faker.chinese_mobile()
    else:
        contact = faker.chinese_name()
        phone = faker.chinese_mobile()

    notes = ""
    roll = rng.random()
    if roll < 0.02:
        notes = rng.choice(ACCESSIBILITY_NOTES_EN if english else ACCESSIBILITY_NOTES_ZH)
    elif roll < (0.14 if session.lunar_new_year else 0.06) and size > 1 and not english:
        # festival days bring families
        notes = rng.choice([note for note, min_size in FAMILY_NOTES_ZH if size >= min_size])
    elif roll > 0.97:
        notes = rng.choice(OTHER_NOTES_EN if english else OTHER_NOTES_ZH)

    companions: tuple[str, ...] = ()
    if size > 1 and rng.random() < 0.30:
        family_surname = contact.split(" ")[-1] if english else _surname_of(contact)
        names: list[str] = []
        while len(names) < size - 1:
            surname = family_surname if rng.random() < 0.5 else None  # half are family
            name = faker.english_name(surname) if english else faker.chinese_name(surname)
            if name != contact and name not in names:
                names.append(name)
        companions = tuple(names)

    return Reservation(
        code=faker.code(),
        session=session,
        contact=contact,
        phone=phone,
        party_size=size,
        language=ENGLISH if english else CHINESE,
        notes=notes,
        companions=companions,
    )


def _surname_of(chinese_name: str) -> str:
    for rare in RARE_SURNAMES:
        if chinese_name.startswith(rare):
            return rare
    return chinese_name[0]


def _school_trip(faker: _Faker, session: DemoSession) -> list[Reservation]:
    """A middle-school study trip: three teachers book five places each, all for group C."""
    return [
        Reservation(
            code=faker.code(),
            session=session,
            contact=faker.chinese_name(),
            phone=faker.chinese_mobile(),
            party_size=5,
            language=CHINESE,
            notes=f"育才中学 研学团 第{part}队（教师带队）",
            group="C",
        )
        for part in (1, 2, 3)
    ]


def _press_party(faker: _Faker, session: DemoSession) -> list[Reservation]:
    """A motoring-press crew filming the festival tour, kept in group A with the cameras."""
    contact = faker.chinese_name()
    return [
        Reservation(
            code=faker.code(),
            session=session,
            contact=contact,
            phone=faker.chinese_mobile(),
            party_size=4,
            language=CHINESE,
            notes="汽车媒体 拍摄团队，携带摄像器材",
            companions=tuple(faker.chinese_name() for _ in range(3)),
            group="A",
        )
    ]


def _supplier_delegation(
    faker: _Faker, session: DemoSession, roster: list[RosterEntry]
) -> list[Reservation]:
    """Visiting supplier engineers, booked into the group whose guide speaks English."""
    letter = next(e.style.letter for e in roster if e.session == session and e.guide.speaks_english)
    return [
        Reservation(
            code=faker.code(),
            session=session,
            contact=faker.english_name(),
            phone=faker.foreign_mobile(),
            party_size=4,
            language=ENGLISH,
            notes="supplier delegation",
            group=letter,
        )
        for _ in range(2)
    ]


def build_reservations(faker: _Faker, roster: list[RosterEntry]) -> list[Reservation]:
    """Fill every session with exactly 60 confirmed places, then add a few cancellations.

    Rows come out sorted by session, then booking order (block bookings stay together).
    """
    rng = faker.rng
    press_day, school_day, supplier_day = (
        _program_session(2, "09:30"),
        _program_session(10, "09:30"),
        _program_session(22, "10:30"),
    )
    blocks_by_session: dict[DemoSession, list[Reservation]] = {
        school_day: _school_trip(faker, school_day),
        press_day: _press_party(faker, press_day),
        supplier_day: _supplier_delegation(faker, supplier_day, roster),
    }
    cancelled_sessions = [rng.choice(PROGRAM) for _ in range(CANCELLED_RESERVATIONS)]

    rows: list[Reservation] = []
    for session in PROGRAM:
        block = blocks_by_session.get(session, [])
        remaining = SESSION_CAPACITY - sum(r.party_size for r in block)
        booked: list[Reservation] = []
        while remaining > 0:
            party = _random_party(faker, session, faker.party_size(remaining))
            booked.append(party)
            remaining -= party.party_size
        for _ in range(cancelled_sessions.count(session)):
            cancelled = _random_party(faker, session, faker.party_size(4))
            cancelled.status = CANCELLED
            booked.insert(rng.randrange(len(booked) + 1), cancelled)
        at = rng.randrange(len(booked) + 1)
        rows.extend(booked[:at] + block + booked[at:])
    return rows


# --- writers -----------------------------------------------------------------------------------


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Write as the platform does: UTF-8 with BOM (so Excel opens it), CRLF line endings."""
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


FIXED_XLSX_INSTANT = datetime(2025, 1, 31, 12, 0, 0)
_ZIP_ENTRY_TIME = (2025, 1, 31, 12, 0, 0)


def write_xlsx(path: Path, reservations: Sequence[Reservation]) -> None:
    """Write the reservations as an Excel export with a title row above the header.

    openpyxl stamps the save time into docProps/core.xml and every zip entry, so the workbook is
    re-packed with fixed times to stay byte-identical between runs.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "预约明细"
    sheet.append([XLSX_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(RESERVATION_HEADER))
    sheet.append(list(RESERVATION_HEADER))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for reservation in reservations:
        cells: list[str | int] = list(reservation.csv_row())
        cells[RESERVATION_HEADER.index("参观人数")] = reservation.party_size
        sheet.append(cells)
    widths = (12, 12, 10, 18, 18, 10, 8, 8, 28, 30, 8)
    for column, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    workbook.properties.creator = "开放工厂预约平台"
    workbook.properties.title = XLSX_TITLE
    workbook.properties.created = FIXED_XLSX_INSTANT

    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_repack_with_fixed_times(buffer.getvalue()))


def _repack_with_fixed_times(xlsx: bytes) -> bytes:
    fixed = FIXED_XLSX_INSTANT.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + fixed.encode() + rb"\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_ENTRY_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()


def generate(out_dir: Path, *, with_xlsx: bool = True) -> list[Path]:
    """Write the demo exports into out_dir and return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    faker = _Faker(random.Random(SEED))
    roster = build_roster(faker)
    reservations = build_reservations(faker, roster)
    written = [out_dir / RESERVATIONS_CSV, out_dir / ROSTER_CSV]
    write_csv(written[0], RESERVATION_HEADER, [r.csv_row() for r in reservations])
    write_csv(written[1], ROSTER_HEADER, [e.csv_row() for e in roster])
    if with_xlsx:
        written.append(out_dir / RESERVATIONS_XLSX)
        write_xlsx(written[2], reservations)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: regenerate the samples (default: next to this script)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent, help="output folder"
    )
    parser.add_argument("--no-xlsx", action="store_true", help="skip reservations.xlsx")
    args = parser.parse_args(argv)
    for path in generate(args.out, with_xlsx=not args.no_xlsx):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
