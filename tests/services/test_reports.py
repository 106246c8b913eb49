"""The supervisor console's read models: roster, scan log, manifest, arrivals, print jobs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select

from kiosk.core.clock import Clock
from kiosk.core.errors import InputError
from kiosk.services import reports
from kiosk.services.checkin import check_in, check_out, undo_check_in
from kiosk.services.env import ServiceEnv
from kiosk.store.models import TourGroup, Visitor
from tests.factories import SHANGHAI
from tests.services.conftest import NOW


def test_roster_lists_only_people_on_site_today(env: ServiceEnv) -> None:
    """Checked-out, undone and never-arrived people are not on the evacuation roster."""
    check_in(env, "FAMILY33")
    check_in(env, "PAIR2222")
    check_in(env, "SOLO1111")
    check_out(env, "PAIR2222-1")
    undo_check_in(env, "SOLO1111", reason="mistake")
    entries = reports.roster(env)
    assert [(e.code, e.seq) for e in entries] == [
        ("FAMILY33", 1),
        ("FAMILY33", 2),
        ("FAMILY33", 3),
        ("PAIR2222", 2),
    ]
    assert entries[2].display_name == "李华 (3/3)"
    assert [(e.group, e.guide) for e in entries] == [("A", "Guide AM-A")] * 3 + [
        ("B", "Guide AM-B")
    ]
    assert entries[0].phone_masked == "138****5678"


def test_scan_log_filters_by_kiosk_outcome_and_time(env: ServiceEnv) -> None:
    """The audit log answers "what did kiosk X refuse since 09:05", newest first."""
    check_in(env, "FAMILY33")
    other = ServiceEnv(env.engine, env.settings, Clock.fixed(NOW + timedelta(minutes=5)), "GATE-2")
    check_in(other, "NOPE0000")
    check_in(other, "SOLO1111")
    assert [e.outcome for e in reports.scan_log(env)] == ["ok", "unknown", "ok"]
    refused = reports.scan_log(env, kiosk_id="GATE-2", outcome="unknown")
    assert len(refused) == 1 and refused[0].input_hint and refused[0].reservation_code is None
    later = reports.scan_log(env, since=NOW + timedelta(minutes=1))
    assert {e.kiosk_id for e in later} == {"GATE-2"}
    kiosks, outcomes, actions = reports.scan_log_facets(env)
    assert kiosks == ["GATE-2", "SUP-1"] and "unknown" in outcomes and actions == ["checkin"]


def test_guide_manifest_lists_group_members_and_expected_preassigned(env: ServiceEnv) -> None:
    """Group B's sheet shows the pre-assigned party before it arrives, then as arrived."""
    with Session(env.engine) as db:
        group_b = db.exec(select(TourGroup).where(TourGroup.letter == "B")).first()
        assert group_b is not None and group_b.id is not None
    manifest = reports.guide_manifest(env, group_b.id)
    assert (manifest.group, manifest.guide, manifest.meeting_point) == ("B", "Guide AM-B", "Gate 2")
    assert [(m.code, m.checked_in_at) for m in manifest.members] == [("PRE44444", None)]
    check_in(env, "PRE44444")
    manifest = reports.guide_manifest(env, group_b.id)
    assert manifest.on_site == 1
    with pytest.raises(InputError):
        reports.guide_manifest(env, 9999)


def test_arrivals_are_cumulative_per_five_minutes(env: ServiceEnv) -> None:
    """The chart's curve starts at the window opening and ends now, never going down."""
    env.clock.set(datetime(2025, 2, 2, 8, 50, tzinfo=SHANGHAI))
    check_in(env, "FAMILY33")
    env.clock.set(datetime(2025, 2, 2, 9, 2, tzinfo=SHANGHAI))
    check_in(env, "SOLO1111")
    env.clock.set(NOW)
    points = reports.arrivals(env, "AM")
    assert points[0] == (datetime(2025, 2, 2, 8, 45, tzinfo=SHANGHAI), 0)
    assert points[-1] == (NOW, 4)
    counts = [n for _, n in points]
    assert counts == sorted(counts)
    assert dict(points)[datetime(2025, 2, 2, 8, 50, tzinfo=SHANGHAI)] == 3
    assert reports.arrivals(env, "NO-SUCH") == []


def test_print_jobs_are_listed_newest_first(env: ServiceEnv) -> None:
    """The printer page lists jobs with the badge they print and why one failed."""
    from kiosk.store.models import PrintJob

    check_in(env, "SOLO1111")
    with Session(env.engine) as db:
        visitor = db.exec(select(Visitor).where(Visitor.badge_code == "SOLO1111-1")).one()
        for status, reason in (("printed", ""), ("failed", "out of labels")):
            db.add(
                PrintJob(
                    visitor_id=visitor.id or 0,
                    created_at=NOW,
                    updated_at=NOW,
                    status=status,
                    reason=reason,
                )
            )
        db.commit()
    jobs = reports.print_jobs(env)
    assert [(j.status, j.reason, j.badge_code) for j in jobs] == [
        ("failed", "out of labels", "SOLO1111-1"),
        ("printed", "", "SOLO1111-1"),
    ]
