"""What a label printer reports, as one sentence for staff in English and Chinese.

Both printer languages end up here: the Brother status reply and the Zebra ``~HS`` answer are
reduced to a :class:`~kiosk.badges.sink.PrinterStatus` with the first problem that stops
printing. :class:`PrinterFault` carries that status out of ``send`` so the job stays queued and
the staff page can show why.
"""

from __future__ import annotations

from kiosk.badges.printing_errors import PrintError
from kiosk.badges.sink import PrinterProblem, PrinterStatus

_SENTENCES: dict[PrinterProblem, tuple[str, str]] = {
    "out_of_media": (
        "The label printer is out of labels: load a new roll, then print the waiting badges.",
        "标签打印机没有标签了：请装入新的标签卷，然后重新打印等待中的胸卡。",
    ),
    "cover_open": (
        "The label printer's cover is open: close it, then print the waiting badges.",
        "标签打印机的盖子打开了：请合上盖子，然后重新打印等待中的胸卡。",
    ),
    "paused": (
        "The label printer is paused: press its pause button to resume printing.",
        "标签打印机已暂停：请按打印机上的暂停键恢复打印。",
    ),
    "head_hot": (
        "The label printer's print head is too hot: wait a few minutes and print again.",
        "标签打印机的打印头过热：请等几分钟再打印。",
    ),
    "ribbon_out": (
        "The label printer is out of ribbon: load a new ribbon, then print the waiting badges.",
        "标签打印机的碳带用完了：请装入新碳带，然后重新打印等待中的胸卡。",
    ),
    "jammed": (
        "Labels are jammed in the printer's cutter: open the cover, clear the jam and close it.",
        "标签卡在打印机的切刀里：请打开盖子清除卡纸后合上。",
    ),
    "error": (
        "The label printer reports an error: switch it off and on again.",
        "标签打印机报告故障：请关闭后重新打开打印机。",
    ),
}


class PrinterFault(PrintError):
    """The printer refused, could not be reached or failed; ``status`` says what it reported.

    Attributes:
        status: what the printer reported.
        nothing_sent: no byte of the job reached the printer (it refused after the status
            query, or could not be reached): sending the job again later cannot print a
            badge twice. False when it is not certain (a job cut off or failing half-way).
    """

    def __init__(self, status: PrinterStatus, *, nothing_sent: bool = False) -> None:
        super().__init__(status.message_en, status.message_zh)
        self.status = status
        self.nothing_sent = nothing_sent


def problem(
    kind: PrinterProblem, detail: str, *, message: tuple[str, str] | None = None
) -> PrinterStatus:
    """A not-ready status with the standard sentence for ``kind`` (or ``message`` instead)."""
    english, chinese = message or _SENTENCES[kind]
    return PrinterStatus(
        ready=False, problem=kind, message_en=english, message_zh=chinese, detail=detail
    )


def ready(detail: str) -> PrinterStatus:
    """The printer would print now."""
    return PrinterStatus(
        ready=True,
        message_en="The label printer is ready.",
        message_zh="标签打印机已就绪。",
        detail=detail,
    )


def offline(where: str, detail: str) -> PrinterStatus:
    """The printer does not answer at ``where`` (switched off, unplugged, wrong address)."""
    return problem(
        "offline",
        detail,
        message=(
            f"The label printer at {where} does not answer: check that it is switched on "
            "and connected.",
            f"位于 {where} 的标签打印机没有响应：请检查是否开机并已连接。",
        ),
    )


def busy(where: str) -> PrinterStatus:
    """Another job is using the printer's only connection right now."""
    return PrinterStatus(
        ready=True,
        message_en=f"The label printer at {where} is printing.",
        message_zh=f"位于 {where} 的标签打印机正在打印。",
        detail="busy",
    )
