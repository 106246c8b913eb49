"""Column mapping profiles: an operator's "this column is the code, that one the date" for a
platform whose export we do not recognise, saved once and used by every later sync.

A profile is a small TOML file in the ``profiles/`` folder beside ``kiosk.toml`` (copy it to the
next kiosk and it works there too)::

    # Column mapping for kiosk sync (made on the sync page)
    name = "City museum bookings"
    kind = "reservations"

    [columns]
    "Buchungs-Nr." = "code"
    "Tag" = "date"
    "Uhrzeit" = "time"
    "Personen" = "party_size"

Headers are matched like every header (case, spaces and punctuation do not matter); columns the
profile does not name are ignored. ``kiosk sync FILE --profile NAME`` uses it; so does the sync
page, which writes it. Nothing here imports Qt or the database.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from kiosk.config import default_config_path
from kiosk.core.errors import InputError
from kiosk.sync.headers import HeaderMap
from kiosk.sync.rows import ExportKind
from kiosk.sync.values import cell_text, normalize_header

PROFILE_SUFFIX: Final = ".toml"
MAPPABLE_FIELDS: Final = (
    "code",
    "session",
    "date",
    "time",
    "end_time",
    "contact_name",
    "first_name",
    "last_name",
    "phone",
    "party_size",
    "status",
    "language",
    "group",
    "notes",
    "accessibility",
    "visitor_names",
    "visitor_secrets",
)
"""Fields a reservations profile may feed (the sync page offers the common ones first)."""

FIELD_NAMES: Final = {
    "code": ("Reservation code", "预约码"),
    "session": ("Date and time", "参观时间"),
    "date": ("Date", "日期"),
    "time": ("Time", "时间"),
    "end_time": ("End time", "结束时间"),
    "contact_name": ("Name", "姓名"),
    "first_name": ("First name", "名"),
    "last_name": ("Family name", "姓"),
    "phone": ("Phone", "手机号"),
    "party_size": ("Party size", "人数"),
    "status": ("Status", "状态"),
    "language": ("Language", "语言"),
    "group": ("Group", "分组"),
    "notes": ("Notes", "备注"),
    "accessibility": ("Accessibility", "无障碍"),
    "visitor_names": ("Visitor names", "参观人姓名"),
    "visitor_secrets": ("Ticket codes", "门票码"),
}
"""English and Chinese names of the fields, for the sync page and messages."""

_SLUG_JUNK = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class MappingProfile:
    """A saved column mapping.

    Attributes:
        name: what the operator called it (also the file name, made safe).
        columns: header text as in the file -> field (see :data:`MAPPABLE_FIELDS`).
        kind: "reservations" (the sync page makes these) or "roster".
        path: where it was read from, if it was.
    """

    name: str
    columns: dict[str, str]
    kind: ExportKind = "reservations"
    path: Path | None = field(default=None, compare=False)

    def header_map(self, cells: Sequence[object], line: int) -> HeaderMap | None:
        """Map a header row with this profile; None when none of its columns are there."""
        wanted = {normalize_header(header): name for header, name in self.columns.items()}
        headers = [cell_text(cell) for cell in cells]
        result = HeaderMap(kind=self.kind, line=line, headers=headers, platform="profile")
        for index, header in enumerate(headers):
            name = wanted.get(normalize_header(header)) if header else None
            if name is None or name in result.columns:
                if header:
                    result.unused.append(header)
                continue
            result.mapping[header] = name
            result.columns[name] = index
        return result if result.columns else None

    def matches(self, cells: Sequence[object]) -> int:
        """How many of this profile's headers a row holds (to find the header row)."""
        wanted = {normalize_header(header) for header in self.columns}
        return sum(1 for cell in cells if normalize_header(cell_text(cell)) in wanted)

    def to_toml(self) -> str:
        """The profile as the TOML file an operator can read, edit and copy."""
        lines = [
            "# Column mapping for `kiosk sync --profile` (made on the sync page).",
            "# Each line: a column header of the export = the field it feeds.",
            f"# Fields: {', '.join(MAPPABLE_FIELDS)}.",
            f"name = {_toml_string(self.name)}",
            f"kind = {_toml_string(self.kind)}",
            "",
            "[columns]",
        ]
        lines += [f"{_toml_string(h)} = {_toml_string(f)}" for h, f in self.columns.items()]
        return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def profiles_dir(
    config_path: str | Path | None = None, environ: dict[str, str] | None = None
) -> Path:
    """The ``profiles/`` folder beside the settings file in use.

    The settings file is ``config_path`` (``--config``), else ``KIOSK_CONFIG``, else
    ``kiosk.toml`` in the user config folder, as for :func:`kiosk.config.load_settings`.
    """
    env = os.environ if environ is None else environ
    settings = Path(config_path or env.get("KIOSK_CONFIG") or default_config_path())
    return settings.parent / "profiles"


