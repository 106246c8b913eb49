"""kiosk.printers stays where the layers put it: Qt-free, above badges and core only."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import kiosk.printers

PACKAGE = Path(kiosk.printers.__file__).resolve().parent
ALLOWED_KIOSK_IMPORTS = ("kiosk.printers", "kiosk.badges", "kiosk.core")


def test_printers_import_only_badges_and_core_from_the_kiosk() -> None:
    """No printer module reaches into services, store, config, ui or cli."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("PySide6", "shiboken6"):
                    offenders.append(f"{path.name}: {name}")
                if name.startswith("kiosk") and not name.startswith(ALLOWED_KIOSK_IMPORTS):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_printing_a_label_loads_no_qt() -> None:
    """Making both sinks and their jobs in a fresh interpreter never loads PySide6."""
    code = (
        "import json, sys\n"
        "from kiosk.printers import label_sink\n"
        "from kiosk.badges import render_badge\n"
        "from kiosk.badges.samples import printer_test_badge\n"
        "for target in ('brother_ql', 'zpl'):\n"
        "    sink = label_sink(target, 'tcp://127.0.0.1:9')\n"
        "    image = render_badge(printer_test_badge(), sink.preset.name, mono=True)\n"
        "    sink._job([image], 'x')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('PySide6', 'kiosk.ui')))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(result.stdout) == []
