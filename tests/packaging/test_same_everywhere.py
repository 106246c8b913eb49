"""The same program on every kiosk: pinned versions, a zone database on Windows, no Unix-only start."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import distribution, version

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.packaging.support import ROOT

CONSTRAINTS = ROOT / "packaging" / "constraints.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")


def _pins() -> dict[str, tuple[str, str | None]]:
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            name, pinned, marker = match.groups()
            pins[canonicalize_name(name)] = (pinned, marker)
    return pins


def _runtime_closure() -> set[str]:
    """Every distribution the installed kiosk needs on this machine (no extras), recursively."""
    seen: set[str] = set()
    todo = ["tour-kiosk"]
    while todo:
        name = todo.pop()
        for text in distribution(name).requires or []:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            child = canonicalize_name(requirement.name)
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def test_every_runtime_library_is_pinned_and_installed_at_its_pin() -> None:
    """PySide6 and every library under it has an exact pin, and this environment holds it."""
    pins = _pins()
    closure = _runtime_closure()
    assert {"pyside6-essentials", "pyside6-addons", "shiboken6", "sqlalchemy"} <= closure
    unpinned = sorted(closure - set(pins))
    assert unpinned == [], f"add them to {CONSTRAINTS.name} (see its first lines)"
    drifted = {name: (pins[name][0], version(name)) for name in closure}
    assert {name: pair for name, pair in drifted.items() if pair[0] != pair[1]} == {}


def test_windows_gets_a_zone_database() -> None:
    """tzdata is required and pinned where the OS has no zone database of its own."""
    requirements = [Requirement(text) for text in distribution("tour-kiosk").requires or []]
    [tzdata] = [r for r in requirements if r.name == "tzdata"]
    assert tzdata.marker is not None
    assert tzdata.marker.evaluate({"sys_platform": "win32", "extra": ""})
    assert not tzdata.marker.evaluate({"sys_platform": "linux", "extra": ""})
    assert "tzdata" in _pins()


_WITHOUT_UNIX = """
import importlib, sys
UNIX_ONLY = {"resource", "fcntl", "termios", "pwd", "grp", "pty", "tty", "crypt", "syslog"}

class NoUnix:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in UNIX_ONLY:
            raise ImportError(f"{name} is Unix-only")
        return None

for name in UNIX_ONLY:
    sys.modules.pop(name, None)
sys.meta_path.insert(0, NoUnix())
from kiosk.cli import build_parser
build_parser()
for name in ("kiosk.cli.cmd_bench", "kiosk.bench.runner", "kiosk.bench.storage",
             "kiosk.bench.soak", "kiosk.bench.dataset", "kiosk.bench.badges"):
    importlib.import_module(name)
print("ok")
"""


def test_kiosk_bench_starts_without_unix_only_modules() -> None:
    """`kiosk bench` and its modules import where resource, fcntl, pwd … do not exist."""
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_UNIX],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr[-2000:]
