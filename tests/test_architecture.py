"""The one firm architecture rule: nothing outside ``kiosk/ui/`` imports PySide6.

Checked twice: statically (every import statement, at any depth) and dynamically (importing
every module in a fresh interpreter must not load Qt, even through another module).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import kiosk

PACKAGE = Path(kiosk.__file__).resolve().parent
QT = ("PySide6", "shiboken6")
# Layers that must work where Qt is absent: not even a lazy import of kiosk.ui.
QT_FREE_LAYERS = ("core", "store", "sync", "badges", "printers", "services", "bench")


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = relative.parts
        if parts[1:2] == ("ui",):
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """Every imported module name, with whether the import is at module level."""
    top_level = {id(node) for node in getattr(tree, "body", [])}
    names: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((alias.name, id(node) in top_level) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append((node.module, id(node) in top_level))
    return names


def _is(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_there_are_modules_to_check() -> None:
    """The walk finds the Qt-free layers (so the checks below cannot pass vacuously)."""
    names = {name for name, _ in _modules()}
    assert {"kiosk.core.rules", "kiosk.services.checkin", "kiosk.store.engine"} <= names
    assert not any(_is(name, "kiosk.ui") for name in names)


def test_no_module_outside_ui_imports_qt() -> None:
    """No import statement outside kiosk/ui names PySide6 or shiboken6, not even in a function."""
    offenders = [
        f"{name}: {module}"
        for name, path in _modules()
        for module, _ in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if any(_is(module, qt) for qt in QT)
    ]
    assert offenders == []


def test_qt_free_layers_never_import_the_ui() -> None:
    """core, store, sync, badges, services and bench do not import kiosk.ui at all."""
    offenders = [
        f"{name}: {module}"
        for name, path in _modules()
        if name.split(".")[1:2] and name.split(".")[1] in QT_FREE_LAYERS
        for module, _ in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if _is(module, "kiosk.ui")
    ]
    assert offenders == []


def test_command_line_imports_the_ui_only_inside_the_commands_that_need_it() -> None:
    """The CLI may start the app, but importing it (e.g. for `kiosk checkin`) must not load Qt."""
    offenders = [
        f"{name}: {module}"
        for name, path in _modules()
        for module, top_level in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if top_level and _is(module, "kiosk.ui")
    ]
    assert offenders == []


_PROBE = """
import importlib, json, sys
loaded_qt = None
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in sys.modules):
        loaded_qt = name
        break
print(json.dumps(loaded_qt))
"""


def test_importing_every_module_outside_ui_does_not_load_qt() -> None:
    """In a fresh interpreter, importing every non-UI module leaves PySide6 out of sys.modules."""
    names = [name for name, _ in _modules()]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(names)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PACKAGE.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) is None, f"importing {done.stdout.strip()} loaded Qt"
