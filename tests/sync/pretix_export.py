"""Write pretix "Order data" exports the way pretix writes them, for the importer's tests.

Built from pretix's own exporter source (pretix 2026.8.0, see docs/export-formats.md):

* columns and cells follow ``OrderListExporter.iterate_positions`` in
  ``pretix/base/exporters/orderlist.py``: one row per order position, the event-series columns
  ``Date`` (the subevent's name), ``Start date`` and ``End date`` (``%Y-%m-%d %H:%M:%S``), name
  parts as "Attendee name: Given name" for multi-part name schemes, the status from
  ``Order.get_extended_status_display()`` or "canceled" for a canceled position, ``Add-on to
  position ID`` for add-ons, one column per question, the invoice address and the rest;
* headers and status words in the export's language, from pretix's compiled catalogues (the
  generated ``kiosk.sync.pretix_locale``), English where a language has no translation;
* CSV through ``defusedcsv`` (pretix's writer, which puts ``'`` before ``= + - @ | %``) in
  the three dialects of ``MultiSheetListExporter.render`` (commas with QUOTE_NONNUMERIC,
  Excel-style, semicolons), UTF-8 without BOM;
* Excel as ``SafeWorkbook(write_only=True)``: the sheets "Orders", "Order positions" and
  "Order fees", formulas forced to text, no apostrophes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from defusedcsv import csv as defused_csv
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kiosk.sync.pretix_locale import TRANSLATIONS

Dialect = Literal["default", "excel", "semicolon"]


def tr(language: str, key: str) -> str:
    """pretix's translation of ``key`` ("context|msgid" for pgettext) in ``language``."""
    if language != "en" and key in TRANSLATIONS.get(language, {}):
        return TRANSLATIONS[language][key]
    return key.rpartition("|")[2]


@dataclass(frozen=True)
class SubEvent:
    name: str
    date_from: datetime  # naive, in the event's time zone (pretix converts before strftime)
    date_to: datetime | None = None


@dataclass(frozen=True)
class Position:
    positionid: int
    given: str = ""
    family: str = ""
    secret: str = ""
    item: str = "Factory tour"
    item_id: int = 1
    subevent: SubEvent | None = None
    addon_to: int | None = None
    canceled: bool = False
    answers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Order:
    code: str
    status: Literal["n", "p", "e", "c"]
    positions: tuple[Position, ...]
    phone: str = ""
    email: str = "visitor@example.com"
    comment: str = ""
    locale: str = "zh-hans"
    require_approval: bool = False
    valid_if_pending: bool = False
    datetime: datetime = datetime(2025, 1, 20, 10, 15, 0)


@dataclass(frozen=True)
class Event:
    slug: str = "factory-tours"
    name: str = "Open Factory"
    has_subevents: bool = True
    name_scheme: Literal["full", "given_family"] = "given_family"
    questions: tuple[str, ...] = ()
    orders: tuple[Order, ...] = ()


def _status(language: str, order: Order, position: Position) -> str:
    """``_("canceled") if op.canceled else order.get_extended_status_display()``."""
    if position.canceled:
        return tr(language, "canceled")
    if order.status == "n":
        if order.require_approval:
            return tr(language, "approval pending")
        if order.valid_if_pending:
            return tr(language, "order state|pending (confirmed)")
        return tr(language, "pending")
    if order.status == "p" and all(p.canceled for p in order.positions):
        return tr(language, "canceled (paid fee)")
    return tr(language, {"p": "paid", "e": "expired", "c": "canceled"}[order.status])


