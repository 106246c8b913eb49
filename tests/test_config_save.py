"""Saving settings back to kiosk.toml: the operator's comments and other keys survive."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.config import load_settings, save_settings
from kiosk.core.errors import ConfigError

OPERATOR_FILE = """\
# East gate kiosk: set up by Wang Fang, call 1234 before changing anything
kiosk_id = "GATE-1"   # the one by the door
printer = ""          # CUPS queue name

# badges
badge_size = "62x100"
public_keys = ["key-2024"]  # rotate in March
"""


def _settings_file(tmp_path: Path, text: str = OPERATOR_FILE) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_changes_are_saved_and_comments_and_other_keys_kept(tmp_path: Path) -> None:
    """Saving the printer page changes two lines; every comment and other key stays as written."""
    path = _settings_file(tmp_path)
    save_settings({"printer": "tcp://10.0.0.9:9100", "badge_mono": True}, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# East gate kiosk: set up by Wang Fang, call 1234")
    assert 'printer = "tcp://10.0.0.9:9100"          # CUPS queue name' in text
    assert 'kiosk_id = "GATE-1"   # the one by the door' in text
    assert 'public_keys = ["key-2024"]  # rotate in March' in text
    settings = load_settings(path, environ={})
    assert (settings.printer, settings.badge_mono, settings.kiosk_id) == (
        "tcp://10.0.0.9:9100",
        True,
        "GATE-1",
    )


def test_values_are_stored_with_their_setting_types(tmp_path: Path) -> None:
    """Numbers, switches and lists typed as text on a form are saved as TOML values."""
    path = _settings_file(tmp_path)
    save_settings({"idle_timeout_s": "90", "badge_mono": "yes", "public_keys": ["a", "b"]}, path)
    text = path.read_text(encoding="utf-8")
    assert "idle_timeout_s = 90" in text
    assert "badge_mono = true" in text
    settings = load_settings(path, environ={})
    assert (settings.idle_timeout_s, settings.public_keys) == (90, ["a", "b"])


def test_a_missing_file_and_folder_are_created(tmp_path: Path) -> None:
    """The first save on a fresh kiosk writes a new settings file (private to the user)."""
    path = tmp_path / "config" / "tour-kiosk" / "kiosk.toml"
    assert save_settings({"kiosk_id": "GATE-7"}, path) == path
    assert load_settings(path, environ={}).kiosk_id == "GATE-7"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_none_removes_a_key_so_the_default_applies(tmp_path: Path) -> None:
    """Clearing a setting takes its line out; the comment above it stays."""
    path = _settings_file(tmp_path)
    save_settings({"badge_size": None}, path)
    text = path.read_text(encoding="utf-8")
    assert "badge_size" not in text
    assert "# badges" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"printer_name": "x"}, "unknown settings: printer_name"),
        ({"mode": "kiosk"}, "mode must be one of"),
        ({"idle_timeout_s": "soon"}, "not a valid int"),
        ({"timezone": "Mars/Olympus"}, "Mars/Olympus"),
    ],
)
def test_bad_changes_leave_the_file_untouched(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    """A wrong key or value is one sentence, and the file on disk is exactly as before."""
    path = _settings_file(tmp_path)
    with pytest.raises(ConfigError, match=message):
        save_settings(changes, path)
    assert path.read_text(encoding="utf-8") == OPERATOR_FILE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.toml"]


def test_an_error_names_the_real_file_not_a_temporary_one(tmp_path: Path) -> None:
    """A key the operator mistyped earlier is reported against kiosk.toml itself."""
    path = _settings_file(tmp_path, OPERATOR_FILE + 'printr = "oops"\n')
    with pytest.raises(ConfigError) as refused:
        save_settings({"kiosk_id": "GATE-2"}, path)
    assert f"The settings file {path} has unknown keys: printr." == refused.value.message


def test_permissions_of_an_existing_file_are_kept(tmp_path: Path) -> None:
    """A settings file holding a signing key stays readable by its owner only."""
    path = _settings_file(tmp_path)
    path.chmod(0o640)
    save_settings({"kiosk_id": "GATE-3"}, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_the_file_comes_from_kiosk_config_like_loading(tmp_path: Path) -> None:
    """Without a path the same file is written that load_settings reads (KIOSK_CONFIG)."""
    path = _settings_file(tmp_path)
    environ = {"KIOSK_CONFIG": str(path)}
    save_settings({"kiosk_id": "GATE-4"}, environ=environ)
    assert load_settings(environ=environ).kiosk_id == "GATE-4"


def test_a_symlinked_settings_file_is_written_through_the_link(tmp_path: Path) -> None:
    """Where kiosk.toml links to a shared file, the shared file changes and the link stays."""
    (tmp_path / "shared").mkdir()
    shared = _settings_file(tmp_path / "shared")
    link = tmp_path / "kiosk.toml"
    os.symlink(shared, link)
    save_settings({"kiosk_id": "GATE-5"}, link)
    assert link.is_symlink()
    assert load_settings(shared, environ={}).kiosk_id == "GATE-5"