def profile_file_name(name: str) -> str:
    """A safe file name for a profile name ("City museum" -> "City-museum.toml")."""
    stem = _SLUG_JUNK.sub("-", unicodedata.normalize("NFKC", name).strip()).strip("-.")
    return (stem or "profile")[:80] + PROFILE_SUFFIX


def save_profile(profile: MappingProfile, folder: Path) -> Path:
    """Write a profile into ``folder`` (created if needed); returns the file written.

    Raises:
        InputError: the profile is empty, has no name, or the folder cannot be written.
    """
    if not profile.name.strip():
        raise InputError("Give the mapping a name.", "请为此列映射命名。")
    check_profile(profile)
    path = folder / profile_file_name(profile.name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(profile.to_toml(), encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        raise InputError(
            f"The mapping could not be saved in {folder} ({exc.strerror or exc}).",
            f"无法将列映射保存到 {folder}（{exc.strerror or exc}）。",
        ) from exc
    return path


def check_profile(profile: MappingProfile) -> None:
    """Refuse a profile that maps nothing, names an unknown field or feeds a field twice.

    Raises:
        InputError: one sentence saying what is wrong.
    """
    if not profile.columns:
        raise InputError(
            f"The mapping {profile.name!r} names no column.",
            f"列映射 {profile.name!r} 未指定任何列。",
        )
    unknown = sorted({f for f in profile.columns.values() if f not in MAPPABLE_FIELDS})
    if unknown and profile.kind == "reservations":
        raise InputError(
            f"The mapping {profile.name!r} names unknown fields: {', '.join(unknown)}.",
            f"列映射 {profile.name!r} 含有未知字段：{'、'.join(unknown)}。",
        )
    fields = list(profile.columns.values())
    twice = sorted({f for f in fields if fields.count(f) > 1})
    if twice:
        raise InputError(
            f"The mapping {profile.name!r} feeds {', '.join(twice)} from more than one column.",
            f"列映射 {profile.name!r} 中 {'、'.join(twice)} 对应了多列。",
        )


def read_profile(path: Path) -> MappingProfile:
    """Read one profile file.

    Raises:
        InputError: unreadable, not TOML, or not a mapping profile.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"The mapping profile {path.name} cannot be read ({exc}).",
            f"无法读取列映射文件 {path.name}（{exc}）。",
        ) from exc
    columns = data.get("columns")
    kind = data.get("kind", "reservations")
    if (
        not isinstance(columns, dict)
        or not all(isinstance(v, str) for v in columns.values())
        or kind not in ("reservations", "roster")
    ):
        raise InputError(
            f"{path.name} is not a column mapping profile (it needs a [columns] table).",
            f"{path.name} 不是列映射文件（缺少 [columns] 表）。",
        )
    profile = MappingProfile(
        name=str(data.get("name") or path.stem), columns=dict(columns), kind=kind, path=path
    )
    check_profile(profile)
    return profile


def list_profiles(folder: Path) -> list[MappingProfile]:
    """Every readable profile in ``folder``, by name (unreadable files are skipped)."""
    found: list[MappingProfile] = []
    for path in sorted(folder.glob("*" + PROFILE_SUFFIX)) if folder.is_dir() else ():
        try:
            found.append(read_profile(path))
        except InputError:
            continue
    return sorted(found, key=lambda p: p.name.casefold())


def load_profile(name: str, folder: Path) -> MappingProfile:
    """The profile called ``name`` in ``folder`` (or at the path ``name``).

    ``name`` may be the profile's name, its file name with or without ``.toml``, or a path.

    Raises:
        InputError: there is no such profile (the message lists those there are).
    """
    direct = Path(name)
    if direct.suffix == PROFILE_SUFFIX and direct.is_file():
        return read_profile(direct)
    for candidate in (folder / profile_file_name(name), folder / (name + PROFILE_SUFFIX)):
        if candidate.is_file():
            return read_profile(candidate)
    wanted = name.strip().casefold()
    known = list_profiles(folder)
    for profile in known:
        if profile.name.casefold() == wanted:
            return profile
    names = ", ".join(p.name for p in known) or "none"
    raise InputError(
        f"There is no column mapping profile {name!r} in {folder} (there are: {names}).",
        f"{folder} 中没有名为 {name!r} 的列映射（现有：{names}）。",
    )


def best_header_row(profile: MappingProfile, rows: Iterable[Sequence[object]]) -> int | None:
    """Index of the row holding most of the profile's headers (at least one), else None."""
    best, best_score = None, 0
    for index, cells in enumerate(rows):
        score = profile.matches(cells)
        if score > best_score:
            best, best_score = index, score
    return best
