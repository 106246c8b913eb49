"""The "PDF folder" print target: each print is one PDF file (a page per badge) in a folder.

Another program prints or archives the files (a watched folder on a print server, or the demo's
``demo-badges``). Files are never overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from kiosk.badges.model import Preset
from kiosk.badges.output import write_pdf
from kiosk.badges.printing_errors import PrintError
from kiosk.badges.sink import PrinterStatus
from kiosk.core.errors import KioskError


class PdfFolderSink:
    """Writes each job as ``FOLDER/<job name>.pdf`` (``-2``, ``-3`` … when taken)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @property
    def name(self) -> str:
        return f"pdf:{self.folder}"

    def send(self, images: Sequence[Image.Image], *, preset: Preset, job_name: str) -> None:
        """Write the badges as one PDF; raises PrintError when the folder cannot take it."""
        self.write(images, preset=preset, job_name=job_name)

    def write(self, images: Sequence[Image.Image], *, preset: Preset, job_name: str) -> Path:
        """Like :meth:`send`, returning the file written."""
        if not images:
            raise PrintError("There is no badge to print.", "没有需要打印的胸卡。")
        mono = all(image.mode in ("1", "L") for image in images)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return write_pdf(images, _free_path(self.folder, job_name), preset.name, mono)
        except OSError as exc:
            raise PrintError(
                f"Cannot write badges to the folder {self.folder}: {exc.strerror or exc}.",
                f"无法将胸卡写入文件夹 {self.folder}：{exc.strerror or exc}。",
            ) from exc
        except PrintError:
            raise
        except KioskError as exc:
            raise PrintError(exc.message, exc.message_zh) from exc

    def status(self) -> PrinterStatus | None:
        """A folder has no status to report."""
        return None


def _free_path(folder: Path, basename: str) -> Path:
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in basename) or "badges"
    candidate = folder / f"{stem}.pdf"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.pdf"
        counter += 1
    return candidate
