"""The on-screen keyboard: when it is on, which devices are keyboards, and typing by tapping.

The tapping tests need Qt's input method loaded when the QApplication is made, which this
test session's QApplication was not: they run in a pytest process of their own
(``virtual_keyboard_cases.py``), started here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.paths import ROOT
from kiosk.ui.input.virtual_keyboard import keyboard_wanted, parse_input_devices, physical_keyboards

CASES = Path(__file__).with_name("virtual_keyboard_cases.py")

# /proc/bus/input/devices of a gate kiosk: a power button, a real keyboard, a wedge scanner
# (a USB keyboard to the system), a touchscreen, and the X server's virtual keyboard.
DEVICES = """\
I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name="Power Button"
H: Handlers=kbd event0
B: EV=3
B: KEY=10000000000000 0

I: Bus=0003 Vendor=046d Product=c31c Version=0110
N: Name="Logitech USB Keyboard"
H: Handlers=sysrq kbd event3 leds
B: EV=120013
B: KEY=1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe

I: Bus=0003 Vendor=0c2e Product=0b61 Version=0111
N: Name="Honeywell Imaging & Mobility 1950"
H: Handlers=sysrq kbd event4 leds
B: EV=120013
B: KEY=1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe

I: Bus=0003 Vendor=222a Product=0001 Version=0110
N: Name="ILITEK ILITEK-TP"
H: Handlers=mouse0 event5
B: EV=1b
B: KEY=400 0 0 0 0 0

I: Bus=0000 Vendor=0000 Product=0000 Version=0000
N: Name="Virtual core XTEST keyboard"
H: Handlers=kbd event6
B: EV=3
B: KEY=1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe
"""


def test_only_real_keyboards_count() -> None:
    """A keyboard counts; a scanner, a power button, a touchscreen and virtual devices don't."""
    assert parse_input_devices(DEVICES) == ["Logitech USB Keyboard"]


def test_a_kiosk_with_only_a_scanner_has_no_keyboard() -> None:
    """Without the keyboard's block, the scanner alone is not taken for a keyboard."""
    without_keyboard = "\n\n".join(
        block for block in DEVICES.split("\n\n") if "Logitech" not in block
    )
    assert parse_input_devices(without_keyboard) == []


def test_unreadable_device_lists_say_unknown(tmp_path: Path) -> None:
    """No device list to read means "cannot tell", which counts as having a keyboard."""
    assert physical_keyboards(tmp_path / "missing") is None
    assert keyboard_wanted("auto", "gate", keyboards=lambda: None) is False


@pytest.mark.parametrize(
    ("setting", "mode", "keyboards", "wanted"),
    [
        ("auto", "self", ["Logitech USB Keyboard"], True),  # visitors: always
        ("auto", "gate", [], True),  # staff without a keyboard
        ("auto", "gate", ["Logitech USB Keyboard"], False),
        ("auto", "supervisor", ["Logitech USB Keyboard"], False),
        ("on", "gate", ["Logitech USB Keyboard"], True),  # the setting overrides
        ("off", "self", [], False),
        ("nonsense", "self", [], True),  # unknown values act as auto
    ],
)
def test_when_the_keyboard_is_shown(
    setting: str, mode: str, keyboards: list[str], wanted: bool
) -> None:
    """On in self mode and without a keyboard; on/off settings override the guess."""
    assert keyboard_wanted(setting, mode, keyboards=lambda: keyboards) is wanted


@pytest.mark.slow
def test_typing_by_tapping_in_a_process_with_the_keyboard_loaded(tmp_path: Path) -> None:
    """Latin and pinyin typing, the dock, and the scanner's coexistence pass offscreen."""
    env = {
        **os.environ,
        "KIOSK_TEST_VIRTUAL_KEYBOARD": "1",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(CASES),
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "cases"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1:] or [""]
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in summary[0] and "skipped" not in summary[0], summary
