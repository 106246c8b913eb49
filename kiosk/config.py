"""Settings: ``kiosk.toml`` with ``KIOSK_*`` environment overrides and command-line flags.

Precedence (highest first): command-line flags, ``KIOSK_*`` environment variables, the
settings file (``--config``, ``KIOSK_CONFIG`` or ``kiosk.toml`` in the user config folder),
built-in defaults.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import tzinfo
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.core.clock import site_zone
from kiosk.core.errors import ConfigError
from kiosk.core.keyboard_layouts import KIOSK_LAYOUTS

APP_NAME = "tour-kiosk"
MODES = ("gate", "self", "supervisor")
PRINT_TARGETS = ("system", "pdf", "brother_ql", "zpl", "none")
SWITCH_SETTINGS = ("auto", "on", "off")
"""Values of ``on_screen_keyboard`` and ``speak_results``: ``auto`` decides by the kiosk's mode
(self-service: on) and, for the keyboard, by whether a physical keyboard is attached."""
SCANNER_LAYOUTS: tuple[str, ...] = KIOSK_LAYOUTS
"""Values of ``scanner_layout``: ``auto`` repairs an unknown scan only when the database shows
exactly one code a keyboard-layout mix-up explains; ``us`` never repairs; ``azerty`` or
``qwertz`` (the kiosk's layout, with a US-layout scanner) repairs every scan directly."""


def data_dir() -> Path:
    """Where the default SQLite file and logs live (per user, per platform)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "kiosk.toml"


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'kiosk.db'}"


@dataclass
class Settings:
    """Everything a kiosk can be configured with. Field names are the TOML keys."""

    site_name: str = "Open Factory"
    tour_title: str = "Factory Tour"
    tour_title_zh: str = "工厂参观"
    timezone: str = "Asia/Shanghai"
    kiosk_id: str = "KIOSK-1"
    mode: str = "gate"
    db_url: str = ""
    printer: str = ""
    print_target: str = "none"
    printer_model: str = ""
    printer_label: str = ""
    pdf_dir: str = ""
    badge_size: str = "62x100"
    badge_mono: bool = False
    window_opens_min: int = 45
    grace_after_min: int = 20
    session_minutes: int = 120
    group_size: int = 15
    session_capacity: int = 60
    pin_hash: str = ""
    idle_timeout_s: int = 60
    language: str = "zh"
    allow_provisional: bool = True
    local_first: bool = True
    """With a PostgreSQL hub: keep a replica and an outbox, and keep checking in offline."""
    hub_timeout_ms: int = 1000
    """How long a kiosk gives the hub to answer before it decides offline."""
    hub_probe_s: int = 5
    """While the hub does not answer, how often to try it again."""
    hub_follow_ms: int = 1000
    """How often a kiosk app reads what changed on the hub."""
    private_key: str = ""
    public_keys: list[str] = field(default_factory=list)
    on_screen_keyboard: str = "auto"
    scanner_layout: str = "auto"
    speak_results: str = "auto"
    large_text: bool = False

    @property
    def zone(self) -> tzinfo:
        return site_zone(self.timezone)

    @property
    def database_url(self) -> str:
        return self.db_url or default_db_url()

    def validate(self) -> Settings:
        """Raise ConfigError for values no kiosk could run with."""
        site_zone(self.timezone)
        if self.mode not in MODES:
            raise ConfigError(
                f"mode must be one of {', '.join(MODES)}, not {self.mode!r}.",
                f"模式必须是 {', '.join(MODES)} 之一，而不是 {self.mode!r}。",
            )
        if self.print_target not in PRINT_TARGETS:
            raise ConfigError(
                f"print_target must be one of {', '.join(PRINT_TARGETS)}, "
                f"not {self.print_target!r}.",
                f"print_target 必须是 {', '.join(PRINT_TARGETS)} 之一。",
            )
        for name, allowed in (
            ("on_screen_keyboard", SWITCH_SETTINGS),
            ("speak_results", SWITCH_SETTINGS),
            ("scanner_layout", SCANNER_LAYOUTS),
        ):
            if getattr(self, name) not in allowed:
                raise ConfigError(
                    f"{name} must be one of {', '.join(allowed)}, not {getattr(self, name)!r}.",
                    f"{name} 必须是 {', '.join(allowed)} 之一，而不是 {getattr(self, name)!r}。",
                )
        for name in (
            "window_opens_min",
            "grace_after_min",
            "session_minutes",
            "group_size",
            "hub_timeout_ms",
            "hub_probe_s",
            "hub_follow_ms",
        ):
            value = getattr(self, name)
            if value < 0 or (name in ("group_size", "hub_timeout_ms") and value < 1):
                raise ConfigError(f"{name} must be a positive number.", f"{name} 必须是正数。")
        if self.pin_hash.strip() and not self.pin_hash.strip().startswith("scrypt$"):
            # Never echo the value: it may be the PIN itself, typed in by mistake.
            raise ConfigError(
                "pin_hash must be a scrypt hash (scrypt$…), never the PIN itself; make one with "
                "kiosk.core.pin.hash_pin.",
                "pin_hash 必须是 scrypt 哈希（scrypt$…），不能是 PIN 本身；"
                "请用 kiosk.core.pin.hash_pin 生成。",
            )
        return self


def _coerce(name: str, kind: str, raw: Any) -> Any:
    """Turn a TOML or environment value into the field's type, or explain why not.

    ``kind`` is the field's annotation as text (``from __future__ import annotations``).
    """
    text = str(raw).strip()
    try:
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(text)
        if kind == "int":
            if isinstance(raw, bool):
                raise ValueError(text)
            return int(raw)
        if kind == "list[str]":
            if isinstance(raw, list):
                return [str(item) for item in raw]
            return [part.strip() for part in text.split(os.pathsep) if part.strip()]
        return text if not isinstance(raw, str) else raw
    except ValueError as exc:
        raise ConfigError(
            f"Setting {name} has the value {text!r}, which is not a valid {kind}.",
            f"设置项 {name} 的值 {text!r} 无效。",
        ) from exc


def load_settings(
    config_path: str | Path | None = None,
    *,
    environ: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Read the settings file, apply ``KIOSK_*`` overrides, then explicit overrides."""
    env = dict(os.environ if environ is None else environ)
    path = Path(config_path or env.get("KIOSK_CONFIG") or default_config_path())
    values: dict[str, Any] = {}
    if path.exists():
        try:
            with path.open("rb") as handle:
                values = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                f"The settings file {path} cannot be read: {exc}.",
                f"无法读取设置文件 {path}：{exc}。",
            ) from exc
    types = {f.name: str(f.type) for f in fields(Settings)}
    unknown = sorted(set(values) - set(types))
    if unknown:
        raise ConfigError(
            f"The settings file {path} has unknown keys: {', '.join(unknown)}.",
            f"设置文件 {path} 含有未知的设置项：{', '.join(unknown)}。",
        )
    merged: dict[str, Any] = {k: _coerce(k, types[k], v) for k, v in values.items()}
    aliases = {"KIOSK_DB_URL": "db_url"}
    for key, raw in env.items():
        if not key.startswith("KIOSK_"):
            continue
        name = aliases.get(key, key[len("KIOSK_") :].lower())
        if name in types:
            merged[name] = _coerce(name, types[name], raw)
    for key, value in (overrides or {}).items():
        if value is not None:
            merged[key] = _coerce(key, types[key], value)
    return dataclasses.replace(Settings(), **merged).validate()


