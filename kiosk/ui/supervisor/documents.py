"""Printable sheets: the evacuation roster and a guide's manifest, as PDF or on paper.

The sheets are HTML laid out by QTextDocument and printed through QPrinter (PDF file or a
system queue). No widgets are used, so this may run on a worker thread: a roster of a few
hundred lines must not freeze the console while the alarm rings.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.core.errors import KioskError
from kiosk.services.reports import GuideManifest, RosterEntry

CONTEXT = "SupervisorDocuments"
STYLE = """
h1 { font-size: 16pt; font-weight: bold; }
h2 { font-size: 12pt; font-weight: bold; }
p.meta { color: #37474F; }
th { background-color: #0B2545; color: #FFFFFF; text-align: left; }
"""
FONT_FAMILIES = ("Noto Sans SC", "Noto Sans CJK SC", "DejaVu Sans")


ROSTER_HEADERS = (
    QT_TRANSLATE_NOOP("SupervisorDocuments", "Name"),
    QT_TRANSLATE_NOOP("SupervisorDocuments", "Code"),
    QT_TRANSLATE_NOOP("SupervisorDocuments", "In since"),
    QT_TRANSLATE_NOOP("SupervisorDocuments", "Kiosk"),
    QT_TRANSLATE_NOOP("SupervisorDocuments", "Phone"),
)
MANIFEST_HEADERS = (
    QT_TRANSLATE_NOOP("SupervisorDocuments", "Name"),
    QT_TRANSLATE_NOOP("SupervisorDocuments", "Code"),
    QT_TRANSLATE_NOOP("SupervisorDocuments", "Language"),
    QT_TRANSLATE_NOOP("SupervisorDocuments", "Needs"),
    QT_TRANSLATE_NOOP("SupervisorDocuments", "In since"),
)


def _t(text: str) -> str:
    """Translate a text marked with QT_TRANSLATE_NOOP above."""
    return QCoreApplication.translate(CONTEXT, text)


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _texts() -> dict[str, str]:
    """The sheets' words in the UI language (each marked for lupdate)."""
    return {
        "roster": QCoreApplication.translate("SupervisorDocuments", "Evacuation roster"),
        "on_site_at": QCoreApplication.translate("SupervisorDocuments", "On site at"),
        "people": QCoreApplication.translate("SupervisorDocuments", "people"),
        "no_group": QCoreApplication.translate("SupervisorDocuments", "no group"),
        "group": QCoreApplication.translate("SupervisorDocuments", "Group"),
        "guide": QCoreApplication.translate("SupervisorDocuments", "Guide"),
        "meeting_point": QCoreApplication.translate("SupervisorDocuments", "Meeting point"),
        "nobody": QCoreApplication.translate("SupervisorDocuments", "Nobody is on site."),
        "expected": QCoreApplication.translate("SupervisorDocuments", "expected"),
    }


def roster_html(entries: Sequence[RosterEntry], *, at: datetime, site: str) -> str:
    """The evacuation roster: one table per session and group, a tick box per person."""
    t = _texts()
    parts = [
        f"<html><head><style>{STYLE}</style></head><body>",
        f"<h1>{_e(site)} — {_e(t['roster'])}</h1>",
        f"<p class='meta'>{_e(t['on_site_at'])} {at:%Y-%m-%d %H:%M}: "
        f"<b>{len(entries)}</b> {_e(t['people'])}</p>",
    ]
    current: tuple[str, str | None] | None = None
    for entry in entries:
        heading = (entry.session_id, entry.group)
        if heading != current:
            if current is not None:
                parts.append("</table>")
            current = heading
            count = sum(1 for e in entries if (e.session_id, e.group) == heading)
            parts.append(
                f"<h2>{entry.starts_at:%H:%M} · {_e(t['group'])} {_e(entry.group or t['no_group'])}"
                f" · {_e(t['guide'])} {_e(entry.guide or '—')} · "
                f"{_e(entry.meeting_point or '')} ({count})</h2>"
            )
            parts.append(_header_row(ROSTER_HEADERS))
        parts.append(
            "<tr><td class='tick'>☐</td>"
            f"<td>{_e(entry.display_name)}</td><td>{_e(entry.code)}-{entry.seq}</td>"
            f"<td>{entry.checked_in_at:%H:%M}</td><td>{_e(entry.kiosk_id)}</td>"
            f"<td>{_e(entry.phone_masked)}</td></tr>"
        )
    if current is not None:
        parts.append("</table>")
    else:
        parts.append(f"<p>{_e(t['nobody'])}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def manifest_html(manifest: GuideManifest, *, site: str) -> str:
    """A guide's sheet for one group: who to gather, with needs and a tick box each."""
    t = _texts()
    parts = [
        f"<html><head><style>{STYLE}</style></head><body>",
        f"<h1>{_e(site)} — {_e(t['group'])} {_e(manifest.group)} · "
        f"{manifest.starts_at:%Y-%m-%d %H:%M}</h1>",
        f"<p class='meta'>{_e(t['guide'])}: <b>{_e(manifest.guide or '—')}</b> "
        f"({_e(manifest.guide_languages or '')}) · {_e(t['meeting_point'])}: "
        f"<b>{_e(manifest.meeting_point)}</b> · {len(manifest.members)}/{manifest.capacity}</p>",
        _header_row(MANIFEST_HEADERS),
    ]
    for m in manifest.members:
        name = m.name or f"{m.contact_name or m.code} ({m.seq}/{m.party_size})"
        needs = ("♿ " if m.accessibility else "") + m.notes
        since = f"{m.checked_in_at:%H:%M}" if m.checked_in_at else t["expected"]
        parts.append(
            f"<tr><td class='tick'>☐</td><td>{_e(name)}</td><td>{_e(m.code)}-{m.seq}</td>"
            f"<td>{_e(m.language)}</td><td>{_e(needs)}</td><td>{_e(since)}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "".join(parts)


def _header_row(headers: Sequence[object]) -> str:
    cells = "".join(f"<th>{_e(_t(str(h)))}</th>" for h in headers)
    return (
        f"<table width='100%' cellspacing='0' cellpadding='4' border='0'><tr><th></th>{cells}</tr>"
    )


def print_html(
    document_html: str, *, pdf_path: Path | None = None, printer_name: str | None = None
) -> str:
    """Print an HTML sheet on A4 to ``pdf_path`` or to a system printer (None: the default).

    Returns:
        where it went: the PDF path or the printer's name.

    Raises:
        KioskError: no such printer, or the PDF cannot be written.
    """
    if pdf_path is not None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
        target = str(pdf_path)
        try:
            pdf_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KioskError(
                f"Cannot write {pdf_path}: {exc.strerror or exc}.",
                f"无法写入 {pdf_path}：{exc.strerror or exc}。",
            ) from exc
    else:
        info = (
            QPrinterInfo.printerInfo(printer_name)
            if printer_name
            else QPrinterInfo.defaultPrinter()
        )
        if info.isNull():
            raise KioskError(
                "No printer is set up for sheets; save a PDF instead.",
                "没有可用于打印名单的打印机，请改为保存 PDF。",
            )
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        target = info.printerName()
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSize(10)
    document.setDefaultFont(font)
    document.setHtml(document_html)
    document.print_(printer)
    if pdf_path is not None and not pdf_path.exists():
        raise KioskError(
            f"The PDF {pdf_path} could not be written.", f"无法生成 PDF 文件 {pdf_path}。"
        )
    return target
