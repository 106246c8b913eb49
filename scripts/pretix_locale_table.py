"""Generate kiosk/sync/pretix_locale.py (and the tests' string table) from pretix's own locales.

pretix translates the column headers and status words of its "Order data" export with Django's
gettext: the compiled catalogues ``pretix/locale/<lang>/LC_MESSAGES/django.mo`` that ship in
its wheel (fuzzy entries of the .po files are not compiled, so such headers stay English, as
they do in a real export). This script reads those catalogues with Python's ``gettext`` module,
exactly as Django does, for the strings that ``pretix/base/exporters/orderlist.py`` writes into
its "Order positions" sheet, and writes:

``kiosk/sync/pretix_locale.py``: which field each header feeds, which status each status word
means, and every language's translation of them. The importer finds a header row's language
and maps it with that language's strings; the tests write their fixtures with the same strings,
the way pretix writes them.

Refresh for a new pretix release::

    pip download --no-deps pretix -d /tmp/pretix
    python scripts/pretix_locale_table.py /tmp/pretix/pretix-*.whl
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "kiosk" / "sync" / "pretix_locale.py"

# (context, msgid) -> field of the positions sheet. Context "" is plain gettext.
HEADERS: dict[tuple[str, str], str] = {
    ("", "Order code"): "code",
    ("", "Position ID"): "position_id",
    ("", "Status"): "status",
    ("", "Phone number"): "phone",
    ("subevent", "Date"): "session_label",
    ("", "Start date"): "session",
    ("", "End date"): "end_time",
    ("", "Attendee name"): "contact_name",
    ("", "Ticket secret"): "visitor_secrets",
    ("", "Order comment"): "notes",
    ("", "Add-on to position ID"): "addon_to",
    ("", "Order locale"): "language",
    ("", "Event name"): "event_name",
    ("", "Product"): "product",
}
# Columns the importer knows but does not use (they help find the header row).
IGNORED_HEADERS: tuple[tuple[str, str], ...] = (
    ("", "Event slug"),
    ("", "Email"),
    ("", "Order date"),
    ("", "Order time"),
    ("", "Product ID"),
    ("", "Variation"),
    ("", "Variation ID"),
    ("", "Price"),
    ("", "Tax rate"),
    ("", "Tax rule"),
    ("", "Tax value"),
    ("", "Attendee email"),
    ("", "Attendee company"),
    ("", "Address"),
    ("", "ZIP code"),
    ("", "City"),
    ("", "Country"),
    ("address", "State"),
    ("", "Voucher"),
    ("", "Voucher budget usage"),
    ("", "Voucher tag"),
    ("", "Pseudonymization ID"),
    ("", "Seat ID"),
    ("", "Seat name"),
    ("", "Seat zone"),
    ("", "Seat row"),
    ("", "Seat number"),
    ("", "Blocked"),
    ("", "Valid from"),
    ("", "Valid until"),
    ("", "Follow-up date"),
    ("", "Invoice address company"),
    ("", "Invoice address name"),
    ("", "Invoice address street"),
    ("", "Invoice address ZIP code"),
    ("", "Invoice address city"),
    ("", "Invoice address country"),
    ("address", "Invoice address state"),
    ("", "VAT ID"),
    ("", "Sales channel"),
    ("", "Email address verified"),
    ("", "External customer ID"),
    ("", "Check-in lists"),
    ("", "Payment providers"),
    ("", "Position order link"),
)
# Labels of the name-scheme parts: "Attendee name: Given name" and so on.
NAME_PARTS: dict[tuple[str, str], str] = {
    ("", "Given name"): "first_name",
    ("", "First name"): "first_name",
    ("", "Family name"): "last_name",
}
# Status column: order.get_extended_status_display(), or "canceled" for a canceled position.
STATUSES: dict[tuple[str, str], str] = {
    ("", "paid"): "confirmed",
    ("order state", "pending (confirmed)"): "confirmed",
    ("", "pending"): "pending",
    ("", "approval pending"): "pending",
    ("", "expired"): "cancelled",
    ("", "canceled"): "cancelled",
    ("", "canceled (paid fee)"): "cancelled",
}
OTHER_STRINGS: tuple[tuple[str, str], ...] = (("", "Yes"), ("", "No"))


def _catalogues(source: Path) -> tuple[str, dict[str, gettext.GNUTranslations]]:
    """pretix's version and its compiled catalogues by language, from a wheel or a folder."""
    found: dict[str, gettext.GNUTranslations] = {}
    pattern = re.compile(r"pretix/locale/([^/]+)/LC_MESSAGES/django\.mo$")
    if source.is_file():
        with zipfile.ZipFile(source) as wheel:
            version = re.search(
                r'__version__ = "([^"]+)"', wheel.read("pretix/__init__.py").decode()
            )
            for name in wheel.namelist():
                match = pattern.search(name)
                if match:
                    found[match.group(1)] = gettext.GNUTranslations(io.BytesIO(wheel.read(name)))
    else:
        version = re.search(
            r'__version__ = "([^"]+)"', (source / "pretix" / "__init__.py").read_text()
        )
        for path in sorted(source.glob("pretix/locale/*/LC_MESSAGES/django.mo")):
            with path.open("rb") as handle:
                found[path.parent.parent.name] = gettext.GNUTranslations(handle)
    if not found or version is None:
        sys.exit(f"{source}: no pretix wheel or source tree with compiled locales")
    return version.group(1), dict(sorted(found.items()))


