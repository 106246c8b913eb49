"""Group assignment: together, language, departure order, capacity, pre-assignment, overflow."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.groups import (
    Assignment,
    GroupState,
    Party,
    assign_groups,
    default_group_capacities,
    default_groups,
    group_letters,
    languages,
    normalise_language,
)

ZH = frozenset({"zh"})
ZH_EN = frozenset({"zh", "en"})


def groups(
    *rooms: int, capacity: int = 15, langs: list[frozenset[str]] | None = None
) -> list[GroupState]:
    """Groups A, B, … each with `capacity` places and the given free room."""
    letters = group_letters(len(rooms))
    langs = langs or [frozenset()] * len(rooms)
    return [
        GroupState(letter, capacity, capacity - room, lang)
        for letter, room, lang in zip(letters, rooms, langs, strict=True)
    ]


def test_default_groups_for_60_places() -> None:
    """60 places with groups of 15 give groups A, B, C, D."""
    assert default_groups(60) == ["A", "B", "C", "D"]
    assert default_groups(61) == ["A", "B", "C", "D", "E"]
    assert default_groups(0) == []


def test_default_capacities_are_even() -> None:
    """Uneven totals are split evenly (50 → 13, 13, 12, 12) and always add up."""
    assert default_group_capacities(50) == [("A", 13), ("B", 13), ("C", 12), ("D", 12)]
    assert default_group_capacities(60) == [("A", 15), ("B", 15), ("C", 15), ("D", 15)]
    assert sum(c for _, c in default_group_capacities(997)) == 997


def test_letters_go_past_z() -> None:
    """After Z come AA, AB (a big show may need many groups)."""
    assert group_letters(28)[-3:] == ["Z", "AA", "AB"]


def test_fills_in_departure_order() -> None:
    """With room everywhere and no language, a party joins group A."""
    assert assign_groups(groups(15, 15, 15), Party(4)).allocations == (("A", 4),)


def test_keeps_party_together_skipping_a_group_without_room() -> None:
    """A party of 4 skips A (3 free) and goes whole to B, rather than splitting."""
    result = assign_groups(groups(3, 15), Party(4))
    assert result.allocations == (("B", 4),) and not result.split


def test_english_party_goes_to_english_guide() -> None:
    """An English-speaking party joins the bilingual guide's group even if it departs later."""
    langs = [ZH, ZH_EN, ZH]
    result = assign_groups(groups(15, 15, 15, langs=langs), Party(2, "English"))
    assert result.allocations == (("B", 2),) and not result.language_mismatch


def test_chinese_party_keeps_english_guide_free() -> None:
    """A Chinese party avoids the bilingual group A while a Chinese-only group has room."""
    langs = [ZH_EN, ZH, ZH]
    assert assign_groups(groups(15, 15, 15, langs=langs), Party(5, "zh-CN")).allocations == (
        ("B", 5),
    )
    full = groups(15, 0, 0, langs=langs)
    assert assign_groups(full, Party(5, "zh")).allocations == (("A", 5),)


def test_language_never_causes_overflow() -> None:
    """If the English guide's group is full, the party goes elsewhere, flagged as a mismatch."""
    langs = [ZH, ZH_EN]
    result = assign_groups(groups(15, 2, langs=langs), Party(4, "en"))
    assert result.allocations == (("A", 4),)
    assert result.language_mismatch and not result.overflow


def test_unknown_guide_ranks_between_match_and_mismatch() -> None:
    """A guide 'to be assigned' is preferred over a guide known not to speak the language."""
    langs = [ZH, frozenset(), ZH_EN]
    assert assign_groups(groups(15, 15, 0, langs=langs), Party(2, "en")).allocations == (("B", 2),)
    assert not assign_groups(groups(15, 15, 0, langs=langs), Party(2, "en")).language_mismatch


def test_preassigned_group_is_honoured_when_it_has_room() -> None:
    """A pre-assigned group C is used even though A has room and the language differs."""
    langs = [ZH, ZH, ZH]
    result = assign_groups(groups(15, 15, 15, langs=langs), Party(3, "en", preassigned="c"))
    assert result.allocations == (("C", 3),)
    assert result.preassigned_honoured is True and result.language_mismatch


def test_full_preassigned_group_falls_back_and_flags() -> None:
    """A full pre-assigned group is not overfilled: the party goes elsewhere, flagged."""
    result = assign_groups(groups(15, 2), Party(3, preassigned="B"))
    assert result.allocations == (("A", 3),) and result.preassigned_honoured is False


def test_unknown_preassigned_letter_falls_back_and_flags() -> None:
    """A pre-assigned letter that does not exist falls back and is flagged."""
    result = assign_groups(groups(15), Party(3, preassigned="Z"))
    assert result.allocations == (("A", 3),) and result.preassigned_honoured is False


