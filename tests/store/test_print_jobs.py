"""Badge print jobs: queued per visitor, finished printed or failed, requeued, listed newest first."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from kiosk.store import print_jobs
from kiosk.store.models import PrintJob
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import stored_row, visitor_ids

AT = datetime(2025, 2, 2, 9, 5, tzinfo=SHANGHAI)
LATER = AT + timedelta(minutes=2)


@pytest.fixture
def engine(database: Engine) -> Engine:
    """One tour with a family of three and a single visitor."""
    add_session(
        database,
        "AM",
        parties=(Party("FAMI0003", 3, names=["Ann", "Ben", "Cy"]), Party("SOLO0001", 1)),
    )
    return database


def queue(engine: Engine, ids: list[int], *, printer: str = "QL-1") -> list[int]:
    with engine.begin() as conn:
        return print_jobs.queue(
            conn, ids, at=AT, printer=printer, preset="62x100", kiosk_id="GATE-1"
        )


def test_visitors_for_a_reservation_code_are_the_whole_party(engine: Engine) -> None:
    """A booking code names every person of the party, in seq order."""
    with engine.connect() as conn:
        found = print_jobs.visitors_for_code(conn, "FAMI0003")
    assert found == visitor_ids(engine, "FAMI0003")


def test_visitors_for_a_badge_code_is_that_one_person(engine: Engine) -> None:
    """A badge code names one visitor; an unknown code names nobody."""
    with engine.connect() as conn:
        one = print_jobs.visitors_for_code(conn, "FAMI0003-2")
        nobody = print_jobs.visitors_for_code(conn, "NOPE")
    assert one == [visitor_ids(engine, "FAMI0003")[1]]
    assert nobody == []


def test_queue_writes_one_queued_job_per_visitor_in_order(engine: Engine) -> None:
    """Each visitor gets a queued job; the ids come back in the visitors' order."""
    ids = visitor_ids(engine, "FAMI0003")[::-1]
    jobs = queue(engine, ids)
    rows = [stored_row(engine, PrintJob, job) for job in jobs]
    assert [r["visitor_id"] for r in rows] == ids
    for row in rows:
        assert (row["status"], row["attempts"], row["reason"]) == (print_jobs.QUEUED, 0, "")
        assert (row["printer"], row["preset"], row["kiosk_id"]) == ("QL-1", "62x100", "GATE-1")
        assert row["created_at"] == row["updated_at"] == AT


def test_finish_without_error_marks_printed(engine: Engine) -> None:
    """A job sent without error is printed, with one attempt and the finishing time."""
    (job,) = queue(engine, visitor_ids(engine, "SOLO0001"))
    with engine.begin() as conn:
        print_jobs.finish(conn, [job], at=LATER, error=None)
    row = stored_row(engine, PrintJob, job)
    assert (row["status"], row["attempts"], row["reason"]) == (print_jobs.PRINTED, 1, "")
    assert (row["created_at"], row["updated_at"]) == (AT, LATER)


def test_finish_with_an_error_marks_failed_and_counts_attempts(engine: Engine) -> None:
    """A failure keeps the reason; each finish counts one more attempt; others are untouched."""
    first, second, third = queue(engine, visitor_ids(engine, "FAMI0003"))
    with engine.begin() as conn:
        print_jobs.finish(conn, [first, second], at=LATER, error="Cover open")
    with engine.begin() as conn:
        print_jobs.finish(conn, [first], at=LATER, error="Out of labels")
    rows = [stored_row(engine, PrintJob, job) for job in (first, second, third)]
    assert [(r["status"], r["attempts"], r["reason"]) for r in rows] == [
        (print_jobs.FAILED, 2, "Out of labels"),
        (print_jobs.FAILED, 1, "Cover open"),
        (print_jobs.QUEUED, 0, ""),
    ]


def test_requeue_puts_jobs_back_on_the_same_printer(engine: Engine) -> None:
    """Requeued jobs are queued again, keep their printer, and come back as (job, visitor, preset)."""
    ids = visitor_ids(engine, "FAMI0003")
    jobs = queue(engine, ids)
    with engine.begin() as conn:
        print_jobs.finish(conn, jobs, at=AT, error="Cover open")
        again = print_jobs.requeue(conn, jobs[::-1], at=LATER, printer=None)
    assert again == [(job, visitor, "62x100") for job, visitor in zip(jobs, ids, strict=True)]
    for job in jobs:
        row = stored_row(engine, PrintJob, job)
        assert (row["status"], row["printer"], row["updated_at"]) == ("queued", "QL-1", LATER)
        assert (row["attempts"], row["reason"]) == (1, "Cover open")


def test_requeue_on_another_printer(engine: Engine) -> None:
    """Given a printer, requeued jobs move to it; jobs not named stay where they were."""
    jobs = queue(engine, visitor_ids(engine, "FAMI0003"))
    with engine.begin() as conn:
        print_jobs.requeue(conn, jobs[:1], at=LATER, printer="ZD-2")
    printers = [stored_row(engine, PrintJob, job)["printer"] for job in jobs]
    assert printers == ["ZD-2", "QL-1", "QL-1"]


def test_newest_jobs_first_with_whose_badge(engine: Engine) -> None:
    """Jobs list newest first with the visitor's badge code and name, up to the limit."""
    family = visitor_ids(engine, "FAMI0003")
    older = queue(engine, family[:2])
    newer = queue(engine, family[2:], printer="ZD-2")
    with engine.begin() as conn:
        print_jobs.finish(conn, newer, at=LATER, error="Paper jam")
    with engine.connect() as conn:
        listed = print_jobs.newest_jobs(conn, limit=2)
        everything = print_jobs.newest_jobs(conn, limit=10)
    assert [job.id for job in everything] == [*newer, *older[::-1]]
    assert [job.id for job in listed] == [newer[0], older[1]]
    top = listed[0]
    assert (top.visitor_id, top.badge_code, top.name) == (family[2], "FAMI0003-3", "Cy")
    assert (top.status, top.reason, top.printer, top.attempts) == ("failed", "Paper jam", "ZD-2", 1)
    assert (top.created_at, top.updated_at, top.kiosk_id, top.preset) == (
        AT,
        LATER,
        "GATE-1",
        "62x100",
    )