def _say(catalogue: gettext.GNUTranslations | None, context: str, msgid: str) -> str:
    if catalogue is None:
        return msgid
    return catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)


def _key(context: str, msgid: str) -> str:
    return f"{context}|{msgid}" if context else msgid


def _python_module(version: str, languages: dict[str, dict[str, str]]) -> str:
    def field_table(name: str, entries: dict[tuple[str, str], str]) -> list[str]:
        lines = [f"{name}: Final[dict[str, str]] = {{"]
        lines += [f"    {_key(*entry)!r}: {field!r}," for entry, field in entries.items()]
        return [*lines, "}", ""]

    lines = [
        f'"""pretix {version}\'s "Order data" headers and status words, in every language it ships.',
        "",
        "GENERATED by scripts/pretix_locale_table.py from the compiled catalogues in pretix's wheel",
        "(``pretix/locale/*/LC_MESSAGES/django.mo``, read with ``gettext`` as Django reads them): do",
        "not edit by hand; run the script again for a new pretix release. ``TRANSLATIONS`` holds, per",
        "language, the strings that differ from English; a string not listed is written in English.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        f"PRETIX_VERSION: Final = {version!r}",
        "",
        *field_table("HEADER_FIELDS", HEADERS),
        *field_table("IGNORED_HEADERS", dict.fromkeys(IGNORED_HEADERS, "ignored")),
        *field_table("NAME_PARTS", NAME_PARTS),
        *field_table("STATUSES", STATUSES),
        "TRANSLATIONS: Final[dict[str, dict[str, str]]] = {",
    ]
    for language, strings in languages.items():
        lines.append(f"    {language!r}: {{")
        lines += [f"        {key!r}: {text!r}," for key, text in strings.items()]
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a pretix wheel (.whl) or unpacked tree")
    args = parser.parse_args()
    version, catalogues = _catalogues(args.source)
    wanted = (*HEADERS, *IGNORED_HEADERS, *NAME_PARTS, *STATUSES, *OTHER_STRINGS)
    languages: dict[str, dict[str, str]] = {}
    for language, catalogue in catalogues.items():
        strings = {
            _key(context, msgid): text
            for context, msgid in wanted
            if (text := _say(catalogue, context, msgid)) != msgid
        }
        if strings:
            languages[language] = strings
    TABLE.write_text(_python_module(version, languages), encoding="utf-8")
    with contextlib.suppress(OSError):  # unformatted is still valid Python
        subprocess.run(["ruff", "format", str(TABLE)], check=False, capture_output=True)
    print(f"pretix {version}: {len(languages)} languages -> {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
