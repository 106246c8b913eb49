"""Eventbrite attendee reports as Eventbrite writes them (US and UK headers).

Eventbrite's exporter is not open source. The column lists are the ones real reports show
(sources in docs/export-formats.md): the US report has ``Order #`` and ``Attendee #`` and a
``Group`` column for Eventbrite's group registration; the UK report says ``Order no.`` and
``Surname`` and has no attendee number. Neither has the event's date (Eventbrite makes one
event per date). The barcode printed on a ticket is the order number, the attendee number and
"001".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Literal

US_HEADER = next(
    csv.reader(
        [
            "Order #,Order Date,First Name,Last Name,Email,Quantity,Price Tier,Ticket Type,Attendee #,"
            "Group,Order Type,Currency,Total Paid,Fees Paid,Eventbrite Fees,"
            "Eventbrite Payment Processing,Attendee Status,Home Address 1,Home Address 2,Home City,"
            "Home State,Home Zip,Home Country,Cell Phone,How did you hear about this event?"
        ]
    )
)
UK_HEADER = next(
    csv.reader(
        [
            "Order no.,Order Date,First Name,Surname,Email,Quantity,Ticket Type,Order Type,Total Paid,"
            "Eventbrite Fees,Eventbrite Payment Processing,Attendee Status,Home Address 1,"
            "Home Address 2,Home City,County of Residence,Home Postcode,Home Country"
        ]
    )
)


@dataclass(frozen=True)
class Attendee:
    order: str
    attendee: str
    first: str
    last: str
    status: str = "Attending"
    group: str = ""
    phone: str = ""

    @property
    def barcode(self) -> str:
        return f"{self.order}{self.attendee}001"


def report_csv(attendees: list[Attendee], variant: Literal["us", "uk"] = "us") -> bytes:
    """An attendee report, one row per attendee, with Eventbrite's UTF-8 BOM."""
    header = US_HEADER if variant == "us" else UK_HEADER
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for a in attendees:
        values = {
            "Order #": a.order, "Order no.": a.order,
            "Order Date": "11/29/24 22:28" if variant == "us" else "2025-01-27 15:51:40+00:00",
            "First Name": a.first, "Last Name": a.last, "Surname": a.last,
            "Email": f"{a.first.lower()}@example.com", "Quantity": "1",
            "Ticket Type": "Factory tour", "Attendee #": a.attendee, "Group": a.group,
            "Order Type": "Free Order", "Currency": "USD", "Total Paid": "0", "Fees Paid": "0",
            "Eventbrite Fees": "0", "Eventbrite Payment Processing": "0",
            "Attendee Status": a.status, "Cell Phone": a.phone,
        }  # fmt: skip
        writer.writerow([values.get(column, "") for column in header])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


FAMILIES = [
    Attendee("11211912243", "18441583423", "John", "Doe", group="Team Blue",
             phone="+1 555 0100"),
    Attendee("11211912243", "18441583424", "Jane", "Doe", group="Team Blue"),
    Attendee("11211987213", "18441700883", "Wei", "Zhang"),
    Attendee("11211987213", "18441700884", "Na", "Li", status="Not Attending"),
    Attendee("11212000001", "18441800001", "Bo", "Chan", status="Refunded"),
    Attendee("11212000002", "18441800002", "Kim", "Lee", status="Checked In"),
    Attendee("11212000003", "18441800003", "Ola", "Berg", status="Pending"),
    Attendee("11212000004", "18441800004", "芳", "王"),
]  # fmt: skip
"""Eight attendees in six orders: a family of two, a party with one no longer attending, a
refund, one already checked in on Eventbrite's app, one pending and a Chinese name."""
