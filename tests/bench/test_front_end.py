"""The Qt-free front-end figures: printing to a PDF folder, and the bookings the window scans."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kiosk.bench.front_end import bench_print_pdf, single_person_codes
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from tests.factories import SHANGHAI, Party, add_session, fresh_url

LIVE_NOW = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)  # inside the 09:30 tour's window


def test_print_pdf_figure_writes_the_jobs_and_has_a_baseline(tmp_path: Path) -> None:
    """Each job is one 3-page PDF in the folder; the figure carries both times."""
    figure = bench_print_pdf(tmp_path / "pdf", jobs=3, warmup=1)
    assert figure.key == "print_pdf"
    assert figure.value is not None and figure.value > 0
    assert figure.baseline is not None and figure.baseline > 0
    assert len(list((tmp_path / "pdf").glob("job-*.pdf"))) == 4


def test_single_person_codes_skip_parties_and_checked_in_visitors(
    tmp_path: Path, empty_db: Path
) -> None:
    """Only confirmed one-person bookings nobody checked in are offered, newest first."""
    url = fresh_url(empty_db, tmp_path)
    engine = make_engine(url)
    parties = (
        Party("ONE11111", 1),
        Party("TWO22222", 2),
        Party("ONE33333", 1),
        Party("GONE4444", 1, status="cancelled"),
        Party("ONE55555", 1),
    )
    add_session(engine, parties=parties)
    env = ServiceEnv(engine, Settings(), Clock.fixed(LIVE_NOW), "BENCH")
    check_in(env, "ONE33333")
    engine.dispose()
    codes = single_person_codes(Path(url.removeprefix("sqlite:///")), 10)
    assert [code for code, _ in codes] == ["ONE55555", "ONE11111"]
    assert all(starts.utcoffset() is not None for _, starts in codes)