def positions_sheet(event: Event, language: str) -> list[list[object]]:
    """The "Order positions" sheet: the header row, then one row per position."""
    t = lambda key: tr(language, key)  # noqa: E731
    headers: list[object] = [t("Event slug"), t("Event name"), t("Order code"), t("Position ID"),
                             t("Status"), t("Email"), t("Phone number"), t("Order date"),
                             t("Order time")]  # fmt: skip
    if event.has_subevents:
        headers += [t("subevent|Date"), t("Start date"), t("End date")]
    headers += [t("Product"), t("Product ID"), t("Variation"), t("Variation ID"), t("Price"),
                t("Tax rate"), t("Tax rule"), t("Tax value"), t("Attendee name")]  # fmt: skip
    parts = event.name_scheme == "given_family"
    if parts:
        headers += [
            t("Attendee name") + ": " + t("Given name"),
            t("Attendee name") + ": " + t("Family name"),
        ]
    headers += [t("Attendee email"), t("Attendee company"), t("Address"), t("ZIP code"),
                t("City"), t("Country"), t("address|State"), t("Voucher"),
                t("Voucher budget usage"), t("Voucher tag"), t("Pseudonymization ID"),
                t("Ticket secret"), t("Seat ID"), t("Seat name"), t("Seat zone"), t("Seat row"),
                t("Seat number"), t("Blocked"), t("Valid from"), t("Valid until"),
                t("Order comment"), t("Follow-up date"),
                t("Add-on to position ID")]  # fmt: skip
    headers += list(event.questions)
    headers += [t("Invoice address company"), t("Invoice address name")]
    if parts:
        headers += [
            t("Invoice address name") + ": " + t("Given name"),
            t("Invoice address name") + ": " + t("Family name"),
        ]
    headers += [t("Invoice address street"), t("Invoice address ZIP code"),
                t("Invoice address city"), t("Invoice address country"),
                t("address|Invoice address state"), t("VAT ID"), t("Sales channel"),
                t("Order locale"), t("Email address verified"), t("External customer ID"),
                t("Check-in lists"), t("Payment providers"),
                t("Position order link")]  # fmt: skip
    rows: list[list[object]] = [headers]
    for order in event.orders:
        for position in order.positions:
            given, family = position.given, position.family
            full = " ".join(p for p in (given, family) if p)
            if not parts and any(ord(ch) >= 0x3400 for ch in given + family):
                full = family + given  # typed into one field, as Chinese visitors write it
            row: list[object] = [event.slug, event.name, order.code, position.positionid,
                                 _status(language, order, position), order.email, order.phone,
                                 order.datetime.strftime("%Y-%m-%d"),
                                 order.datetime.strftime("%H:%M:%S")]  # fmt: skip
            if event.has_subevents:
                sub = position.subevent
                row += (
                    [sub.name, sub.date_from.strftime("%Y-%m-%d %H:%M:%S"),
                     sub.date_to.strftime("%Y-%m-%d %H:%M:%S") if sub.date_to else ""]
                    if sub else ["", "", ""]
                )  # fmt: skip
            row += [position.item, str(position.item_id), "", "", "0.00", "0.00", "", "0.00",
                    full]  # fmt: skip
            if parts:
                row += [given, family]
            row += ["", "", "", "", "", "", "", "", "", "", f"PSEUDO{position.positionid}",
                    position.secret, "", "", "", "", "", "", "", "", order.comment, "",
                    position.addon_to if position.addon_to is not None else ""]  # fmt: skip
            row += [position.answers.get(q, "") for q in event.questions]
            row += ["", ""] + (["", ""] if parts else [])
            row += ["", "", "", "", "", "", "web", order.locale, tr(language, "Yes"), "", "",
                    "", f"https://pretix.example/{order.code}/{position.positionid}/"]  # fmt: skip
            rows.append(row)
    return rows


def positions_csv(event: Event, language: str, dialect: Dialect = "default") -> bytes:
    """The positions sheet as ``_render_sheet_csv`` writes it in one of pretix's dialects."""
    output = io.StringIO()
    if dialect == "default":
        writer = defused_csv.writer(output, quoting=defused_csv.QUOTE_NONNUMERIC, delimiter=",")
    elif dialect == "excel":
        writer = defused_csv.writer(output, dialect="excel")
    else:
        writer = defused_csv.writer(output, dialect="excel", delimiter=";")
    for line in positions_sheet(event, language):
        writer.writerow(line)
    return output.getvalue().encode("utf-8")


