"""Print a visitor's badges to a sink: queue, render, send, finish. A printer fault never
undoes or blocks a check-in.

A print is recorded as a job row *before* it is sent (``queued``), then marked ``printed``
or ``failed`` with the reason in its own transaction. The check-in was committed earlier
and is never touched here; staff see failed jobs and retry them.

The sink is the front end's choice (:func:`choose_sink`): the system spooler lives in
``kiosk.ui`` (Qt), so the front end passes a factory for it; the PDF folder and the label
printers need no Qt. Everything here may run on a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from kiosk.badges.model import BadgeData, Language, get_preset
from kiosk.badges.pdf_sink import PdfFolderSink
from kiosk.badges.printing_errors import PrintError
from kiosk.badges.render import render_badge
from kiosk.badges.samples import printer_test_images
from kiosk.badges.sink import BadgeSink
from kiosk.config import Settings, data_dir
from kiosk.core.errors import InputError, KioskError
from kiosk.core.scan import normalise_scan, parse_scan
from kiosk.printers import LABEL_TARGETS, LabelSink, PrinterFault, label_sink
from kiosk.services.env import ServiceEnv
from kiosk.store import print_jobs
from kiosk.store.db import read_connection, write_connection
from kiosk.store.placement import placements

WAITING_EXPIRES = timedelta(hours=2)
"""How long a job refused by the printer (nothing sent) waits to print by itself."""
WAITING_BATCH = 50
"""At most this many waiting jobs go to the printer in one job once it is ready again."""

SpoolerFactory = Callable[[str | None], BadgeSink]
"""Makes the system-spooler sink for a printer name (None: the default printer)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to one print request (shown on the result page and the printer page)."""

    job_ids: tuple[int, ...]
    printed: bool
    skipped: bool = False
    error_en: str = ""
    error_zh: str = ""
    waiting: bool = False
    """The printer refused before anything was sent; the jobs print once it is ready."""


def choose_sink(
    settings: Settings,
    *,
    target: str | None = None,
    printer: str | None = None,
    spooler: SpoolerFactory | None = None,
) -> BadgeSink | None:
    """The sink for a print target (``settings.print_target`` unless given); None: no printing.

    Raises:
        PrintError: the system spooler is asked for but this front end has none.
    """
    chosen = target or settings.print_target
    if chosen == "none":
        return None
    if chosen == "pdf":
        return PdfFolderSink(settings.pdf_dir or str(data_dir() / "badges"))
    if chosen in LABEL_TARGETS:
        address = printer if printer is not None else settings.printer
        if not address:
            raise PrintError(
                f"print_target is {chosen!r} but no printer address is set; set printer = "
                '"tcp://IP:9100" (or usb://…) in kiosk.toml or on the Printer page.',
                f"打印目标为 {chosen!r}，但未设置打印机地址；请在 kiosk.toml 或打印机页面设置 printer。",
            )
        return label_sink(chosen, address, settings.printer_model, settings.printer_label)
    if spooler is None:
        raise PrintError(
            "Printing through the system spooler needs the kiosk app; use the PDF folder "
            'target (print_target = "pdf") from here.',
            '通过系统打印队列打印需要自助机程序；此处请使用 PDF 文件夹打印（print_target = "pdf"）。',
        )
    name = printer if printer is not None else settings.printer
    return spooler(name or None)


def print_visitor_badges(
    env: ServiceEnv,
    visitor_ids: Sequence[int],
    sink: BadgeSink | None,
    *,
    retry_job_ids: Sequence[int] = (),
    hold_on_fault: bool = False,
) -> PrintOutcome:
    """Render and send one badge per visitor, recording a job each (or retrying failed ones).

    Never raises for a printer fault: the jobs are marked failed with the reason and the
    outcome says so; the check-in stands.

    Args:
        hold_on_fault: when the printer refuses before anything was sent (out of labels,
            cover open, offline), mark the jobs ``waiting`` instead of ``failed``: they
            print by themselves once the printer is ready (:func:`print_waiting_jobs`).
            The app asks for this; a one-off command does not (nobody would print them).
    """
    if sink is None or not visitor_ids:
        return PrintOutcome((), printed=False, skipped=True)
    preset, _ = render_plan(sink, env.settings)
    if retry_job_ids:
        job_ids = [job for job, _, _ in retry_jobs(env, retry_job_ids, printer=sink.name)]
    else:
        job_ids = queue_jobs(env, visitor_ids, printer=sink.name, preset=preset)
    return _send(env, job_ids, visitor_ids, sink, hold_on_fault=hold_on_fault)


def retry_print_jobs(
    env: ServiceEnv, job_ids: Sequence[int], sink: BadgeSink | None, *, hold_on_fault: bool = True
) -> PrintOutcome:
    """Print failed or waiting jobs again (the Printer page's retry button).

    Only the jobs that are still failed or waiting when this runs are printed: a job that
    another retry (the automatic one, another kiosk) has already taken is left alone, so no
    badge is printed twice. ``skipped`` when there was nothing left to print.
    """
    if sink is None or not job_ids:
        return PrintOutcome((), printed=False, skipped=True)
    claimed = claim_jobs(env, job_ids, printer=sink.name)
    if not claimed:
        return PrintOutcome((), printed=False, skipped=True)
    return _send(
        env,
        [job for job, _, _ in claimed],
        [visitor for _, visitor, _ in claimed],
        sink,
        hold_on_fault=hold_on_fault,
    )


def print_waiting_jobs(
    env: ServiceEnv, sink: BadgeSink | None, *, limit: int = WAITING_BATCH
) -> PrintOutcome:
    """Print this kiosk's jobs that wait for the printer (it reported ready again).

    Only jobs that nothing was sent for are waiting (see ``hold_on_fault``), and each is
    claimed before it is sent, so a badge is never printed twice. Jobs older than
    :data:`WAITING_EXPIRES` are left for staff: the visitor has long gone to the desk.
    ``skipped`` when none were waiting; still ``waiting`` if the printer refused again.
    """
    if sink is None:
        return PrintOutcome((), printed=False, skipped=True)
    since = env.now() - WAITING_EXPIRES
    with read_connection(env.engine) as db:
        job_ids = print_jobs.waiting(db, kiosk_id=env.kiosk_id, since=since, limit=limit)
    if not job_ids:
        return PrintOutcome((), printed=False, skipped=True)
    claimed = claim_jobs(env, job_ids, printer=sink.name, statuses=(print_jobs.WAITING,))
    if not claimed:
        return PrintOutcome((), printed=False, skipped=True)
    return _send(
        env,
        [job for job, _, _ in claimed],
        [visitor for _, visitor, _ in claimed],
        sink,
        hold_on_fault=True,
    )


def _send(
    env: ServiceEnv,
    job_ids: Sequence[int],
    visitor_ids: Sequence[int],
    sink: BadgeSink,
    *,
    hold_on_fault: bool,
) -> PrintOutcome:
    """Render the visitors' badges, send them, and finish (or hold) their queued jobs."""
    preset, mono = render_plan(sink, env.settings)
    try:
        badges = badge_data(env, visitor_ids)
        images = [render_badge(b, preset, mono=mono) for b in badges]
        sink.send(images, preset=get_preset(preset), job_name=f"badges-{job_ids[0]}")
    except PrinterFault as fault:
        log.warning("printer %s refused the badges: %s", sink.name, fault.status.detail)
        waiting = hold_on_fault and fault.nothing_sent
        if waiting:
            hold_jobs(env, job_ids, reason=fault.message)
        else:
            finish_jobs(env, job_ids, error=fault.message)
        return PrintOutcome(
            tuple(job_ids),
            printed=False,
            waiting=waiting,
            error_en=fault.message,
            error_zh=fault.message_zh,
        )
    except KioskError as exc:
        finish_jobs(env, job_ids, error=exc.message)
        return PrintOutcome(
            tuple(job_ids), printed=False, error_en=exc.message, error_zh=exc.message_zh
        )
    except Exception as exc:  # a printer driver's surprise must not escape a worker
        log.exception("printing failed")
        reason = f"printing failed ({type(exc).__name__})"
        finish_jobs(env, job_ids, error=reason)
        return PrintOutcome(tuple(job_ids), printed=False, error_en=reason, error_zh="打印失败")
    finish_jobs(env, job_ids, error=None)
    return PrintOutcome(tuple(job_ids), printed=True)


def render_plan(sink: BadgeSink, settings: Settings) -> tuple[str, bool]:
    """The preset and colour mode badges for ``sink`` are rendered in.

    A label printer takes only its own label at its own resolution (a QR on whole dots), in
    black and white; the spooler and the PDF folder take the configured badge size.
    """
    if isinstance(sink, LabelSink):
        return sink.preset.name, sink.mono
    return settings.badge_size, settings.badge_mono


def print_test_page(sink: BadgeSink, settings: Settings) -> str:
    """One test badge (Chinese, Latin, colour band, QR) on ``sink``; returns where it went.

    Raises:
        PrintError: the printer refused it.
    """
    preset, mono = render_plan(sink, settings)
    images = printer_test_images(preset, mono=mono)
    sink.send(images, preset=get_preset(preset), job_name="test-badge")
    if isinstance(sink, PdfFolderSink) and sink.last_written is not None:
        return str(sink.last_written)
    return sink.name


def visitor_ids_for_code(env: ServiceEnv, code: str) -> list[int]:
    """The visitors a reservation code (or one badge code) stands for."""
    scan = parse_scan(normalise_scan(code))
    if scan.kind != "code" or not scan.code:
        raise InputError(
            f"{code!r} is not a reservation or badge code.", f"{code!r} 不是有效的预约码或胸卡码。"
        )
    with read_connection(env.engine) as db:
        found = print_jobs.visitors_for_code(db, scan.code)
    if not found:
        raise InputError(
            f"No booking or badge has the code {scan.code}.",
            f"找不到代码为 {scan.code} 的预约或胸卡。",
        )
    return found


def badge_data(env: ServiceEnv, visitor_ids: Sequence[int]) -> list[BadgeData]:
    """Everything each visitor's badge shows, in the order given."""
    if env.route is not None:  # a kiosk of a hub: offline, its own copy has the visitors
        return env.route.run(env, lambda here: badge_data(here, visitor_ids))
    zone = env.settings.zone
    with read_connection(env.engine) as db:
        by_id = {p.visitor_id: p for p in placements(db, visitor_ids=visitor_ids)}
    result = []
    for visitor_id in visitor_ids:
        place = by_id.get(visitor_id)
        if place is None:
            continue
        language: Language = "en" if (place.language or "").lower().startswith("en") else "zh"
        title = env.settings.tour_title if language == "en" else env.settings.tour_title_zh
        result.append(
            BadgeData(
                tour_title=title,
                starts_at=place.starts_at.astimezone(zone),
                ends_at=place.ends_at.astimezone(zone),
                visitor_name=place.name or None,
                guest_index=place.seq,
                party_size=place.party_size,
                group_letter=place.group or "?",
                group_colour=place.colour or "#607D8B",
                guide_name=place.guide,
                meeting_point=place.meeting_point or "",
                language=language,
                accessibility=bool(place.accessibility),
                badge_code=place.badge_code,
            )
        )
    return result


def queue_jobs(
    env: ServiceEnv, visitor_ids: Sequence[int], *, printer: str, preset: str
) -> list[int]:
    """Record one queued job per visitor; returns the job ids (one transaction)."""
    if env.route is not None:
        return env.route.run(
            env, lambda here: queue_jobs(here, visitor_ids, printer=printer, preset=preset)
        )
    get_preset(preset)
    with write_connection(env.engine) as db:
        return print_jobs.queue(
            db, visitor_ids, at=env.now(), printer=printer, preset=preset, kiosk_id=env.kiosk_id
        )


def finish_jobs(env: ServiceEnv, job_ids: Sequence[int], *, error: str | None) -> None:
    """Mark jobs printed, or failed with the reason; each call counts one attempt."""
    if env.route is not None:
        env.route.run(env, lambda here: finish_jobs(here, job_ids, error=error))
        return
    with write_connection(env.engine) as db:
        print_jobs.finish(db, job_ids, at=env.now(), error=error)


def retry_jobs(
    env: ServiceEnv, job_ids: Sequence[int], *, printer: str | None = None
) -> list[tuple[int, int, str]]:
    """Put failed jobs back in the queue; returns (job id, visitor id, preset) to print."""
    if env.route is not None:
        return env.route.run(env, lambda here: retry_jobs(here, job_ids, printer=printer))
    with write_connection(env.engine) as db:
        return print_jobs.requeue(db, job_ids, at=env.now(), printer=printer)


def hold_jobs(env: ServiceEnv, job_ids: Sequence[int], *, reason: str) -> None:
    """Mark jobs waiting for the printer (it refused before anything was sent)."""
    with write_connection(env.engine) as db:
        print_jobs.hold(db, job_ids, at=env.now(), reason=reason)


def claim_jobs(
    env: ServiceEnv,
    job_ids: Sequence[int],
    *,
    printer: str | None = None,
    statuses: Sequence[str] = (print_jobs.FAILED, print_jobs.WAITING),
) -> list[tuple[int, int, str]]:
    """Queue again those of the jobs still in ``statuses``; (job, visitor, preset) of each."""
    with write_connection(env.engine) as db:
        return print_jobs.claim(db, job_ids, at=env.now(), printer=printer, statuses=statuses)
