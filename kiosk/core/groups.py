"""Which tour group(s) a party joins at check-in: a pure function of the groups' state.

What a tour operator wants, in order of importance:

1. Never put anyone over a group's capacity while any group still has room.
2. Honour a pre-assigned group if the whole party fits in it (even with a language mismatch:
   someone chose it on purpose). Otherwise fall back to the rules below and flag it.
3. Keep the party together in one group; split only when no single group has room for all of
   them, and then over as few groups as possible.
4. Send the party to a guide who speaks its language. Among groups whose guide speaks it,
   prefer a guide who speaks *only* that language, so that bilingual guides (typically the
   one English-speaking guide) stay free for the visitors who need them. A guide whose
   languages are unknown (``"to be assigned"``) ranks after a matching guide and before a
   non-matching one.
5. Fill groups in departure order (A before B) among equally good choices.
6. When every group is full, the party (or what does not fit) goes to the least-full group and
   ``overflow`` is set so the supervisor is alerted.

A party without a language has no preference: departure order only. Callers that know the
site's usual language should pass it instead of None.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.core.languages import LANGUAGE_WORDS

DEFAULT_GROUP_SIZE = 15


def normalise_language(text: str | None) -> str | None:
    """Canonical language code for comparisons: ``"zh-CN"``, ``"中文"`` → ``"zh"``; blank → None."""
    if text is None:
        return None
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if cleaned in LANGUAGE_WORDS:
        return LANGUAGE_WORDS[cleaned]
    return cleaned.replace("_", "-").split("-", 1)[0]


@dataclass(frozen=True, slots=True)
class GroupState:
    """One tour group as it stands now.

    Attributes:
        letter: the group's name on badges (``"A"``).
        capacity: places in the group.
        count: people already in it.
        languages: languages the guide speaks (any spelling :func:`normalise_language` knows);
            empty when the guide is not known yet.
    """

    letter: str
    capacity: int
    count: int = 0
    languages: frozenset[str] = field(default_factory=frozenset)

    @property
    def room(self) -> int:
        """Free places (never negative)."""
        return max(self.capacity - self.count, 0)


@dataclass(frozen=True, slots=True)
class Party:
    """The people to place.

    Attributes:
        size: people to place now (e.g. only those checking in with this scan).
        language: the party's language, or None for no preference.
        preassigned: letter of a group chosen in advance, or None.
    """

    size: int
    language: str | None = None
    preassigned: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where the party goes.

    Attributes:
        allocations: ``(letter, count)`` pairs, in departure order, each count ≥ 1; the counts
            add up to the party size.
        overflow: someone was placed beyond a group's capacity (alert the supervisor).
        language_mismatch: the party's language is known and some allocated group's guide is
            known not to speak it.
        preassigned_honoured: True if the whole party went to its pre-assigned group, False if
            it had one but could not go there (full or unknown letter), None if it had none.
    """

    allocations: tuple[tuple[str, int], ...]
    overflow: bool = False
    language_mismatch: bool = False
    preassigned_honoured: bool | None = None

    @property
    def split(self) -> bool:
        """True when the party is spread over more than one group."""
        return len(self.allocations) > 1


def group_letters(count: int) -> list[str]:
    """Names for ``count`` groups: A … Z, then AA, AB … (like spreadsheet columns)."""
    letters = []
    for index in range(count):
        name = ""
        number = index + 1
        while number:
            number, digit = divmod(number - 1, 26)
            name = chr(ord("A") + digit) + name
        letters.append(name)
    return letters


def departure_order(letter: str) -> tuple[int, str]:
    """Sort key of groups in the order they leave: A … Z, then AA, AB … (not text order).

    The store sorts the same way in SQL (length, then letter).
    """
    return len(letter), letter


def ready_to_depart(count: int, capacity: int, starts_at: datetime, now: datetime) -> bool:
    """Whether a guide may lead a group of ``count`` people away now.

    A group is ready when it is full (nobody else can be placed in it), or when the tour's
    start time has come and the group has people: check-in places arrivals into groups as
    they come, so at the start everyone already admitted to the group is at its meeting point,
    and latecomers within the grace period go to a group that is still waiting. An empty group
    is never ready.
    """
    if count <= 0:
        return False
    return count >= capacity or now >= starts_at


def default_groups(capacity: int, group_size: int = DEFAULT_GROUP_SIZE) -> list[str]:
    """Letters of the groups a session without a roster gets (60 places → A, B, C, D)."""
    if group_size < 1:
        raise ValueError("group_size must be at least 1")
    return group_letters(math.ceil(max(capacity, 0) / group_size))


def default_group_capacities(
    capacity: int, group_size: int = DEFAULT_GROUP_SIZE
) -> list[tuple[str, int]]:
    """Default groups with their capacities, split as evenly as possible (50 → 13, 13, 12, 12).

    Even groups suit guides better than three full groups and a small one.
    """
    letters = default_groups(capacity, group_size)
    if not letters:
        return []
    base, extra = divmod(capacity, len(letters))
    return [(letter, base + (1 if index < extra else 0)) for index, letter in enumerate(letters)]


