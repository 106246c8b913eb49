"""`kiosk install-service`: the systemd unit is valid, and its command shows the kiosk under cage.

systemd itself does not run in a test container, so the unit is checked by
``systemd-analyze verify`` (syntax, known keys, an executable ExecStart) and its ExecStart
line is then run as systemd would run it (its Environment= lines included) on cage's
headless backend, and photographed from the compositor with ``grim``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kiosk.cli import main
from tests.conftest import skip_or_fail
from tests.packaging.support import HEADER_RGB, PAGE_RGB, ROOT, child_env, log_text, run

KIOSK = Path(sys.executable).parent / "kiosk"  # the console script of this environment
LIVE_NOW = "2025-02-02T09:10"  # inside the demo program's 09:30 check-in window
CAGE_READY_TIMEOUT_S = 60
HEADLESS_OUTPUT = (1280, 720)  # wlroots' headless backend output
SITE_TITLE = (0, 0, 700, 80)  # left of the header bar's top row: the site's title
# cage refuses to run as root (the unit runs it as User=). A user namespace makes this test's
# root an ordinary user for cage while it can still read the project's files.
AS_ORDINARY_USER = ["unshare", "--user", "--map-user=4242", "--map-group=4242"]


def _print_unit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`kiosk install-service --print ARGS` (the program: this environment's kiosk command)."""
    if "--program" not in args:
        args = (*args, "--program", str(KIOSK))
    code = main(["install-service", "--print", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _keys(unit: str, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in unit.splitlines() if line.startswith(key + "=")]


def _verify(unit_file: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("systemd-analyze") is None:
        skip_or_fail("systemd-analyze is not installed (Debian package systemd)")
    if not Path("/usr/bin/cage").is_file():
        skip_or_fail("cage is not installed (Debian package cage)")
    return subprocess.run(
        ["systemd-analyze", "verify", str(unit_file)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_unit_runs_the_kiosk_full_screen_under_cage_and_always_restarts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The unit starts this kiosk in the chosen mode and id, full-screen in cage, as the user."""
    code, unit, _ = _print_unit(capsys, "--user", "kiosk", "--mode", "self", "--kiosk-id", "SELF-1")
    assert code == 0
    [exec_start] = _keys(unit, "ExecStart")
    assert shlex.split(exec_start) == [
        "/usr/bin/cage",
        "-d",
        "--",
        str(KIOSK),
        "run",
        "--mode",
        "self",
        "--kiosk-id",
        "SELF-1",
        "--fullscreen",
    ]
    assert _keys(unit, "Restart") == ["always"]
    assert _keys(unit, "User") == ["kiosk"]
    assert _keys(unit, "TTYPath") == ["/dev/tty1"]
    assert _keys(unit, "Conflicts") == ["getty@tty1.service"]
    assert "QT_QPA_PLATFORM=wayland" in _keys(unit, "Environment")
    assert _keys(unit, "WantedBy") == ["graphical.target"]


def test_unit_passes_systemd_analyze_verify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """systemd-analyze verify accepts the unit without a single complaint."""
    code, unit, _ = _print_unit(capsys, "--user", "kiosk", "--mode", "gate", "--kiosk-id", "GATE-2")
    assert code == 0
    unit_file = tmp_path / "tour-kiosk.service"
    unit_file.write_text(unit)
    done = _verify(unit_file)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr


def test_awkward_paths_are_quoted_for_systemd(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A kiosk program and settings file in folders with spaces and % survive systemd's parser."""
    folder = tmp_path / "Kiosk 100% ready"
    folder.mkdir()
    program = folder / "kiosk"
    program.write_text("#!/bin/sh\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    settings = folder / "kiosk $HOME.toml"
    code, unit, _ = _print_unit(
        capsys,
        *("--user", "kiosk", "--mode", "self", "--kiosk-id", "SELF-1"),
        *("--program", str(program), "--config", str(settings)),
    )
    assert code == 0
    unit_file = tmp_path / "tour-kiosk.service"
    unit_file.write_text(unit)
    done = _verify(unit_file)  # it checks that the quoted program path exists
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    [exec_start] = _keys(unit, "ExecStart")
    assert '"' + str(program).replace("%", "%%") + '"' in exec_start
    assert str(settings).replace("%", "%%").replace("$", "$$") in exec_start


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--user", "root", "--mode", "self", "--kiosk-id", "S1"], "not root"),
        (["--user", "kiosk", "--mode", "self", "--kiosk-id", "S 1"], "kiosk id is up to 64"),
        (["--user", "kiosk", "--mode", "self", "--kiosk-id", "S1", "--tty", "pts/0"], "tty1"),
    ],
    ids=["root", "kiosk-id", "tty"],
)
def test_bad_choices_get_one_sentence(
    capsys: pytest.CaptureFixture[str], args: list[str], sentence: str
) -> None:
    """Root as the kiosk user, a kiosk id with a space, a non-VT terminal: exit 2, one line."""
    code, out, err = _print_unit(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and sentence in err


def test_the_supervisor_console_is_no_kiosk_service(capsys: pytest.CaptureFixture[str]) -> None:
    """Only gate and self modes boot as kiosks; the supervisor console stays a desktop app."""
    code, _, err = _print_unit(capsys, "--user", "kiosk", "--mode", "supervisor", "--kiosk-id", "X")
    assert code == 2 and "invalid choice: 'supervisor'" in err


def test_install_writes_the_unit_and_says_how_to_enable_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without --print the unit lands in the unit folder, identical to what --print shows."""
    args = ["--user", "nobody", "--mode", "self", "--kiosk-id", "SELF-1", "--program", str(KIOSK)]
    _, printed, _ = _print_unit(capsys, *args)
    code = main(["install-service", *args, "--unit-dir", str(tmp_path), "--name", "gate-kiosk"])
    out = capsys.readouterr().out
    assert code == 0
    assert (tmp_path / "gate-kiosk.service").read_text() == printed
    assert "sudo systemctl enable --now gate-kiosk.service" in out


# --- the kiosk under cage ------------------------------------------------------------------


def _unit_environment(unit: str) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in _keys(unit, "Environment"))
    return dict(pairs)


def _grab(runtime: Path) -> Image.Image | None:
    """One frame of cage's output, taken through the compositor (wlr-screencopy)."""
    sockets = [p for p in runtime.glob("wayland-*") if not p.name.endswith(".lock")]
    if not sockets:
        return None
    done = subprocess.run(
        ["grim", str(runtime / "frame.png")],
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": str(sockets[0])},
        capture_output=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        return None
    with Image.open(runtime / "frame.png") as frame:
        return frame.convert("RGB")


def _offscreen_reference(kiosk_command: list[str], tmp_path: Path) -> Image.Image:
    """The same kiosk command drawn offscreen (``--screenshot``): what cage must show."""
    shot = tmp_path / "offscreen.png"
    windowed = [arg for arg in kiosk_command if arg != "--fullscreen"]
    done = run([*windowed, "--screenshot", shot], env=child_env(tmp_path), cwd=tmp_path)
    assert "Saved the scan page" in done.stdout
    with Image.open(shot) as image:
        return image.convert("RGB")


def _site_title(frame: Image.Image) -> bytes:
    """The site's title as drawn (the clock beside it keeps ticking)."""
    return frame.crop(SITE_TITLE).tobytes()


def _shows_the_kiosk(frame: Image.Image | None) -> bool:
    if frame is None:
        return False
    middle = frame.getpixel((frame.width // 2, frame.height // 4))
    return frame.getpixel((4, 4)) == HEADER_RGB and middle == PAGE_RGB


@pytest.fixture
def cage_tools() -> None:
    for tool in ("cage", "Xwayland", "grim", "unshare"):
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool} is not installed (Debian packages cage, xwayland, grim)")
    if os.geteuid() == 0:
        probe = subprocess.run([*AS_ORDINARY_USER, "true"], capture_output=True, check=False)
        if probe.returncode != 0:
            skip_or_fail("cage refuses root and this machine allows no user namespace")


@pytest.fixture
def screenshots_dir(tmp_path: Path) -> Path:
    if os.environ.get("KIOSK_TEST_SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return tmp_path


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The demo program in a fresh SQLite file, as `kiosk demo --no-window` makes it."""
    db_file = tmp_path / "kiosk.db"
    run(
        [KIOSK, "demo", "--no-window", "--db", f"sqlite:///{db_file}"],
        env=child_env(tmp_path),
        cwd=tmp_path,
    )
    return db_file


@pytest.fixture
def runtime_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "runtime"
    folder.mkdir(mode=0o700)
    yield folder


@pytest.mark.slow
@pytest.mark.usefixtures("cage_tools")
def test_the_unit_command_shows_the_scan_page_full_screen_under_cage(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_db: Path,
    runtime_dir: Path,
    screenshots_dir: Path,
) -> None:
    """The unit's ExecStart, run on cage's headless backend, fills the output with the scan page.

    The clock is set inside a tour's check-in window (``--now``, the one addition to the
    unit's command) so that the picture shows a live tour. Under cage the title is compared
    with the offscreen picture of the same command, not the tour line below it: on cage's
    headless pixman output a line changed after the first frames sometimes stays stale on
    the output while the kiosk has repainted it (see the README's kiosk section).
    """
    code, unit, _ = _print_unit(
        capsys,
        *("--user", "kiosk", "--mode", "self", "--kiosk-id", "SELF-1"),
        *("--db", f"sqlite:///{demo_db}"),
    )
    assert code == 0
    [exec_start] = _keys(unit, "ExecStart")
    command = [*shlex.split(exec_start), "--now", LIVE_NOW]
    reference = _offscreen_reference(command[command.index("--") + 1 :], tmp_path)
    if os.geteuid() == 0:
        command = [*AS_ORDINARY_USER, *command]
    env = child_env(tmp_path, **_unit_environment(unit))
    env.update(
        XDG_RUNTIME_DIR=str(runtime_dir),
        WLR_BACKENDS="headless",
        WLR_RENDERER="pixman",
        WLR_LIBINPUT_NO_DEVICES="1",
    )
    cage = subprocess.Popen(
        command,
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "cage.log").open("w"),
        start_new_session=True,
    )
    try:
        frame = None
        deadline = time.monotonic() + CAGE_READY_TIMEOUT_S
        while time.monotonic() < deadline and cage.poll() is None:
            frame = _grab(runtime_dir)
            if _shows_the_kiosk(frame) and _site_title(frame) == _site_title(reference):
                break
            time.sleep(0.3)
        cage_log = (tmp_path / "cage.log").read_text(errors="replace")
        assert cage.poll() is None, f"cage exited {cage.returncode}:\n{cage_log[-2000:]}"
        assert frame is not None and _shows_the_kiosk(frame), cage_log[-2000:]
        assert _site_title(frame) == _site_title(reference), "not the kiosk's scan page"
        assert frame.size == HEADLESS_OUTPUT  # the whole output, nothing around the window
        assert "on the wayland platform, screen 1280x720" in log_text(tmp_path)
        frame.save(screenshots_dir / "kiosk-under-cage-self.png")
    finally:
        os.killpg(cage.pid, signal.SIGTERM)
        try:
            cage.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(cage.pid, signal.SIGKILL)
            cage.wait(timeout=20)
        _remove_x_display_files_of(cage.pid)


def _remove_x_display_files_of(pid: int) -> None:
    """cage 0.1.4 aborts on SIGTERM before removing its Xwayland lock and socket: remove them."""
    for lock in Path("/tmp").glob(".X*-lock"):
        try:
            owner = lock.read_text(errors="replace").strip("\0 \n")
        except OSError:
            continue
        if owner == str(pid):
            number = lock.name[len(".X") : -len("-lock")]
            Path(f"/tmp/.X11-unix/X{number}").unlink(missing_ok=True)
            lock.unlink(missing_ok=True)
