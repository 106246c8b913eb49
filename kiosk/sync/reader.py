"""``read_export``: one file in, a ``ParsedExport`` or one clear ``InputError`` out.

The format comes from the bytes, never from the file name: operators rename files, and Excel
happily saves a UTF-16 tab-separated file as ".xls" or ".csv".
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Final

from kiosk.core.errors import InputError
from kiosk.sync.encoding import EncodingUnknown, sniff_encoding
from kiosk.sync.headers import HEADER_SEARCH_ROWS, score_row
from kiosk.sync.jsonfmt import is_ours, is_pretix, read_ours, read_pretix
from kiosk.sync.profiles import MappingProfile
from kiosk.sync.rows import ParsedExport
from kiosk.sync.tabular import (
    DEFAULT_COLUMN_CAP,
    TableOptions,
    not_an_export,
    read_table,
    too_many_columns,
)
from kiosk.sync.xlsx import OLE_MAGIC, read_workbook

DEFAULT_MAX_BYTES: Final = 100 * 1024 * 1024
DELIMITERS: Final = ",;\t|"
_SNIFF_CHARS: Final = 16 * 1024
_HEAD_BYTES: Final = 64 * 1024
_CHUNK_BYTES: Final = 1024 * 1024
_ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BINARY_CONTROLS: Final = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v")


def read_export(
    path: Path,
    *,
    zone: tzinfo,
    max_bytes: int = DEFAULT_MAX_BYTES,
    column_cap: int = DEFAULT_COLUMN_CAP,
    session: datetime | tuple[datetime, datetime | None] | None = None,
    profile: MappingProfile | None = None,
) -> ParsedExport:
    """Read a reservations or roster export, whatever platform and encoding wrote it.

    Args:
        path: the file; its name is used in messages only.
        zone: the site's time zone; times without an offset are taken in it.
        max_bytes: refuse larger files (they cannot be a day's bookings).
        column_cap: refuse tables wider than this (a corrupt or wrong file).
        session: the tour (its aware start, or start and end) for rows that carry no date,
            such as every row of an Eventbrite attendee report; rows with a date keep it.
        profile: a column mapping to use when the file holds its headers.

    Returns:
        The parsed export. Its ``rows`` may stream; see ``ParsedExport``. Delimited text is
        never held whole: its encoding is checked over the whole file here, piece by piece,
        and its rows are read from the file as they are consumed.

    Raises:
        InputError: the file is missing, unreadable, empty, too big, of a format we do not
            read, or lacks a required column. The message names the file.
    """
    source = path.name or str(path)
    if isinstance(session, datetime):
        session = (session, None)
    if session is not None and session[0].tzinfo is None:
        raise ValueError("the session start must be timezone-aware")
    options = TableOptions(session=session, profile=profile)
    head = read_head(path, source, max_bytes)
    if head.startswith((*_ZIP_MAGIC, OLE_MAGIC)):
        data = read_bytes(path, source, max_bytes)
        return read_workbook(data, source=source, zone=zone, column_cap=column_cap, options=options)
    try:
        codec, encoding = sniff_encoding(head, lambda: _chunks(path, source))
    except EncodingUnknown as exc:
        raise _not_text(source) from exc
    with _open_text(path, source, codec) as handle:
        sample = handle.read(_SNIFF_CHARS)
    if any(ch in _BINARY_CONTROLS for ch in sample):
        raise _not_text(source)
    stripped = sample.lstrip()
    if not stripped:
        raise _empty(source)
    if stripped[0] in "{[":
        with _open_text(path, source, codec) as handle:
            text = handle.read()
        if stripped[0] == "{":
            return _read_json(text, source=source, zone=zone, encoding=encoding, session=session)
        try:
            return _read_json(text, source=source, zone=zone, encoding=encoding, session=session)
        except InputError:
            pass  # maybe a table whose first header is "[预约码]"; try it as one
        del text

    def records(delimiter: str) -> Iterator[tuple[int, list[str]]]:
        with _open_text(path, source, codec) as handle:
            yield from enumerate(csv.reader(handle, delimiter=delimiter), 1)

    return _read_delimited(
        sample,
        records,
        source=source,
        zone=zone,
        encoding=encoding,
        column_cap=column_cap,
        options=options,
    )


def read_head(path: Path, source: str, max_bytes: int) -> bytes:
    """The file's first bytes, after checking it exists, is readable and not too big."""
    with _opened(path, source) as handle:
        size = _file_size(handle)
        head = handle.read(_HEAD_BYTES)
    _check_size(source, size, max_bytes)
    if not head.strip() and size <= len(head):
        raise _empty(source)
    return head


def _file_size(handle: io.BufferedReader) -> int:
    try:
        return os.fstat(handle.fileno()).st_size
    except OSError:
        return 0


def _chunks(path: Path, source: str) -> Iterator[bytes]:
    """The file a megabyte at a time (for the encoding check; nothing is kept)."""
    with _opened(path, source) as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            yield chunk


def _open_text(path: Path, source: str, codec: str) -> io.TextIOWrapper:
    """The file as text in ``codec``, lines untranslated (the csv module wants them so)."""
    return io.TextIOWrapper(_opened(path, source), encoding=codec, newline="")


def _opened(path: Path, source: str) -> io.BufferedReader:
    try:
        return path.open("rb")
    except FileNotFoundError as exc:
        raise InputError(
            f"{source} does not exist (any more); check the path and try again.",
            f"{source} 不存在（或已被移走），请检查路径后重试。",
        ) from exc
    except IsADirectoryError as exc:
        raise InputError(
            f"{source} is a folder, not an export file; give the file inside it.",
            f"{source} 是文件夹而不是导出文件，请指定其中的文件。",
        ) from exc
    except PermissionError as exc:
        raise InputError(
            f"{source} cannot be read: permission denied.",
            f"无法读取 {source}：没有访问权限。",
        ) from exc
    except OSError as exc:
        raise _unreadable(source, exc) from exc


def _unreadable(source: str, exc: OSError) -> InputError:
    return InputError(
        f"{source} cannot be read ({exc.strerror or exc}).",
        f"无法读取 {source}（{exc.strerror or exc}）。",
    )


def _check_size(source: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            f"{source} is larger than {max_bytes // 2**20} MB, more than any export we expect.",
            f"{source} 大于 {max_bytes // 2**20} MB，超出预期的导出文件大小。",
        )


def read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    """The file's bytes, or one InputError naming it (missing, a folder, unreadable, too big)."""
    with _opened(path, source) as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise _unreadable(source, exc) from exc
    _check_size(source, len(data), max_bytes)
    if not data.strip():
        raise _empty(source)
    return data


def _empty(source: str) -> InputError:
    return InputError(f"{source} is empty.", f"{source} 是空文件。")


def _not_text(source: str) -> InputError:
    return InputError(
        f"{source} is not a text, Excel or JSON file we can read; "
        "is it the export from the booking platform?",
        f"{source} 不是可读取的文本、Excel 或 JSON 文件，请确认它是预约平台的导出文件。",
    )


def _read_json(
    text: str,
    *,
    source: str,
    zone: tzinfo,
    encoding: str,
    session: tuple[datetime, datetime | None] | None,
) -> ParsedExport:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(
            f"{source} looks like JSON but is not valid JSON ({exc.__class__.__name__}); "
            "download it again.",
            f"{source} 看起来是 JSON，但格式无效，请重新下载。",
        ) from exc
    if is_pretix(data):
        return read_pretix(data, source=source, zone=zone, encoding=encoding, session=session)
    if is_ours(data):
        return read_ours(data, source=source, zone=zone, encoding=encoding)
    raise not_an_export(source)


def _delimiter_candidates(sample: str) -> list[str]:
    """Delimiters to try, the sniffed one first."""
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except Exception:  # the sniffer is a heuristic; any failure just means "no opinion"
        sniffed = ""
    ordered = [sniffed] if sniffed in DELIMITERS and sniffed else []
    by_count = sorted(DELIMITERS, key=lambda d: -sample.count(d))
    return ordered + [d for d in by_count if d not in ordered]


def _read_delimited(
    sample: str,
    records: Callable[[str], Iterator[tuple[int, list[str]]]],
    *,
    source: str,
    zone: tzinfo,
    encoding: str,
    column_cap: int,
    options: TableOptions,
) -> ParsedExport:
    """Find the delimiter in ``sample`` (the first characters), then read ``records(it)``."""
    sample_lines = sample[:_SNIFF_CHARS].splitlines()[:HEADER_SEARCH_ROWS]
    sample = "\n".join(sample_lines)
    profile = options.profile
    best_delimiter, best_score, too_wide = "", 0, False
    for delimiter in _delimiter_candidates(sample):
        rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter, strict=False))
        too_wide = too_wide or any(len(row) > column_cap for row in rows)
        score = max(
            (
                max(score_row(row), 2 * profile.matches(row) if profile else 0)
                for row in rows
                if len(row) <= column_cap
            ),
            default=0,
        )
        if score > best_score:
            best_delimiter, best_score = delimiter, score
    if best_score < 2:
        raise too_many_columns(source, column_cap) if too_wide else not_an_export(source)
    fmt = "tsv" if best_delimiter == "\t" else "csv"
    return read_table(
        records(best_delimiter),
        source=source,
        zone=zone,
        fmt=fmt,
        encoding=encoding,
        column_cap=column_cap,
        options=options,
    )
