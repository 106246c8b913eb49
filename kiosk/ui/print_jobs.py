"""Send badges to the configured target and record the job; safe to call from a worker thread.

The check-in is already committed when this runs: a printer fault marks the jobs failed with
the reason and returns it, nothing else changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.badges import PrintError, render_badge
from kiosk.core.errors import KioskError
from kiosk.services import printing
from kiosk.services.env import ServiceEnv


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to one print request (shown on the result page)."""

    job_ids: tuple[int, ...]
    printed: bool
    skipped: bool = False
    error_en: str = ""
    error_zh: str = ""


def print_visitor_badges(
    env: ServiceEnv,
    visitor_ids: Sequence[int],
    *,
    printer: str | None = None,
    target: str | None = None,
    retry_job_ids: Sequence[int] = (),
) -> PrintOutcome:
    """Render and print one badge per visitor through the system spooler or a PDF folder."""
    settings = env.settings
    target = target or settings.print_target
    if target == "none" or not visitor_ids:
        return PrintOutcome((), printed=False, skipped=True)
    printer_name = printer if printer is not None else settings.printer
    preset = settings.badge_size
    if retry_job_ids:
        job_ids = [
            job_id for job_id, _, _ in printing.retry_jobs(env, retry_job_ids, printer=printer)
        ]
    else:
        job_ids = printing.queue_jobs(
            env, visitor_ids, printer=printer_name or target, preset=preset
        )
    try:
        badges = printing.badge_data(env, visitor_ids)
        images = [render_badge(b, preset, mono=settings.badge_mono) for b in badges]
        if target == "pdf":
            from kiosk.config import data_dir
            from kiosk.ui.printing import print_to_pdf_folder

            folder = settings.pdf_dir or str(data_dir() / "badges")
            print_to_pdf_folder(images, folder, preset, f"badges-{job_ids[0]}")
        else:
            from kiosk.ui.printing import print_badges

            print_badges(
                images,
                printer_name=printer_name or None,
                preset=preset,
                job_name=f"Kiosk badges {job_ids[0]}",
            )
    except (PrintError, KioskError) as exc:
        printing.finish_jobs(env, job_ids, error=exc.message)
        return PrintOutcome(
            tuple(job_ids), printed=False, error_en=exc.message, error_zh=exc.message_zh
        )
    except Exception as exc:  # a printer driver's surprise must not escape a worker
        reason = f"printing failed ({type(exc).__name__})"
        printing.finish_jobs(env, job_ids, error=reason)
        return PrintOutcome(tuple(job_ids), printed=False, error_en=reason, error_zh="打印失败")
    printing.finish_jobs(env, job_ids, error=None)
    return PrintOutcome(tuple(job_ids), printed=True)
