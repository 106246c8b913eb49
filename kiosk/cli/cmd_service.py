"""``kiosk install-service``: a Linux PC that boots straight into the kiosk and comes back by itself.

It writes a systemd system unit that logs the kiosk user in on a virtual terminal (``tty1``
by default, in place of its login prompt) and runs the kiosk full-screen as the only window of
``cage``, Debian's kiosk compositor (Wayland, no desktop, no way out to one), with
``Restart=always``: after a crash, a power cut or a closed window it is back within seconds.
One unit per screen, for one mode (``gate`` or ``self``) and one kiosk id; the supervisor
console is not a kiosk and stays a normal desktop application (``kiosk run --mode supervisor``).

    sudo "$(command -v kiosk)" install-service --user kiosk --mode self --kiosk-id SELF-1 --enable

``--print`` writes the unit to standard output instead (to review it, or to install it by hand).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk import __version__
from kiosk.cli.common import EXIT_ERROR, EXIT_OK, Context, say
from kiosk.core.errors import InputError

UNIT_DIR = Path("/etc/systemd/system")
DEFAULT_NAME = "tour-kiosk"
KIOSK_MODES = ("gate", "self")
CAGE = "/usr/bin/cage"
_TTY = re.compile(r"^tty[0-9]+$")
_UNIT_NAME = re.compile(r"^[A-Za-z0-9:_.\\-]+$")
_KIOSK_ID = re.compile(r"^[\w.\-]{1,64}$")


@dataclass(frozen=True)
class KioskService:
    """What the unit runs: who, where, and the kiosk's command line."""

    user: str
    mode: str
    kiosk_id: str
    program: tuple[str, ...]
    tty: str = "tty1"
    config: str | None = None
    db_url: str | None = None
    cage: str = CAGE

    def command(self) -> list[str]:
        """The kiosk's command line inside cage (full screen, the chosen mode and id)."""
        command = [*self.program, "run", "--mode", self.mode, "--kiosk-id", self.kiosk_id]
        if self.config:
            command += ["--config", self.config]
        if self.db_url:
            command += ["--db", self.db_url]
        return [*command, "--fullscreen"]


def unit_text(service: KioskService) -> str:
    """The systemd unit file for ``service`` (pure: no file is touched)."""
    exec_start = " ".join(_quote(arg) for arg in [service.cage, "-d", "--", *service.command()])
    tty = service.tty
    return f"""\
# Written by `kiosk install-service` (tour-kiosk {__version__}); run it again to change it.
# The kiosk {service.kiosk_id} ({service.mode} mode) full-screen under cage on {tty}, as {service.user}.
[Unit]
Description=Tour check-in kiosk {service.kiosk_id} ({service.mode} mode)
After=systemd-user-sessions.service plymouth-quit-wait.service network-online.target
Wants=network-online.target
# The kiosk takes the virtual terminal's place: no login prompt on {tty}.
Conflicts=getty@{tty}.service
After=getty@{tty}.service
# Come back after every crash, however often.
StartLimitIntervalSec=0

[Service]
Type=simple
User={service.user}
# A logind session on {tty} gives the user the screen, touch and keyboard (and
# XDG_RUNTIME_DIR), as a console login would.
PAMName=login
TTYPath=/dev/{tty}
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
StandardError=journal
UtmpIdentifier={tty}
UtmpMode=user
Environment=XDG_SESSION_TYPE=wayland
Environment=QT_QPA_PLATFORM=wayland
ExecStart={exec_start}
Restart=always
RestartSec=2

[Install]
WantedBy=graphical.target
"""


def _quote(arg: str) -> str:
    """One ExecStart word: systemd's own specifiers and variables escaped, quoted if needed."""
    escaped = arg.replace("%", "%%").replace("$", "$$")
    if escaped and not re.search(r"[\s\"'\\;]", escaped):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def kiosk_program(explicit: str | None = None) -> tuple[str, ...]:
    """The absolute command that starts this very kiosk (console script or frozen program).

    Raises:
        InputError: the command cannot be found; ``--program`` names it.
    """
    if explicit:
        path = Path(explicit).absolute()
    elif getattr(sys, "frozen", False):
        path = Path(sys.executable).absolute()
    else:
        launched = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
        if launched is not None and launched.name.startswith("kiosk") and launched.is_file():
            path = launched.absolute()
        else:
            found = shutil.which("kiosk")
            if found is None:
                raise InputError(
                    "The kiosk command cannot be found; give its full path with --program.",
                    "找不到 kiosk 命令，请用 --program 指定其完整路径。",
                )
            path = Path(found).absolute()
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise InputError(
            f"{path} is not a program that can be run; give the kiosk command with --program.",
            f"{path} 不是可运行的程序，请用 --program 指定 kiosk 命令。",
        )
    return (str(path),)


