"""The "PDF folder" print target: each job becomes one PDF (a page per badge) in a folder.

Another program prints or archives the files; the kiosk only has to write them whole and
never overwrite an earlier job. Qt-free, so the services and the command line can use it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from kiosk.badges.model import Preset
from kiosk.badges.output import write_pdf
from kiosk.badges.printing_errors import PrintError
from kiosk.badges.sink import PrinterStatus
from kiosk.core.errors import KioskError


def safe_stem(job_name: str) -> str:
    """A file name stem from a job name: letters, digits, "-", "_" and "." only."""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in job_name.strip())
    return stem.strip(".") or "badges"


class PdfFolderSink:
    """Writes each job as ``FOLDER/JOB.pdf`` (``JOB-2.pdf`` … if the name is taken).

    Args:
        folder: where the PDFs go; created when missing.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.last_written: Path | None = None

    @property
    def name(self) -> str:
        """The folder, as recorded on the print job."""
        return str(self.folder)

    def send(self, images: Sequence[Image.Image], *, preset: Preset, job_name: str) -> None:
        """Write one PDF page per badge at the preset's physical size (``last_written``).

        Raises:
            PrintError: no images, or the folder cannot be created or written.
        """
        if not images:
            raise PrintError("There is no badge to print.", "没有需要打印的胸卡。")
        mono = all(image.mode in ("1", "L") for image in images)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.last_written = self._write_new(images, preset, mono, safe_stem(job_name))
        except OSError as exc:
            raise self._cannot_write(exc) from exc
        except PrintError:
            raise
        except KioskError as exc:
            raise PrintError(exc.message, exc.message_zh) from exc

    def _write_new(
        self, images: Sequence[Image.Image], preset: Preset, mono: bool, stem: str
    ) -> Path:
        """Write to a hidden temporary file, then link it under the first free name.

        ``os.link`` fails if the name exists, so two kiosks sharing a folder never overwrite
        each other's job, and a reader never sees a half-written PDF. Where the folder's file
        system has no hard links (a FAT stick, some network shares) the name is claimed by
        creating it exclusively and the finished file is moved over it.
        """
        handle, temporary = tempfile.mkstemp(prefix=".partial-", suffix=".pdf", dir=self.folder)
        os.close(handle)
        try:
            write_pdf(images, temporary, preset.name, mono)
            counter = 1
            while True:
                suffix = "" if counter == 1 else f"-{counter}"
                candidate = self.folder / f"{stem}{suffix}.pdf"
                try:
                    os.link(temporary, candidate)
                    return candidate
                except FileExistsError:
                    counter += 1
                except OSError:
                    try:
                        with candidate.open("xb"):
                            pass
                    except FileExistsError:
                        counter += 1
                        continue
                    os.replace(temporary, candidate)
                    return candidate
        finally:
            Path(temporary).unlink(missing_ok=True)

    def status(self) -> PrinterStatus:
        """Ready when the folder exists (or can be made) and takes files."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.folder):
                pass
        except OSError as exc:
            error = self._cannot_write(exc)
            return PrinterStatus(
                ready=False,
                problem="error",
                message_en=error.message,
                message_zh=error.message_zh,
                detail=str(exc),
            )
        return PrinterStatus(
            ready=True,
            message_en=f"Badges are saved as PDF files in {self.folder}.",
            message_zh=f"胸卡以 PDF 文件保存在 {self.folder}。",
        )

    def _cannot_write(self, exc: OSError) -> PrintError:
        return PrintError(
            f"Cannot write badges to the folder {self.folder}: {exc.strerror or exc}.",
            f"无法将胸卡写入文件夹 {self.folder}：{exc.strerror or exc}。",
        )
