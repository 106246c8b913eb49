"""Column headers: the alias tables, header-row detection and header → field mapping.

Headers are compared after NFKC folding, lower-casing and removing spaces and punctuation, so
"Order #", "order  no.", "预约码：" and "预约码（必填）" all find their field. The tables are the
single source of truth for the alias list in docs/export-formats.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from kiosk.sync.pretix_headers import PRETIX_KEYS, PretixLanguage
from kiosk.sync.rows import ExportKind
from kiosk.sync.values import cell_text, normalize_header

__all__ = ["HEADER_SEARCH_ROWS", "IGNORED", "HeaderMap", "map_headers", "normalize_header"]

HEADER_SEARCH_ROWS: Final = 20
RESERVATIONS_EXPORT_HEADER: Final = (
    "预约码",
    "参观日期",
    "入场时间",
    "联系人",
    "手机号",
    "参观人数",
    "语言",
    "状态",
    "备注",
    "同行人",
    "分组",
)
"""The columns of the reservations file the demo program and ``kiosk bench`` write: what a
Chinese booking platform's export typically has, every one a recognised alias below."""
IGNORED: Final = "ignored"

_SESSION_ALIASES: Final = {
    "session": "session, slot, time slot, tour time, session time, tour, date and time, "
    "datetime, date time, date attending, event date and time, starts at, start, "
    "场次, 参观时间, 预约时段, 预约时间, 参观场次, 时段, 参观时段, 游览时间",
    "date": "date, tour date, visit date, event date, event start date, session date, day, "
    "日期, 参观日期, 预约日期, 游览日期, 活动日期",
    "time": "time, start time, entry time, event start time, session start time, "
    "时间, 入场时间, 开始时间, 集合时间, 参观开始时间",
    "end_time": "end time, event end time, finish time, ends at, 结束时间, 散场时间",
    "group": "group, tour group, group letter, group name, 分组, 组别, 组, 团组, 小组, 分组名称",
}

_RESERVATION_ALIASES: Final = {
    "code": "reservation code, reservation number, reservation no, reservation id, booking code, "
    "booking number, booking reference, booking ref, booking id, reference, confirmation code, "
    "confirmation number, ticket code, ticket number, ticket no, code, order, order number, "
    "order no, order id, order code, secret, qr code, 预约码, 预约号, 预约编号, 预约单号, "
    "订单号, 订单编号, 票号, 票码, 核销码, 二维码, 凭证码, 预约凭证",
    "contact_name": "name, contact, contact name, full name, booker, booker name, visitor name, "
    "姓名, 联系人, 联系人姓名, 参观人, 预约人, 预订人, 预约人姓名",
    "first_name": "first name, given name, firstname, 名",
    "last_name": "last name, surname, family name, lastname, 姓",
    "buyer_first_name": "buyer first name",
    "buyer_last_name": "buyer last name",
    "phone": "phone, mobile, mobile phone, cell phone, cell, phone number, mobile number, tel, "
    "telephone, contact phone, home phone, 手机, 手机号, 手机号码, 联系电话, 电话, 联系方式, "
    "联系人电话, 联系人手机",
    "party_size": "party size, party, guests, number of guests, quantity, qty, tickets, "
    "number of tickets, persons, people, pax, headcount, visitors count, group size, "
    "人数, 参观人数, 预约人数, 人数合计, 票数, 预约数量, 数量",
    "language": "language, lang, tour language, preferred language, 语言, 讲解语言, 参观语言",
    "status": "status, state, booking status, reservation status, order status, "
    "attendee status, 状态, 预约状态, 订单状态",
    "notes": "notes, note, needs, special needs, special requests, comments, comment, remarks, "
    "备注, 特殊需求, 需求, 留言, 备注信息",
    "accessibility": "accessibility, accessible, wheelchair, step free, step-free access, "
    "无障碍, 无障碍需求, 轮椅, 是否需要轮椅, 无障碍通道",
    "visitor_names": "visitor names, visitors, attendee names, party members, companions, "
    "guest names, 参观人姓名, 同行人, 随行人员, 同行人员, 参观人员, 同行人姓名, 参观者",
    "visitor_secrets": "barcode, barcodes, barcode number, barcode no, ticket secret, "
    "ticket secrets, secrets, visitor codes, 电子票号, 门票码",
    "session_ref": "session id, slot id, subevent id, event id, 场次编号, 场次id",
    "session_label": "event name, session name, event title, 场次名称, 活动名称",
    "attendee_number": "attendee, attendee number, attendee no, attendee id",
    IGNORED: "email, e mail, email address, buyer email, 邮箱, 电子邮件, 邮件, order date, "
    "order time, ticket type, order type, total paid, fees paid, currency, price tier, "
    "eventbrite fees, eventbrite payment processing, home address 1, home address 2, "
    "home city, home state, home zip, home postcode, home country, county of residence, "
    "job title, company, 下单时间, 预约提交时间, 提交时间, 创建时间, 序号, 编号, no",
}

