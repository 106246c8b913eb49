"""Column mapping profiles: preview, TOML round trip, reading an unknown layout with one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.core.errors import InputError
from kiosk.sync import ReservationRow, read_export
from kiosk.sync.preview import preview_file
from kiosk.sync.profiles import (
    MappingProfile,
    list_profiles,
    load_profile,
    profiles_dir,
    read_profile,
    save_profile,
)
from kiosk.sync.tabular import MissingColumns, UnknownLayout
from tests.sync.conftest import SHANGHAI

WriteFile = Callable[..., Path]
MUSEUM = (
    "Buchungsübersicht Februar\n"
    "\n"
    "Buchungs-Nr.;Tag;Beginn um;Personen;Kontaktperson;Mobil;Bemerkung\n"
    "M-1001;02.02.2025;14:00;3;Erika Mustermann;'+49 171 1234567;Rollstuhl\n"
    "M-1002;02.02.2025;14:00;2;雷 李;13800138000;\n"
    "M-1003;02.02.2025;14:00;viele;Max;;\n"
)
MAPPING = {
    "Buchungs-Nr.": "code",
    "Tag": "date",
    "Beginn um": "time",
    "Personen": "party_size",
    "Kontaktperson": "contact_name",
    "Mobil": "phone",
    "Bemerkung": "notes",
}


def test_unknown_layout_is_refused_and_previewed(write_file: WriteFile) -> None:
    """Headers we do not know: refused as a whole, but the first rows can be shown to map."""
    path = write_file("museum.csv", MUSEUM)
    with pytest.raises(UnknownLayout):
        read_export(path, zone=SHANGHAI)
    preview = preview_file(path)
    assert (preview.header_line, preview.headers[:2]) == (3, ["Buchungs-Nr.", "Tag"])
    assert preview.rows[0][:4] == ["M-1001", "02.02.2025", "14:00", "3"]
    assert len(preview.rows) == 3


def test_preview_suggests_the_columns_it_recognises(write_file: WriteFile) -> None:
    """A file missing only some columns comes with the known ones already chosen."""
    path = write_file("part.csv", "预约码,人数,Wann\nA1,2,2025-02-02 09:30\n")
    with pytest.raises(MissingColumns):
        read_export(path, zone=SHANGHAI)
    assert preview_file(path).suggested == {0: "code", 1: "party_size"}


def test_profile_reads_the_unknown_layout(write_file: WriteFile, tmp_path: Path) -> None:
    """Saved and loaded by name, the mapping reads the file; bad rows still carry their line."""
    path = write_file("museum.csv", MUSEUM)
    saved = save_profile(MappingProfile("City museum", MAPPING), tmp_path / "profiles")
    assert saved.name == "City-museum.toml"
    profile = load_profile("City museum", tmp_path / "profiles")
    parsed = read_export(path, zone=SHANGHAI, profile=profile)
    rows = {r.code: r for r in parsed.reservation_rows()}
    assert parsed.format == "csv (profile City museum)"
    assert set(rows) == {"M-1001", "M-1002"}
    first = rows["M-1001"]
    assert isinstance(first, ReservationRow)
    assert first.starts_at == datetime(2025, 2, 2, 14, 0, tzinfo=SHANGHAI)
    assert (first.party_size, first.phone, first.accessibility) == (3, "+491711234567", True)
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (6, "party size must be a whole number from 1 to 50")
    ]


def test_profile_file_round_trips_any_header(tmp_path: Path) -> None:
    """Quotes, backslashes and Chinese headers survive the TOML file an operator can copy."""
    columns = {'Nr. "intern"': "code", "C:\\Tag": "date", "入场时间": "time", "人": "party_size"}
    path = save_profile(MappingProfile("市博物馆 / 2月", columns), tmp_path)
    loaded = read_profile(path)
    assert (loaded.name, loaded.columns, loaded.kind) == ("市博物馆 / 2月", columns, "reservations")
    assert [p.name for p in list_profiles(tmp_path)] == ["市博物馆 / 2月"]
    assert path.read_text(encoding="utf-8").startswith("# Column mapping")


def test_bad_profiles_get_one_sentence(tmp_path: Path) -> None:
    """An unknown field, a field fed twice, a broken file and a missing name are explained."""
    with pytest.raises(InputError, match="unknown fields: shoe_size"):
        save_profile(MappingProfile("x", {"A": "shoe_size"}), tmp_path)
    with pytest.raises(InputError, match="more than one column"):
        save_profile(MappingProfile("x", {"A": "code", "B": "code"}), tmp_path)
    (tmp_path / "broken.toml").write_text("name = [", encoding="utf-8")
    with pytest.raises(InputError, match="cannot be read"):
        read_profile(tmp_path / "broken.toml")
    with pytest.raises(InputError, match="There is no column mapping profile 'nope'"):
        load_profile("nope", tmp_path)


def test_profiles_live_beside_the_settings_file(tmp_path: Path) -> None:
    """--config, then KIOSK_CONFIG, decide where profiles/ is."""
    assert profiles_dir(tmp_path / "kiosk.toml", {}) == tmp_path / "profiles"
    env = {"KIOSK_CONFIG": str(tmp_path / "site" / "kiosk.toml")}
    assert profiles_dir(None, env) == tmp_path / "site" / "profiles"
