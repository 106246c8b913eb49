"""The rows a live screen updates after a change: one session's counts, roster lines, log lines."""

from __future__ import annotations

from kiosk.services.checkin import check_in, check_out
from kiosk.services.env import ServiceEnv
from kiosk.services.headcount import headcount
from kiosk.services.live import LogFilter, new_log_entries, roster_update
from kiosk.services.reports import roster


def test_counting_one_session_matches_the_full_count(env: ServiceEnv) -> None:
    """Recounting the morning tour alone gives the same numbers as the whole day's count."""
    check_in(env, "FAMILY33")
    zone = env.settings.zone
    day = headcount(env.engine, now=env.now(), zone=zone)
    one = headcount(env.engine, now=env.now(), zone=zone, session_ids=["AM"])
    assert [s.id for s in one.sessions] == ["AM"]
    assert one.sessions[0] == next(s for s in day.sessions if s.id == "AM")
    assert one.change_token == day.change_token and one.kiosks == day.kiosks


def test_counting_no_session_still_gives_the_kiosks(env: ServiceEnv) -> None:
    """An empty list of sessions counts none but says which kiosks scanned lately."""
    check_in(env, "NOSUCHCODE")
    result = headcount(env.engine, now=env.now(), zone=env.settings.zone, session_ids=[])
    assert result.sessions == () and result.kiosks == {"SUP-1": 1}


def test_roster_update_adds_the_admitted_and_drops_who_left(env: ServiceEnv) -> None:
    """After a check-in its people come as roster lines; after a check-out their id is gone."""
    admitted = check_in(env, "FAMILY33")
    ids = [v.id for v in admitted.visitors]
    update = roster_update(env, ids)
    assert [e.visitor_id for e in update.entries] == ids and not update.gone
    assert list(update.entries) == [e for e in roster(env) if e.visitor_id in ids]
    check_out(env, admitted.visitors[0].badge_code)
    after = roster_update(env, ids)
    assert after.gone == {ids[0]} and [e.visitor_id for e in after.entries] == ids[1:]


def test_new_log_entries_pass_the_viewer_filter(env: ServiceEnv) -> None:
    """The new events come newest first, and only those the viewer's filters let through."""
    ok = check_in(env, "SOLO1111")
    refused = check_in(env, "NOSUCHCODE")
    assert ok.event_id is not None and refused.event_id is not None
    ids = [ok.event_id, refused.event_id]
    assert [e.id for e in new_log_entries(env, ids)] == [refused.event_id, ok.event_id]
    only_ok = new_log_entries(env, ids, LogFilter(outcome="ok"))
    assert [e.id for e in only_ok] == [ok.event_id]
    assert new_log_entries(env, ids, LogFilter(kiosk_id="GATE-7")) == []