def install_service(args: argparse.Namespace, ctx: Context) -> int:
    """Write (or print) the unit; with ``--enable`` also start it at every boot from now on."""
    if not sys.platform.startswith("linux") and not args.print:
        raise InputError(
            "install-service sets up systemd on Linux; on Windows use the one-folder build "
            "with autostart and Assigned Access (see the README).",
            "install-service 用于 Linux 的 systemd；Windows 请使用单文件夹版本，"
            "配合开机自启和“分配的访问权限”（见 README）。",
        )
    service = _service_from(args, must_exist=not args.print)
    text = unit_text(service)
    if args.print:
        sys.stdout.write(text)
        return EXIT_OK
    name = _unit_name(args.name)
    unit_dir = Path(args.unit_dir or UNIT_DIR)
    path = unit_dir / f"{name}.service"
    if not Path(service.cage).is_file():
        say(f"Note: {service.cage} is missing; install it first (sudo apt install cage).")
    try:
        unit_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except PermissionError as exc:
        raise InputError(
            f"{path} cannot be written ({exc.strerror}); run the command with sudo.",
            f"无法写入 {path}（{exc.strerror}），请用 sudo 运行此命令。",
        ) from exc
    say(f"Wrote {path}: kiosk {service.kiosk_id} ({service.mode} mode) on {service.tty}.")
    if not args.enable:
        say(f"To start it now and at every boot: sudo systemctl enable --now {name}.service")
        return EXIT_OK
    for command in (
        ["systemctl", "daemon-reload"],
        ["systemctl", "set-default", "graphical.target"],
        ["systemctl", "enable", "--now", f"{name}.service"],
    ):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
            say(f"kiosk: `{' '.join(command)}` failed: {reason}")
            return EXIT_ERROR
    say(f"Enabled {name}.service: the kiosk starts now and at every boot.")
    return EXIT_OK


def _service_from(args: argparse.Namespace, *, must_exist: bool) -> KioskService:
    user = args.user or os.environ.get("SUDO_USER") or ""
    if not user or user == "root":
        raise InputError(
            "Say which user the kiosk runs as with --user (not root), e.g. --user kiosk.",
            "请用 --user 指定运行签到程序的用户（不能是 root），例如 --user kiosk。",
        )
    if must_exist:
        import pwd  # Unix-only, like systemd

        try:
            pwd.getpwnam(user)
        except KeyError as exc:
            raise InputError(
                f"There is no user {user!r}; create one first "
                f"(sudo adduser --disabled-password {user}).",
                f"没有用户 {user!r}，请先创建（sudo adduser --disabled-password {user}）。",
            ) from exc
    if not _KIOSK_ID.match(args.kiosk_id):
        raise InputError(
            "A kiosk id is up to 64 letters, digits, '.', '_' or '-', e.g. SELF-1.",
            "终端编号最多 64 个字母、数字、'.'、'_' 或 '-'，例如 SELF-1。",
        )
    if not _TTY.match(args.tty):
        raise InputError(
            f"{args.tty!r} is not a virtual terminal; use tty1 … tty63.",
            f"{args.tty!r} 不是虚拟终端，请使用 tty1 … tty63。",
        )
    config = str(Path(args.config).absolute()) if args.config else None
    return KioskService(
        user=user,
        mode=args.mode,
        kiosk_id=args.kiosk_id,
        program=kiosk_program(args.program),
        tty=args.tty,
        config=config,
        db_url=args.db,
    )


def _unit_name(name: str) -> str:
    name = name.removesuffix(".service")
    if not _UNIT_NAME.match(name):
        raise InputError(
            f"{name!r} is not a usable unit name; use letters, digits, '-', '_' or '.'.",
            f"{name!r} 不是可用的服务名称，请使用字母、数字、'-'、'_' 或 '.'。",
        )
    return name