def save_settings(
    changes: Mapping[str, Any],
    config_path: str | Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """Write changed settings into the settings file, keeping everything else as it was.

    The operator's comments, key order, blank lines and the keys not in ``changes`` stay
    untouched (tomlkit edits the document in place); a value of None removes the key, so the
    built-in default applies again. The result is checked exactly as ``load_settings`` reads
    it before it replaces the file, and it replaces it atomically (a power cut leaves the old
    file or the new one, never half of one), keeping the file's permissions.

    A ``KIOSK_*`` environment variable still wins over the saved value on the next start.

    Args:
        changes: setting names (the TOML keys) and their new values.
        config_path: the file; default as ``load_settings`` (``KIOSK_CONFIG`` or the user
            config folder). Created, with its folder, when missing.
        environ: where ``KIOSK_CONFIG`` is looked up (default: the process environment).

    Returns:
        The path written.

    Raises:
        ConfigError: an unknown key, a value of the wrong type or not allowed, or a file
            that cannot be read or written. The file is then unchanged.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    env = os.environ if environ is None else environ
    path = Path(config_path or env.get("KIOSK_CONFIG") or default_config_path())
    types = {f.name: str(f.type) for f in fields(Settings)}
    unknown = sorted(set(changes) - set(types))
    if unknown:
        raise ConfigError(
            f"Cannot save unknown settings: {', '.join(unknown)}.",
            f"无法保存未知的设置项：{', '.join(unknown)}。",
        )
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else None
    except (OSError, UnicodeDecodeError, TOMLKitError) as exc:
        raise ConfigError(
            f"The settings file {path} cannot be read: {exc}.",
            f"无法读取设置文件 {path}：{exc}。",
        ) from exc
    if document is None:
        document = tomlkit.document()
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = _coerce(key, types[key], value)
    _replace_checked(path.resolve(), tomlkit.dumps(document))  # through a symlink, not over it
    return path


def _replace_checked(path: Path, text: str) -> None:
    """Write ``text`` next to ``path``, load it as settings, then move it over ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        load_settings(temporary, environ={})  # raises ConfigError for what no kiosk can run
        os.replace(temporary, path)
    except ConfigError as exc:
        raise ConfigError(
            exc.message.replace(temporary, str(path)), exc.message_zh.replace(temporary, str(path))
        ) from exc
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)


def _cannot_write(path: Path, exc: OSError) -> ConfigError:
    return ConfigError(
        f"The settings file {path} cannot be written: {exc.strerror or exc}.",
        f"无法写入设置文件 {path}：{exc.strerror or exc}。",
    )
