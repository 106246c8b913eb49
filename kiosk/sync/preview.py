"""The first rows of an export as a grid, for the column-mapping step of the sync page.

When a file's columns cannot all be recognised, the operator sees its first rows and says
which column is what. This reads any table the importer reads (CSV/TSV in any encoding and
delimiter, .xlsx/.xls/.ods) without needing to know a single header, and suggests the fields
it does recognise. Qt-free, so the sync page's worker thread and the tests share it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from kiosk.core.errors import InputError
from kiosk.sync.encoding import EncodingUnknown, decode_text
from kiosk.sync.headers import HEADER_SEARCH_ROWS, IGNORED, RESERVATION_TABLE, lookup
from kiosk.sync.profiles import MAPPABLE_FIELDS, MappingProfile
from kiosk.sync.reader import DEFAULT_MAX_BYTES, DELIMITERS, read_bytes
from kiosk.sync.tabular import Record
from kiosk.sync.values import cell_text
from kiosk.sync.xlsx import OLE_MAGIC, workbook_records

PREVIEW_ROWS: Final = 8
_ZIP_MAGIC: Final = b"PK\x03\x04"


@dataclass
class FilePreview:
    """A file's header row and first data rows, as text.

    Attributes:
        source: the file name (for messages).
        header_line: the spreadsheet line of the header row.
        headers: the header cells (empty ones stay "").
        rows: up to ``PREVIEW_ROWS`` data rows, each as long as ``headers``.
        suggested: column index -> field for headers the importer recognises.
    """

    source: str
    header_line: int
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    suggested: dict[int, str] = field(default_factory=dict)

    def profile(self, name: str, chosen: dict[int, str]) -> MappingProfile:
        """A profile mapping the chosen columns (index -> field) by their header text."""
        columns = {
            self.headers[index]: name_of
            for index, name_of in sorted(chosen.items())
            if name_of and self.headers[index]
        }
        return MappingProfile(name=name, columns=columns)


def preview_file(path: Path, *, rows: int = PREVIEW_ROWS) -> FilePreview:
    """The header row and first rows of a table file.

    The header is the earliest of the first rows with the most filled cells (a title row
    above the table has one cell).

    Raises:
        InputError: the file cannot be read, is JSON, or holds no table.
    """
    source = path.name or str(path)
    data = read_bytes(path, source, DEFAULT_MAX_BYTES)
    if data.startswith((_ZIP_MAGIC, OLE_MAGIC)):
        sheets = workbook_records(data, source=source)
        records = next((sheet for sheet in sheets if _filled(sheet)), [])
    else:
        try:
            text, _encoding = decode_text(data)
        except EncodingUnknown as exc:
            raise _no_table(source) from exc
        if text.lstrip()[:1] in ("{", "["):
            raise _no_table(source)
        records = _delimited(text)
    head = [(line, cells) for line, cells in records[: HEADER_SEARCH_ROWS + rows] if cells]
    if not head:
        raise _no_table(source)
    top = head[:HEADER_SEARCH_ROWS]
    widest = max(_count(cells) for _line, cells in top)
    index = next(i for i, (_line, cells) in enumerate(top) if _count(cells) == widest)
    header_line, header_cells = head[index]
    headers = [cell_text(cell) for cell in header_cells]
    body = [[cell_text(c) for c in cells][: len(headers)] for _line, cells in head[index + 1 :]][
        :rows
    ]
    body = [row + [""] * (len(headers) - len(row)) for row in body]
    suggested: dict[int, str] = {}
    for column, header in enumerate(headers):
        found = lookup(RESERVATION_TABLE, header) if header else None
        if found in MAPPABLE_FIELDS and found not in suggested.values() and found != IGNORED:
            suggested[column] = found
    return FilePreview(source, header_line, headers, body, suggested)


def _count(cells: Sequence[object]) -> int:
    return sum(1 for cell in cells if cell_text(cell))


def _filled(records: list[Record]) -> bool:
    return any(_count(cells) for _line, cells in records[:HEADER_SEARCH_ROWS])


def _delimited(text: str) -> list[Record]:
    """Rows split on the delimiter that gives the most columns, consistently."""
    sample = "\n".join(text[: 16 * 1024].splitlines()[:HEADER_SEARCH_ROWS])
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = common * widths.count(common) if common > 1 else 0
        if score > best_score:
            best, best_score = delimiter, score
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best, strict=False)
    records: list[Record] = []
    try:
        for line, row in enumerate(reader, 1):
            records.append((line, row))
            if line >= HEADER_SEARCH_ROWS + PREVIEW_ROWS * 4:
                break
    except csv.Error:
        pass  # show what could be split
    return records


def _no_table(source: str) -> InputError:
    return InputError(
        f"{source} holds no table whose columns could be mapped.",
        f"{source} 中没有可以映射列的表格。",
    )
