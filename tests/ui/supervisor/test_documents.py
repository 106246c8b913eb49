"""The printable sheets: the evacuation roster by tour and group, and a guide's manifest."""

from __future__ import annotations

from kiosk.services import reports
from kiosk.ui.supervisor.documents import manifest_html, roster_html
from tests.ui.supervisor.conftest import NOW, Day


def test_roster_sheet_has_a_table_per_group_and_a_tick_per_person(day: Day) -> None:
    """The 4 people on site are listed under their group with a tick box each."""
    entries = reports.roster(day.env)
    sheet = roster_html(entries, at=NOW, site="Plant")
    assert "<b>4</b>" in sheet
    assert sheet.count("<td class='tick'>☐</td>") == 4
    assert sheet.count("<h2>") == len({(e.session_id, e.group) for e in entries})
    assert "李华" in sheet and "138****5678" in sheet and "13812345678" not in sheet


def test_an_empty_roster_says_nobody_is_on_site(day: Day) -> None:
    """No one on site gives a sentence, not an empty table."""
    assert "Nobody is on site." in roster_html([], at=NOW, site="Plant")


def test_manifest_lists_the_group_with_needs_and_who_is_expected(day: Day) -> None:
    """Group A's sheet names its guide and meeting point and every member with a tick box."""
    counts = reports.guide_manifest(day.env, _group_a(day))
    sheet = manifest_html(counts, site="Plant")
    assert f"{len(counts.members)}/{counts.capacity}" in sheet
    assert sheet.count("<td class='tick'>☐</td>") == len(counts.members)
    assert counts.meeting_point in sheet


def _group_a(day: Day) -> int:
    from kiosk.services.lookup import session_groups

    return next(g.id for g in session_groups(day.env, "AM") if g.letter == "A")
