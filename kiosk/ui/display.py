"""Can a window open here? Asked before anything is done, without importing Qt.

Qt aborts the whole process (SIGABRT, exit 134) with its own paragraph about platform plugins
when it finds no display. ``kiosk run`` and ``kiosk demo`` ask :func:`require_display` first,
so a machine without a screen gets one sentence, exit 2, and nothing half-made (no demo
database built for a window that cannot open).

The check follows Qt's own choice of platform: ``QT_QPA_PLATFORM`` if set (``offscreen``,
``vnc``, ``eglfs`` … need no display server), else Wayland in a Wayland session and X11
otherwise. It connects to the display's socket as Qt would, so a stale ``DISPLAY`` left over
from an SSH session counts as missing too. Windows and macOS always have a display.
"""

from __future__ import annotations

import ctypes
import os
import socket
import sys
from collections.abc import Mapping

from kiosk.core.errors import KioskError

# Qt platforms that draw without a display server (framebuffer, GPU, memory or VNC).
SERVERLESS_PLATFORMS = frozenset(
    {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
)
X11_SOCKET_DIR = "/tmp/.X11-unix"
# Libraries Qt's X11 and Wayland plugins need that a minimal system may lack; without them Qt
# aborts with its platform-plugin paragraph.
XCB_CURSOR_LIBRARY = "libxcb-cursor.so.0"
WAYLAND_CURSOR_LIBRARY = "libwayland-cursor.so.0"
CONNECT_TIMEOUT_S = 1.0

WHAT_TO_DO_EN = (
    "run it in a desktop session, or set QT_QPA_PLATFORM=vnc to see it from another machine "
    "with a VNC viewer (port 5900)"
)
WHAT_TO_DO_ZH = (
    "请在桌面会话中运行，或设置 QT_QPA_PLATFORM=vnc 后用另一台电脑的 VNC 查看器（端口 5900）查看"
)


def require_display(environ: Mapping[str, str] | None = None) -> None:
    """Raise one clear sentence when no window can open here.

    Raises:
        KioskError: what is missing and what to do (the CLI prints it and exits 2).
    """
    problem = display_problem(environ)
    if problem is not None:
        en, zh = problem
        raise KioskError(f"{en}; {WHAT_TO_DO_EN}.", f"{zh}；{WHAT_TO_DO_ZH}。")


def display_problem(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> tuple[str, str] | None:
    """Why Qt could not open a window here (English, Chinese), or None when it can."""
    if platform in ("win32", "darwin"):
        return None
    env = os.environ if environ is None else environ
    requested = _platform_names(env.get("QT_QPA_PLATFORM", ""))
    if requested:
        candidates = requested
    elif env.get("XDG_SESSION_TYPE") == "wayland":
        candidates = ["wayland", "xcb"]
    else:
        candidates = ["xcb"]
    problems: list[tuple[str, str]] = []
    for name in candidates:
        if name in SERVERLESS_PLATFORMS:
            return None
        if name == "wayland":
            problem = _wayland_problem(env)
        elif name == "xcb":
            problem = _x11_problem(env)
        else:
            return None  # a platform we do not know: let Qt judge it
        if problem is None:
            return None
        problems.append(problem)
    return problems[0]


def _platform_names(value: str) -> list[str]:
    """``"wayland;xcb"`` -> ``["wayland", "xcb"]``; ``"vnc:size=1280x800"`` -> ``["vnc"]``."""
    return [part.split(":", 1)[0].strip() for part in value.split(";") if part.strip()]


def _x11_problem(env: Mapping[str, str]) -> tuple[str, str] | None:
    display = env.get("DISPLAY", "")
    if not display:
        if env.get("WAYLAND_DISPLAY"):
            return (
                "There is no X11 display for the kiosk (DISPLAY is not set) and Qt was not "
                "asked for Wayland (set QT_QPA_PLATFORM=wayland)",
                "没有可用的 X11 显示（未设置 DISPLAY），也未指定 Wayland（可设置 QT_QPA_PLATFORM=wayland）",
            )
        return (
            "There is no display to show the kiosk on (neither DISPLAY nor WAYLAND_DISPLAY is set)",
            "没有可显示签到界面的显示器（DISPLAY 和 WAYLAND_DISPLAY 均未设置）",
        )
    if not _x11_answers(display):
        return (
            f"The X11 display {display} does not answer",
            f"X11 显示 {display} 没有响应",
        )
    if not _library_loads(XCB_CURSOR_LIBRARY):
        return (
            f"Qt needs {XCB_CURSOR_LIBRARY} to open a window on X11 (install libxcb-cursor0)",
            f"Qt 需要 {XCB_CURSOR_LIBRARY} 才能在 X11 上打开窗口（请安装 libxcb-cursor0）",
        )
    return None


def _wayland_problem(env: Mapping[str, str]) -> tuple[str, str] | None:
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        return (
            "There is no Wayland display for the kiosk (WAYLAND_DISPLAY is not set)",
            "没有可用的 Wayland 显示（未设置 WAYLAND_DISPLAY）",
        )
    path = name if name.startswith("/") else os.path.join(env.get("XDG_RUNTIME_DIR", ""), name)
    if not _unix_socket_answers(path):
        return (
            f"The Wayland display {name} does not answer",
            f"Wayland 显示 {name} 没有响应",
        )
    if not _library_loads(WAYLAND_CURSOR_LIBRARY):
        return (
            f"Qt needs {WAYLAND_CURSOR_LIBRARY} to open a window on Wayland "
            "(install libwayland-cursor0)",
            f"Qt 需要 {WAYLAND_CURSOR_LIBRARY} 才能在 Wayland 上打开窗口（请安装 libwayland-cursor0）",
        )
    return None


def _x11_answers(display: str) -> bool:
    """Connect to the X server of ``[host]:number[.screen]`` the way libxcb does."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return False
    if host in ("", "unix") or host.startswith("/"):
        path = f"{X11_SOCKET_DIR}/X{number}"
        # Linux X servers also listen on the abstract socket of the same name.
        return _unix_socket_answers(path) or _unix_socket_answers("\0" + path)
    try:
        with socket.create_connection((host, 6000 + int(number)), timeout=CONNECT_TIMEOUT_S):
            return True
    except OSError:
        return False


def _unix_socket_answers(path: str) -> bool:
    if not path.startswith("\0") and not os.path.exists(path):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(path)
        except OSError:
            return False
    return True


def _library_loads(name: str) -> bool:
    """Whether the dynamic loader finds ``name`` (or the one-folder build carries it)."""
    candidates = [name]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, os.path.join(bundle, name))
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return True
    return False
