"""Print rendered badges through the system spooler (QPrinter: CUPS, the Windows spooler).

Callable from a worker thread: it uses no widgets, only QPrinter/QPainter (which Qt allows off
the GUI thread) and needs a QGuiApplication to exist, as the kiosk app always has. A failed
printer raises ``PrintError`` with one clear sentence; the check-in that asked for the badge
stands regardless (the caller records the failed job).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence

from PIL import Image
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.badges.model import Preset, get_preset
from kiosk.badges.printing_errors import PrintError
from kiosk.badges.sink import BadgeSink, PrinterStatus
from kiosk.config import Settings

LPSTAT_TIMEOUT_S = 5


class SpoolerSink:
    """The system spooler as a :class:`~kiosk.badges.sink.BadgeSink` (QPrinter: CUPS, Windows).

    Args:
        printer_name: the queue; None prints on the system's default printer.
    """

    def __init__(self, printer_name: str | None) -> None:
        self.printer_name = printer_name

    @property
    def name(self) -> str:
        return self.printer_name or "system"

    def send(self, images: Sequence[Image.Image], *, preset: Preset, job_name: str) -> None:
        print_badges(images, printer_name=self.printer_name, preset=preset.name, job_name=job_name)

    def status(self) -> PrinterStatus | None:
        """Whether the spooler holds the queue stopped or refuses jobs (None: it cannot tell)."""
        if self.printer_name is None:
            return None
        try:
            _check_ready(_printer_info(self.printer_name))
        except PrintError as exc:
            return PrinterStatus(False, "paused", exc.message, exc.message_zh)
        return PrinterStatus(True)


def available_printers() -> list[str]:
    """Names of the system's print queues (empty if there is no spooler)."""
    _ensure_gui_application()
    return sorted(QPrinterInfo.availablePrinterNames())


def print_badges(
    images: Sequence[Image.Image],
    *,
    printer_name: str | None,
    preset: str,
    job_name: str = "Kiosk badges",
) -> None:
    """Print one page per badge image on ``printer_name`` (None: the system default printer).

    The page is the preset's physical size with no margins, at the preset's resolution.
    ``job_name`` is the spooler's job title (shown in the print queue).

    Raises:
        PrintError: the printer does not exist, is disabled or not accepting jobs, or the
            spooler refused the job. Nothing is printed in that case.
    """
    if not images:
        raise PrintError("There is no badge to print.", "没有需要打印的胸卡。")
    chosen = get_preset(preset)
    _ensure_gui_application()
    info = _printer_info(printer_name)
    name = info.printerName()
    _check_ready(info)

    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(job_name)
    printer.setResolution(chosen.dpi)
    printer.setFullPage(True)
    if not printer.setPageLayout(_page_layout(chosen)):
        raise PrintError(
            f"Printer {name!r} cannot print on {chosen.name} labels; choose another size.",
            f"打印机 {name!r} 不支持 {chosen.name} 标签尺寸，请选择其他尺寸。",
        )
    if not printer.isValid():
        raise _not_valid(name)
    _paint(printer, images, name)


def _ensure_gui_application() -> None:
    """QPrinter needs a Qt application; make one on the main thread if the caller has none.

    The kiosk app already has one; this serves the command line (``kiosk print``).
    """
    if QCoreApplication.instance() is not None:
        return
    if threading.current_thread() is not threading.main_thread():
        raise PrintError(
            "Printing needs the kiosk application to be running.",
            "打印需要先启动自助机程序。",
        )
    QGuiApplication(sys.argv[:1] or ["kiosk"])


def _printer_info(printer_name: str | None) -> QPrinterInfo:
    if printer_name is None:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            raise PrintError(
                "No default printer is set up; choose a printer in the settings.",
                "未设置默认打印机，请在设置中选择打印机。",
            )
        return info
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        known = ", ".join(available_printers()) or "none"
        raise PrintError(
            f"Printer {printer_name!r} does not exist (printers here: {known}).",
            f"打印机 {printer_name!r} 不存在（本机打印机：{known}）。",
        )
    return info


def _check_ready(info: QPrinterInfo) -> None:
    """Refuse a printer the spooler has stopped, which would silently hold the job."""
    name = info.printerName()
    state = info.state()
    problem = None
    if state in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        problem = "stopped"
    else:
        problem = _lpstat_problem(name)
    if problem == "stopped":
        raise PrintError(
            f"Printer {name!r} is stopped (disabled or in error); check it and enable it again.",
            f"打印机 {name!r} 已停止（被停用或出错），请检查后重新启用。",
        )
    if problem == "rejecting":
        raise PrintError(
            f"Printer {name!r} is not accepting jobs; enable it in the print settings.",
            f"打印机 {name!r} 拒绝接收打印任务，请在打印设置中启用。",
        )


def _lpstat_problem(name: str) -> str | None:
    """Ask CUPS directly when Qt cannot tell: "stopped", "rejecting" or None."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    try:
        status = subprocess.run(
            [lpstat, "-p", name, "-a", name],
            capture_output=True,
            text=True,
            timeout=LPSTAT_TIMEOUT_S,
            check=False,
            env={"LANG": "C", "LC_ALL": "C", "PATH": "/usr/bin:/bin"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    for line in status.stdout.splitlines():
        words = line.split()
        if line.startswith(f"printer {name} ") and "disabled" in words:
            return "stopped"
        if words[:1] == [name] and "not accepting" in line:
            return "rejecting"
    return None


def _page_layout(preset: Preset) -> QPageLayout:
    size = QPageSize(
        QSizeF(preset.width_mm, preset.height_mm),
        QPageSize.Unit.Millimeter,
        f"Badge {preset.name}",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    return QPageLayout(
        size,
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )


def _not_valid(name: str) -> PrintError:
    return PrintError(
        f"Printer {name!r} cannot be used right now; check that it is connected and set up.",
        f"打印机 {name!r} 当前无法使用，请检查连接和设置。",
    )


def _to_qimage(image: Image.Image) -> QImage:
    if image.mode in ("1", "L"):
        gray = image.convert("L")
        return QImage(
            gray.tobytes(), gray.width, gray.height, gray.width, QImage.Format.Format_Grayscale8
        ).copy()
    rgb = image.convert("RGB")
    return QImage(
        rgb.tobytes(), rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888
    ).copy()


def _paint(printer: QPrinter, images: Sequence[Image.Image], name: str) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(
            f"Printer {name!r} refused the job; check that it is on and enabled.",
            f"打印机 {name!r} 拒绝了打印任务，请检查是否开机并已启用。",
        )
    failed = False
    try:
        for index, image in enumerate(images):
            if index and not printer.newPage():
                failed = True
                break
            target = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
            target.moveTo(0, 0)
            painter.drawImage(target, _to_qimage(image))
    finally:
        ended = painter.end()
    if (
        failed
        or not ended
        or printer.printerState()
        in (
            QPrinter.PrinterState.Error,
            QPrinter.PrinterState.Aborted,
        )
    ):
        raise PrintError(
            f"Printing on {name!r} failed; the badges were not printed.",
            f"在打印机 {name!r} 上打印失败，胸卡未打印。",
        )


def sink_for(
    settings: Settings, *, target: str | None = None, printer: str | None = None
) -> BadgeSink | None:
    """The sink the settings name, with this front end's system spooler (None: no printing)."""
    from kiosk.services.printing import choose_sink

    return choose_sink(settings, target=target, printer=printer, spooler=SpoolerSink)
