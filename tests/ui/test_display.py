"""No display, one sentence: the check that runs before `kiosk run` and `kiosk demo` do anything."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.ui.display import display_problem
from tests.packaging.support import ROOT, child_env, run

WHAT_TO_DO = "run it in a desktop session, or set QT_QPA_PLATFORM=vnc"


def _free_x_display() -> str:
    """An X display number with no server behind it (neither a socket file nor abstract)."""
    for number in range(900, 999):
        path = f"/tmp/.X11-unix/X{number}"
        if Path(path).exists():
            continue
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.connect("\0" + path)
            except OSError:
                return f":{number}"
    raise AssertionError("no free X display number")


@pytest.fixture
def listening_x_display() -> Iterator[str]:
    """A display number whose (abstract) X socket accepts connections, as an X server's would."""
    display = _free_x_display()
    server = socket.socket(socket.AF_UNIX)
    server.bind(f"\0/tmp/.X11-unix/X{display[1:]}")
    server.listen(1)
    yield display
    server.close()


@pytest.fixture
def listening_wayland_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "wayland-test"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)
    yield path
    server.close()


def test_nothing_to_show_on_names_both_variables() -> None:
    """With neither DISPLAY nor WAYLAND_DISPLAY the reason says so."""
    en, zh = display_problem({}, platform="linux") or ("", "")
    assert "neither DISPLAY nor WAYLAND_DISPLAY is set" in en
    assert "DISPLAY" in zh


def test_a_stale_display_counts_as_missing() -> None:
    """DISPLAY left over from an SSH session, with no X server behind it, is a problem."""
    display = _free_x_display()
    en, _ = display_problem({"DISPLAY": display}, platform="linux") or ("", "")
    assert en == f"The X11 display {display} does not answer"


def test_a_listening_x_server_is_a_display(listening_x_display: str) -> None:
    """An X server that accepts connections (and Qt's libxcb-cursor present) is enough."""
    assert display_problem({"DISPLAY": listening_x_display}, platform="linux") is None


def test_wayland_needs_its_socket(listening_wayland_socket: Path, tmp_path: Path) -> None:
    """QT_QPA_PLATFORM=wayland works when the compositor's socket answers, else it is named."""
    socket_env = {"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(tmp_path)}
    alive = {**socket_env, "WAYLAND_DISPLAY": listening_wayland_socket.name}
    assert display_problem(alive, platform="linux") is None
    gone = {**socket_env, "WAYLAND_DISPLAY": "wayland-9"}
    en, _ = display_problem(gone, platform="linux") or ("", "")
    assert en == "The Wayland display wayland-9 does not answer"


@pytest.mark.parametrize("platform", ["offscreen", "vnc", "vnc:size=1280x800", "eglfs"])
def test_platforms_without_a_display_server_need_none(platform: str) -> None:
    """offscreen, vnc (with options) and eglfs draw without any display server."""
    assert display_problem({"QT_QPA_PLATFORM": platform}, platform="linux") is None


def test_windows_and_macos_always_have_a_display() -> None:
    """The check only judges Linux and other X11/Wayland systems."""
    assert display_problem({}, platform="win32") is None
    assert display_problem({}, platform="darwin") is None


def _no_display_env(home: Path) -> dict[str, str]:
    env = child_env(home)
    del env["QT_QPA_PLATFORM"]
    return env


@pytest.mark.parametrize("command", [["demo"], ["run"], ["run", "--mode", "self"]])
def test_kiosk_without_a_display_says_one_sentence_and_builds_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    """`kiosk demo`/`kiosk run` with no display: one line, exit 2, no database made."""
    kiosk = Path(sys.executable).parent / "kiosk"  # the console script of this environment
    done = run([kiosk, *command], env=_no_display_env(tmp_path), cwd=tmp_path, expect=2)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kiosk: There is no display to show the kiosk on")
    assert WHAT_TO_DO in lines[0]
    assert done.stdout == ""
    data = tmp_path / "data" / "tour-kiosk"
    assert not list(data.glob("*.db")), "a database was made for a window that cannot open"


def test_make_demo_without_a_display_says_the_same_sentence(tmp_path: Path) -> None:
    """`make demo` passes the kiosk's one sentence and its exit code through."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-s", "demo"],
        cwd=ROOT,
        env=_no_display_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 2
    kiosk_lines = [line for line in done.stderr.splitlines() if line.startswith("kiosk:")]
    assert len(kiosk_lines) == 1 and WHAT_TO_DO in kiosk_lines[0], done.stderr
    assert not list((tmp_path / "data" / "tour-kiosk").glob("*.db"))