def test_no_preassignment_reports_none() -> None:
    """Without a pre-assigned group the flag is None."""
    assert assign_groups(groups(15), Party(3)).preassigned_honoured is None


def test_party_larger_than_any_group_splits_over_fewest_groups() -> None:
    """20 people, rooms 15/15/15: two groups, A full and 5 in B."""
    result = assign_groups(groups(15, 15, 15), Party(20))
    assert result.allocations == (("A", 15), ("B", 5)) and result.split and not result.overflow


def test_split_prefers_fewer_groups_over_departure_order() -> None:
    """Rooms 2/4/9 and a party of 10: two groups (A and C), not all three in order."""
    assert assign_groups(groups(2, 4, 9), Party(10)).allocations == (("A", 2), ("C", 8))


def test_split_with_three_groups_needed() -> None:
    """Rooms 4/4/4/4, party of 10: three groups, in departure order."""
    assert assign_groups(groups(4, 4, 4, 4), Party(10)).allocations == (
        ("A", 4),
        ("B", 4),
        ("C", 2),
    )


def test_all_full_goes_to_least_full_group_with_overflow() -> None:
    """With every group full, the party joins the least-full group and overflow is raised."""
    state = [GroupState("A", 15, 16), GroupState("B", 15, 15), GroupState("C", 20, 20)]
    result = assign_groups(state, Party(3))
    assert result.allocations == (("B", 3),) and result.overflow


def test_short_of_room_fills_room_first_then_overflows() -> None:
    """Room 2 in A and 1 in C for a party of 5: both places are used, the rest overflows."""
    result = assign_groups(groups(2, 0, 1), Party(5))
    assert result.overflow
    counts = dict(result.allocations)
    assert counts["C"] >= 1 and counts["A"] >= 2 and sum(counts.values()) == 5


def test_no_groups_means_overflow() -> None:
    """A session with no groups cannot place anyone, and says so."""
    result = assign_groups([], Party(2))
    assert result.allocations == () and result.overflow


def test_empty_party_gets_nothing() -> None:
    """A party of 0 gets no allocation and no alerts."""
    assert assign_groups(groups(15), Party(0)) == Assignment(())


def test_language_names_normalise() -> None:
    """Chinese and English names and region tags of languages compare equal."""
    assert normalise_language(" 中文 ") == "zh" == normalise_language("zh_CN")
    assert normalise_language("EN-gb") == "en" == normalise_language("英语")
    assert normalise_language("  ") is None
    assert languages(["中文", "English", ""]) == ZH_EN


group_lists = st.lists(
    st.builds(
        lambda cap, fill, lang: (cap, min(fill, cap + 3), lang),
        st.integers(0, 20),
        st.integers(0, 23),
        st.sampled_from([frozenset(), ZH, ZH_EN, frozenset({"en"})]),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300)
@given(
    group_lists,
    st.integers(0, 70),
    st.sampled_from([None, "zh", "en", "ja"]),
    st.sampled_from([None, "A", "C", "Q"]),
)
def test_assignment_invariants(
    spec: list[tuple[int, int, frozenset[str]]],
    size: int,
    language: str | None,
    preassigned: str | None,
) -> None:
    """Everyone is placed exactly once; no group goes over capacity while room suffices."""
    letters = group_letters(len(spec))
    state = [
        GroupState(letter, cap, count, lang)
        for letter, (cap, count, lang) in zip(letters, spec, strict=True)
    ]
    result = assign_groups(state, Party(size, language, preassigned))
    placed = Counter(dict(result.allocations))
    assert sum(placed.values()) == size
    assert all(count >= 1 for count in placed.values())
    assert len(placed) == len(result.allocations)  # no letter twice
    total_room = sum(g.room for g in state)
    if total_room >= size:
        assert not result.overflow
        for group in state:
            assert placed[group.letter] <= group.room
        if any(g.room >= size for g in state):
            assert len(result.allocations) <= 1
        target = next((g for g in state if g.letter == preassigned), None)
        if size and target is not None and target.room >= size:
            assert result.allocations == ((target.letter, size),)
        elif size and language and any(language in g.languages and g.room >= size for g in state):
            assert not result.language_mismatch
    else:
        assert result.overflow or size == 0
        # all free places are used before anyone overflows
        for group in state:
            assert placed[group.letter] >= group.room


@pytest.mark.parametrize("size", [-1])
def test_negative_party_is_a_programming_error(size: int) -> None:
    """A negative party size raises ValueError."""
    with pytest.raises(ValueError):
        assign_groups(groups(15), Party(size))