def assign_groups(groups: Sequence[GroupState], party: Party) -> Assignment:
    """Place a party into the session's groups (see the module docstring for the rules).

    Args:
        groups: the session's groups in departure order.
        party: who to place.

    Returns:
        The :class:`Assignment`. With no groups at all, or a party of 0, the allocation is empty
        (overflow is set if people could not be placed).

    Raises:
        ValueError: a negative party size (a programming error).
    """
    if party.size < 0:
        raise ValueError("party size must not be negative")
    preassigned_honoured: bool | None = None if party.preassigned is None else False
    if party.size == 0 or not groups:
        return Assignment((), overflow=party.size > 0, preassigned_honoured=preassigned_honoured)

    language = normalise_language(party.language)
    spoken = [frozenset(filter(None, map(normalise_language, g.languages))) for g in groups]

    if party.preassigned is not None:
        wanted = party.preassigned.strip().upper()
        for index, group in enumerate(groups):
            if group.letter.strip().upper() == wanted and group.room >= party.size:
                return _result(groups, spoken, language, {index: party.size}, True)

    ranked = sorted(range(len(groups)), key=lambda i: _rank(spoken[i], language, i))
    for index in ranked:
        if groups[index].room >= party.size:
            return _result(groups, spoken, language, {index: party.size}, preassigned_honoured)

    total_room = sum(group.room for group in groups)
    if total_room >= party.size:
        chosen = _fewest_groups(ranked, [g.room for g in groups], party.size)
        allocation: dict[int, int] = {}
        left = party.size
        for index in chosen:
            take = min(groups[index].room, left)
            if take:
                allocation[index] = take
                left -= take
        return _result(groups, spoken, language, allocation, preassigned_honoured)

    # Not enough room anywhere: use every free place, then put the rest into the least-full
    # group, preferring one that already holds part of this party, then the best-ranked.
    allocation = {index: groups[index].room for index in ranked if groups[index].room}
    rest = party.size - total_room
    position = {index: place for place, index in enumerate(ranked)}

    def fullness(index: int) -> tuple[float, int, int]:
        group = groups[index]
        load = group.count + allocation.get(index, 0)
        ratio = load / group.capacity if group.capacity > 0 else math.inf
        return (ratio, 0 if index in allocation else 1, position[index])

    target = min(range(len(groups)), key=fullness)
    allocation[target] = allocation.get(target, 0) + rest
    return _result(groups, spoken, language, allocation, preassigned_honoured, overflow=True)


def _rank(spoken: frozenset[str], language: str | None, index: int) -> tuple[int, int, int]:
    """Sort key: guide speaks the language, then a single-language guide, then departure."""
    if language is None:
        return (0, 0, index)
    if language in spoken:
        return (0, 0 if spoken == {language} else 1, index)
    if not spoken:
        return (1, 0, index)
    return (2, 0, index)


def _fewest_groups(ranked: Sequence[int], rooms: Sequence[int], size: int) -> list[int]:
    """The best-ranked set of as few groups as possible whose rooms add up to ``size``.

    "Best-ranked" is lexicographic over ``ranked``: at each step take the earliest group after
    which the party can still be completed with the remaining number of groups.
    """
    usable = [index for index in ranked if rooms[index] > 0]
    by_room = sorted((rooms[index] for index in usable), reverse=True)
    needed = next(k for k in range(1, len(by_room) + 1) if sum(by_room[:k]) >= size)
    chosen: list[int] = []
    start, left = 0, size
    for slots in range(needed, 0, -1):
        for position in range(start, len(usable)):
            index = usable[position]
            later = sorted((rooms[i] for i in usable[position + 1 :]), reverse=True)
            if rooms[index] + sum(later[: slots - 1]) >= left:
                chosen.append(index)
                left -= rooms[index]
                start = position + 1
                break
        if left <= 0:
            break
    return chosen


def _result(
    groups: Sequence[GroupState],
    spoken: Sequence[frozenset[str]],
    language: str | None,
    allocation: dict[int, int],
    preassigned_honoured: bool | None,
    *,
    overflow: bool = False,
) -> Assignment:
    mismatch = language is not None and any(
        spoken[index] and language not in spoken[index] for index in allocation
    )
    return Assignment(
        allocations=tuple(
            (groups[index].letter, allocation[index]) for index in sorted(allocation)
        ),
        overflow=overflow,
        language_mismatch=mismatch,
        preassigned_honoured=preassigned_honoured,
    )


def languages(values: Iterable[str]) -> frozenset[str]:
    """Canonical language set for a guide, e.g. ``languages(["中文", "English"])``."""
    return frozenset(filter(None, map(normalise_language, values)))