_ROSTER_ALIASES: Final = {
    "guide": "guide, guide name, tour guide, 导游, 讲解员, 导游姓名, 讲解员姓名, 带队, 领队",
    "guide_languages": "guide languages, guide language, languages, language, "
    "导游语言, 讲解语言, 语言, 语种",
    "guide_phone": "guide phone, guide mobile, phone, mobile, 导游电话, 导游手机, 讲解员电话, "
    "联系电话, 电话, 手机",
    "capacity": "capacity, max size, max visitors, limit, group size, size, "
    "人数上限, 容量, 限额, 最大人数, 人数, 名额",
    "meeting_point": "meeting point, meeting place, meet at, assembly point, "
    "集合点, 集合地点, 集合地, 集合位置",
    "colour": "colour, color, group colour, group color, 颜色, 组颜色, 分组颜色",
    IGNORED: "序号, 编号, no, notes, 备注",
}

FIELD_LABELS: Final = {
    "code": "reservation code (预约码)",
    "session": "tour date and time (参观日期 + 入场时间)",
    "party_size": "party size (参观人数)",
    "group": "group (组别)",
}

_BRACKETED = re.compile(r"[(\[{<【（].*?[)\]}>】）]")


def _table(*families: dict[str, str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for family in families:
        for field_name, aliases in family.items():
            for alias in aliases.split(","):
                table.setdefault(normalize_header(alias), field_name)
    return table


RESERVATION_TABLE: Final = _table(_SESSION_ALIASES, _RESERVATION_ALIASES)
ROSTER_TABLE: Final = _table(_SESSION_ALIASES, _ROSTER_ALIASES)
_ANY_TABLE: Final = {**ROSTER_TABLE, **RESERVATION_TABLE}


def alias_rows() -> list[tuple[str, str, str]]:
    """(family, field, aliases) rows for the documentation table."""
    rows = [("both", name, text) for name, text in _SESSION_ALIASES.items()]
    rows += [("reservations", name, text) for name, text in _RESERVATION_ALIASES.items()]
    rows += [("roster", name, text) for name, text in _ROSTER_ALIASES.items()]
    return rows


def lookup(table: dict[str, str], header: str) -> str | None:
    """The field a header names, trying it also without a bracketed remark ("人数（人）")."""
    key = normalize_header(header)
    if not key:
        return None
    found = table.get(key)
    if found is None and _BRACKETED.search(header):
        found = table.get(normalize_header(_BRACKETED.sub("", header)))
    return found


@dataclass
class HeaderMap:
    """Which column feeds which field, for one detected header row.

    ``platform`` names a layout read by its own rules: "pretix" (one row per ticket),
    "eventbrite" (one row per attendee), "profile" (an operator's column mapping), or "".
    """

    kind: ExportKind
    line: int
    headers: list[str]
    columns: dict[str, int] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    platform: str = ""
    pretix_language: PretixLanguage | None = None

    @property
    def per_person(self) -> bool:
        """One row per person (ticket, attendee): the party size is the row count."""
        return self.platform in ("pretix", "eventbrite")

    def missing(self, *, session_given: bool = False) -> list[str]:
        """Field keys of the required columns this header lacks.

        Args:
            session_given: the tour is given from outside (``--session``), so a file without
                a date column is complete.
        """
        has = self.columns
        missing: list[str] = []
        if self.kind == "reservations" and "code" not in has:
            missing.append("code")
        if not session_given and "session" not in has and not ("date" in has and "time" in has):
            missing.append("session")
        if self.kind == "reservations" and "party_size" not in has and not self.per_person:
            missing.append("party_size")
        if self.kind == "roster" and "group" not in has:
            missing.append("group")
        return missing


def score_row(cells: Sequence[object]) -> int:
    """How many cells of a row are headers we know (title rows and data rows score ~0)."""
    score = 0
    for cell in cells:
        if (
            isinstance(cell, str)
            and cell
            and len(cell) <= 60
            and (lookup(_ANY_TABLE, cell) or normalize_header(cell) in PRETIX_KEYS)
        ):
            score += 1
    return score


def map_headers(cells: Sequence[object], line: int) -> HeaderMap:
    """Map a header row, deciding whether the file is a roster or a reservations list.

    A roster has group and guide columns (or group with capacity/meeting point/colour) and no
    reservation code column; everything else is read as reservations.
    """
    headers = [cell_text(cell) for cell in cells]
    reservation_fields = {lookup(RESERVATION_TABLE, h) for h in headers}
    roster_fields = {lookup(ROSTER_TABLE, h) for h in headers}
    roster_like = "group" in roster_fields and bool(
        {"guide", "capacity", "meeting_point", "colour"} & roster_fields
    )
    kind: ExportKind = (
        "roster" if "code" not in reservation_fields and roster_like else "reservations"
    )
    table = ROSTER_TABLE if kind == "roster" else RESERVATION_TABLE
    result = HeaderMap(kind=kind, line=line, headers=headers)
    for index, header in enumerate(headers):
        if not header:
            continue
        field_name = lookup(table, header)
        if field_name is None or (field_name != IGNORED and field_name in result.columns):
            result.unused.append(header)
            continue
        result.mapping[header] = field_name
        if field_name != IGNORED:
            result.columns[field_name] = index
    return result