def order_data_xlsx(event: Event, language: str) -> bytes:
    """The combined Excel export: Orders, Order positions and Order fees sheets."""
    workbook = Workbook(write_only=True)
    orders = workbook.create_sheet("Orders")
    t = lambda key: tr(language, key)  # noqa: E731
    orders.append([t("Event slug"), t("Event name"), t("Order code"), t("Status"), t("Email"),
                   t("Phone number"), t("Order date"), t("Order time")])  # fmt: skip
    for order in event.orders:
        orders.append([event.slug, event.name, order.code,
                       _status(language, order, order.positions[0]), order.email, order.phone,
                       order.datetime.strftime("%Y-%m-%d"),
                       order.datetime.strftime("%H:%M:%S")])  # fmt: skip
    sheet = workbook.create_sheet("Order positions")
    for line in positions_sheet(event, language):
        cells = []
        for value in line:
            cell = WriteOnlyCell(sheet, value=value)
            if cell.data_type == "f":  # SafeCell: never a formula
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    fees = workbook.create_sheet("Order fees")
    fees.append([t("Event slug"), t("Order code"), t("Status")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tour_event(*, has_subevents: bool = True, scheme: str = "given_family") -> Event:
    """The factory-tour event series every pretix test reads, in every status pretix knows."""
    morning = SubEvent("2月2日 上午场", datetime(2025, 2, 2, 9, 30), datetime(2025, 2, 2, 11, 30))
    afternoon = SubEvent("2月3日 下午场", datetime(2025, 2, 3, 14, 0), datetime(2025, 2, 3, 16, 0))
    sub = morning if has_subevents else None
    later = afternoon if has_subevents else None
    orders = (
        Order("ABC12", "p", (
            Position(1, "伟", "张", "k7pq2xw9df4bnh3s8gy2muvr5ct6ez1a", subevent=sub),
            Position(2, "娜", "李", "v9f2cq8hw3sk5xzy7nbg4dtm2pa6ur1e", subevent=sub),
            Position(3, "", "", "souvenir0secret0never0a0visitor", item="T-shirt", item_id=2,
                     subevent=sub, addon_to=1),
        ), phone="+8613800138000", comment="需要轮椅"),
        Order("DEF34", "n", (Position(1, "Anna", "Müller", "pend1ngsecretforannaxxxxxxxxxxxx",
                                      subevent=sub),), phone="+4930123456", locale="de"),
        Order("GHI56", "e", (Position(1, "Bo", "Wang", "exp1redsecretxxxxxxxxxxxxxxxxxxx",
                                      subevent=sub),), locale="en"),
        Order("JKL78", "c", (
            Position(1, "芳", "王", "cancel1secretxxxxxxxxxxxxxxxxxxx", subevent=sub),
            Position(2, "磊", "刘", "cancel2secretxxxxxxxxxxxxxxxxxxx", subevent=sub),
        )),
        Order("MNO90", "p", (
            Position(1, "Li", "Chen", "mno1secretxxxxxxxxxxxxxxxxxxxxxx", subevent=later),
            Position(2, "Ming", "Chen", "mno2secretxxxxxxxxxxxxxxxxxxxxxx", subevent=later,
                     canceled=True),
            Position(3, "Hua", "Chen", "mno3secretxxxxxxxxxxxxxxxxxxxxxx", subevent=later),
        ), phone="+8613900139000", locale="en"),
        Order("PQR12", "n", (Position(1, "Kim", "Lee", "approvalsecretxxxxxxxxxxxxxxxxxx",
                                      subevent=later),), require_approval=True),
        Order("STU34", "n", (Position(1, "Ola", "Nordmann", "validifpendingsecretxxxxxxxxxxxx",
                                      subevent=later),), valid_if_pending=True),
    )  # fmt: skip
    return Event(
        has_subevents=has_subevents,
        name_scheme="given_family" if scheme == "given_family" else "full",
        orders=orders,
    )
