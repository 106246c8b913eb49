"""A large, realistic reservation export for the benchmarks (auto-show scale).

The CSV has the columns of a Chinese platform export (like ``db/samples/reservations.csv``),
party sizes 1–5 averaging 2.5, ~200 reservations (~500 visitors) per session, 20 sessions a
day, and a roster giving each session ten groups of 60, so group assignment has room.
Everything random comes from one seeded generator: the same size gives the same bytes.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from kiosk.sync.headers import RESERVATIONS_EXPORT_HEADER

RESERVATION_HEADER = RESERVATIONS_EXPORT_HEADER
ROSTER_HEADER = ("参观日期", "入场时间", "组别", "导游", "导游语言", "人数上限", "集合点", "颜色")

FIRST_DAY = date(2025, 4, 25)
RESERVATIONS_PER_SESSION = 200
SESSIONS_PER_DAY = 20
FIRST_SLOT = time(8, 0)
SLOT_MINUTES = 30
GROUPS = "ABCDEFGHIJ"
GROUP_CAPACITY = 60
PARTY_SIZES = (1, 2, 3, 4, 5)
PARTY_WEIGHTS = (20, 30, 25, 15, 10)  # mean 2.55
CANCELLED_SHARE = 0.02
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
COLOURS = ("#D32F2F", "#1976D2", "#388E3C", "#F57C00", "#7B1FA2")

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬宇浩凯健俊帆"
_LATIN_FIRST = ("Amelia", "Oliver", "Sophie", "Lucas", "Emma", "Noah", "Mia", "Leon", "Hanna")
_LATIN_LAST = ("Martin", "Schmidt", "Garcia", "Smith", "Rossi", "Dubois", "Novak", "Jensen")
_NOTES = ("", "", "", "", "", "", "带一名儿童（8岁）", "轮椅通道", "需要英文讲解", "孕妇")


@dataclass(frozen=True)
class Dataset:
    """Where the generated exports are and what they hold."""

    reservations_csv: Path
    roster_csv: Path
    reservations: int
    visitors: int
    sessions: int
    session_starts: tuple[datetime, ...]


def session_count(size: int) -> int:
    return max(2, -(-size // RESERVATIONS_PER_SESSION))


def session_starts(size: int) -> list[datetime]:
    """Naive local start times of the sessions (the site's zone is applied by the reader)."""
    starts = []
    for index in range(session_count(size)):
        day, slot = divmod(index, SESSIONS_PER_DAY)
        when = datetime.combine(FIRST_DAY + timedelta(days=day), FIRST_SLOT)
        starts.append(when + timedelta(minutes=SLOT_MINUTES * slot))
    return starts


def generate(folder: Path, size: int, *, seed: int = 20250425) -> Dataset:
    """Write ``reservations.csv`` (``size`` rows) and ``roster.csv`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    starts = session_starts(size)
    roster_path = folder / "roster.csv"
    with roster_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ROSTER_HEADER)
        for start in starts:
            for index, letter in enumerate(GROUPS):
                writer.writerow(
                    (
                        f"{start:%Y-%m-%d}",
                        f"{start:%H:%M}",
                        letter,
                        f"导游{index + 1:02d}",
                        "中文、英文" if index % 3 == 0 else "中文",
                        GROUP_CAPACITY,
                        f"{index + 1}号门 集合点",
                        COLOURS[index % len(COLOURS)],
                    )
                )
    codes: set[str] = set()
    visitors = 0
    path = folder / "reservations.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RESERVATION_HEADER)
        for row_index in range(size):
            start = starts[row_index * len(starts) // size]
            code = _code(rng, codes)
            party = rng.choices(PARTY_SIZES, PARTY_WEIGHTS)[0]
            english = rng.random() < 0.1
            contact = _latin_name(rng) if english else _chinese_name(rng)
            companions = (
                "、".join(_chinese_name(rng) for _ in range(party - 1))
                if rng.random() < 0.3
                else ""
            )
            cancelled = rng.random() < CANCELLED_SHARE
            visitors += party
            writer.writerow(
                (
                    code,
                    f"{start:%Y-%m-%d}",
                    f"{start:%H:%M}",
                    contact,
                    f"+44 7700 {rng.randrange(900000, 999999)}"
                    if english
                    else f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
                    party,
                    "英文" if english else "中文",
                    "已取消" if cancelled else "已确认",
                    rng.choice(_NOTES),
                    companions,
                    "",
                )
            )
    return Dataset(path, roster_path, size, visitors, len(starts), tuple(starts))


def _code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


def _chinese_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _latin_name(rng: random.Random) -> str:
    return f"{rng.choice(_LATIN_FIRST)} {rng.choice(_LATIN_LAST)}"


def first_rows(data: Dataset, count: int) -> tuple[Path, Path, int]:
    """The first ``count`` reservations of a data set as CSV and as an XLSX workbook.

    The workbook holds the same cells as the CSV, the party size as a number (as a platform's
    Excel export has it). Written once per folder and size; returns both paths and the count.
    """
    import openpyxl  # the writer of workbooks; reading is python-calamine's job

    folder = data.reservations_csv.parent
    csv_path = folder / f"reservations-{count}.csv"
    xlsx_path = folder / f"reservations-{count}.xlsx"
    taken = 0
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("预约")
    with (
        data.reservations_csv.open(encoding="utf-8-sig", newline="") as source,
        csv_path.open("w", encoding="utf-8-sig", newline="") as target,
    ):
        reader = csv.reader(source)
        writer = csv.writer(target)
        header = next(reader)
        writer.writerow(header)
        sheet.append(header)
        size_column = header.index("参观人数")
        for row in reader:
            if taken == count:
                break
            writer.writerow(row)
            cells: list[object] = list(row)
            cells[size_column] = int(row[size_column])
            sheet.append(cells)
            taken += 1
    workbook.save(xlsx_path)
    return csv_path, xlsx_path, taken
