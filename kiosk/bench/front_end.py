"""The Qt-free half of the front-end figures: printing to a PDF folder, and the bookings that
the window's figures (scan → paint, whole-loop throughput) scan.

Printing to a PDF folder needs no Qt since badges go through a
:class:`~kiosk.badges.pdf_sink.PdfFolderSink`, so it is measured in the bench's own
process. The window figures themselves run in :mod:`kiosk.ui.bench_ui` child processes.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from kiosk.bench.figures import Figure, percentile


def bench_print_pdf(folder: Path, jobs: int = 20, warmup: int = 2) -> Figure:
    """One job = a party's three badges written as one PDF, vs Pillow's own PDF writer."""
    from kiosk.badges import get_preset, render_badge
    from kiosk.badges.pdf_sink import PdfFolderSink
    from kiosk.bench.badges import sample_badges

    images = [render_badge(data) for data in sample_badges(3)]
    sink = PdfFolderSink(folder)
    preset = get_preset("62x100")
    folder.mkdir(parents=True, exist_ok=True)
    kiosk_ms: list[float] = []
    raw_ms: list[float] = []
    for index in range(jobs + warmup):
        began = time.perf_counter()
        sink.send(images, preset=preset, job_name=f"job-{index}")
        kiosk_elapsed = time.perf_counter() - began
        began = time.perf_counter()
        images[0].save(
            folder / f"raw-{index}.pdf",
            "PDF",
            save_all=True,
            append_images=images[1:],
            resolution=300,
        )
        raw_elapsed = time.perf_counter() - began
        if index >= warmup:
            kiosk_ms.append(kiosk_elapsed * 1000)
            raw_ms.append(raw_elapsed * 1000)
    return Figure(
        "print_pdf",
        "print a party's 3 badges to the PDF folder (print_to_pdf_folder), p50",
        percentile(kiosk_ms, 0.5),
        percentile(raw_ms, 0.5),
        "Pillow Image.save(PDF) of the same 3 images (p50)",
        "ms",
        max_value=300,
    )


def single_person_codes(db_path: Path, count: int) -> list[tuple[str, datetime]]:
    """Confirmed one-person bookings nobody has checked in, newest first, with their start.

    Scanned one after the other they go straight to the result page (no party question).
    """
    return party_codes(db_path, 1, count)


def party_codes(db_path: Path, party_size: int, count: int) -> list[tuple[str, datetime]]:
    """Confirmed bookings of ``party_size`` people nobody has checked in, newest first, with
    their session's start (aware, UTC)."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT r.code, s.starts_at FROM reservation r"
            " JOIN tour_session s ON s.id = r.session_id"
            " WHERE r.status = 'confirmed' AND r.party_size = ? AND NOT EXISTS ("
            "  SELECT 1 FROM visitor v"
            "  WHERE v.reservation_id = r.id AND v.checked_in_at IS NOT NULL)"
            " ORDER BY r.id DESC LIMIT ?",
            (party_size, count),
        ).fetchall()
    finally:
        conn.close()
    return [(code, datetime.fromisoformat(starts).replace(tzinfo=UTC)) for code, starts in rows]
