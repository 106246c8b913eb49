"""A real CUPS spooler with a cups-pdf queue, for the printing tests.

Printing "works" only if a real spooler accepted the job and produced the page, so these tests
print through CUPS to the cups-pdf backend and read the PDF it writes. ``ensure_cups_queue``
starts ``cupsd`` if it is not running (root only) and adds the queue if it is missing; both
steps are idempotent and leave an existing setup as it is.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
from pathlib import Path

CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
DEFAULT_ANON_DIR = Path("/var/spool/cups-pdf/ANONYMOUS")
START_TIMEOUT_S = 15
COMMAND_TIMEOUT_S = 30


class CupsUnavailable(RuntimeError):
    """No CUPS spooler with a cups-pdf queue can be had here; the message says why."""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(args[0]) or shutil.which(args[0], path="/usr/sbin:/usr/bin:/sbin:/bin")
    if tool is None:
        raise CupsUnavailable(
            f"{args[0]} is not installed (apt-get install cups printer-driver-cups-pdf)"
        )
    try:
        return subprocess.run(
            [tool, *args[1:]],
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
            env={**os.environ, "LANG": "C", "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise CupsUnavailable(f"{args[0]} failed: {exc}") from exc


def scheduler_running() -> bool:
    """Whether a CUPS scheduler answers on this machine."""
    return "scheduler is running" in _run("lpstat", "-r").stdout


def _start_scheduler() -> None:
    if os.geteuid() != 0:
        raise CupsUnavailable("cupsd is not running and only root can start it")
    started = _run("cupsd")  # daemonizes
    if started.returncode != 0:
        raise CupsUnavailable(f"cupsd did not start: {started.stderr.strip()}")
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if scheduler_running():
            return
        time.sleep(0.2)
    raise CupsUnavailable(f"cupsd did not answer within {START_TIMEOUT_S} s")


def _cups_pdf_model() -> str:
    models = _run("lpinfo", "-m").stdout.splitlines()
    names = [line.split()[0] for line in models if "CUPS-PDF" in line]
    if not names:
        raise CupsUnavailable("no cups-pdf driver (apt-get install printer-driver-cups-pdf)")
    plain = [name for name in names if "noopt" in name]
    return (plain or names)[0]


def queue_exists(name: str) -> bool:
    """Whether CUPS has a print queue called ``name``."""
    return _run("lpstat", "-p", name).returncode == 0


def ensure_cups_queue(name: str = "KioskPDF") -> str:
    """Make sure cupsd runs and has an enabled cups-pdf queue ``name``; return the name.

    Raises:
        CupsUnavailable: CUPS or cups-pdf is missing, or cupsd cannot be started.
    """
    if not scheduler_running():
        _start_scheduler()
    if not queue_exists(name):
        added = _run("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-m", _cups_pdf_model())
        if added.returncode != 0 or not queue_exists(name):
            raise CupsUnavailable(f"cannot add the queue {name}: {added.stderr.strip()}")
    for command in ("cupsenable", "cupsaccept"):
        result = _run(command, name)
        if result.returncode != 0:
            raise CupsUnavailable(f"{command} {name} failed: {result.stderr.strip()}")
    return name


def set_queue_enabled(name: str, enabled: bool) -> None:
    """``cupsenable``/``cupsdisable`` a queue (a disabled queue holds jobs instead of printing)."""
    result = _run("cupsenable" if enabled else "cupsdisable", name)
    if result.returncode != 0:
        raise CupsUnavailable(f"cannot change {name}: {result.stderr.strip()}")


def cups_pdf_output_dirs() -> list[Path]:
    """Folders cups-pdf may write this user's jobs to (``Out``, then the anonymous folder)."""
    home = pwd.getpwuid(os.getuid()).pw_dir
    user = pwd.getpwuid(os.getuid()).pw_name
    out = "${HOME}/PDF"
    anon = str(DEFAULT_ANON_DIR)
    if CUPS_PDF_CONF.is_file():
        for line in CUPS_PDF_CONF.read_text(errors="replace").splitlines():
            match = re.match(r"^\s*(Out|AnonDirName)\s+(\S+)", line)
            if match and match.group(1) == "Out":
                out = match.group(2)
            elif match:
                anon = match.group(2)
    out = out.replace("${HOME}", home).replace("${USER}", user)
    return [Path(out), Path(anon)]


def wait_for_pdf(marker: str, timeout_s: float = 30.0) -> Path:
    """Wait until cups-pdf has written a finished PDF whose file name contains ``marker``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for folder in cups_pdf_output_dirs():
            if not folder.is_dir():
                continue
            for candidate in folder.glob(f"*{marker}*.pdf"):
                if candidate.read_bytes().rstrip().endswith(b"%%EOF"):
                    return candidate
        time.sleep(0.2)
    raise TimeoutError(f"cups-pdf wrote no PDF named *{marker}* within {timeout_s} s")
