"""Repairing what a US-layout scanner types through AZERTY and QWERTZ keyboard layouts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.keyboard_layouts import (
    KIOSK_LAYOUTS,
    LAYOUTS,
    Layout,
    guess_and_repair,
    layout_candidates,
    looks_like_scan,
    mistype,
    repair,
    repair_known_layout,
    unique_repair,
)

PRINTABLE_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
TICKET_URL = "https://tickets.example.com/r/K7M4Q2XP"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_printable_ascii_character_round_trips(layout: Layout) -> None:
    """Each of the 95 characters a US scanner can type comes back after mistyping and repair."""
    for ch in PRINTABLE_ASCII:
        assert repair(mistype(ch, layout), layout) == ch, (layout, ch, mistype(ch, layout))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_key_types_a_different_character(layout: Layout) -> None:
    """The key tables are one-to-one, so no repair has to guess between two keys."""
    typed = [mistype(ch, layout) for ch in PRINTABLE_ASCII]
    assert len(set(typed)) == len(PRINTABLE_ASCII)
    assert all(len(t) == 1 for t in typed)


@pytest.mark.parametrize(
    ("us", "qwertz"),
    [("Y", "Z"), ("Z", "Y"), ("y", "z"), ("-", "ß"), ("/", "-"), (":", "Ö"), ("?", "_")],
)
def test_qwertz_mistypes_follow_the_german_keys(us: str, qwertz: str) -> None:
    """On QWERTZ the US Y/Z keys swap and US punctuation keys type German characters."""
    assert mistype(us, "qwertz") == qwertz
    assert repair(qwertz, "qwertz") == us


@pytest.mark.parametrize(
    ("us", "azerty"),
    [
        ("1234567890", "&é\"'(-è_çà"),
        ("!@#$%^&*()", "1234567890"),
        ("a", "q"),
        ("q", "a"),
        ("z", "w"),
        ("w", "z"),
        ("m", ","),
        (":", "M"),
        ("/", "!"),
        (".", ":"),
    ],
)
def test_azerty_mistypes_follow_the_french_keys(us: str, azerty: str) -> None:
    """On AZERTY digits need Shift, A/Q and Z/W swap, and M sits where US has the semicolon."""
    assert mistype(us, "azerty") == azerty
    assert repair(azerty, "azerty") == us


@pytest.mark.parametrize("layout", LAYOUTS)
def test_ticket_url_typed_through_a_layout_comes_back_intact(layout: Layout) -> None:
    """A ticket URL scanned through AZERTY or QWERTZ is recognised and restored exactly."""
    garbled = mistype(TICKET_URL, layout)
    assert garbled != TICKET_URL
    assert guess_and_repair(garbled) == TICKET_URL


def test_azerty_url_garbling_matches_what_a_french_kiosk_shows() -> None:
    """The simulated AZERTY output is the real one, so the repair is tested on real input."""
    assert mistype(TICKET_URL, "azerty") == "httpsM!!tickets:exq,ple:co,!r!Kè?'AéXP"


def test_dead_key_accents_are_undone() -> None:
    """``=A`` through QWERTZ composes to ``Á``; the repair splits it back into ``=A``."""
    scan = "https://tickets.example.com/?code=ABC-12"
    composed = mistype(scan, "qwertz", compose_dead_keys=True)
    assert "Á" in composed
    assert guess_and_repair(composed) == scan


def test_valid_text_is_never_changed() -> None:
    """A scan that already looks right is kept even if a repair would also look right."""
    assert guess_and_repair("K7M4Q2XP") == "K7M4Q2XP"
    assert guess_and_repair("ZY12") == "ZY12"
    assert guess_and_repair(TICKET_URL) == TICKET_URL


def test_database_lookup_catches_swaps_that_keep_the_shape() -> None:
    """With a lookup as the validator, QWERTZ's Y/Z swap is repaired even though both look valid."""
    known = {"ZY12"}
    assert guess_and_repair("YZ12", valid=known.__contains__) == "ZY12"


def test_hopeless_text_is_returned_as_typed() -> None:
    """Text no layout explains (a typed Chinese name) comes back unchanged, for an error message."""
    assert guess_and_repair("张三") == "张三"
    assert not looks_like_scan("张三")


@given(st.text(alphabet=PRINTABLE_ASCII), st.sampled_from(LAYOUTS), st.booleans())
def test_repair_inverts_mistype_for_any_ascii_text(
    text: str, layout: Layout, compose: bool
) -> None:
    """Any printable-ASCII scan survives any layout, with or without dead-key composition."""
    assert repair(mistype(text, layout, compose_dead_keys=compose), layout) == text


@given(st.text())
def test_repair_functions_accept_any_text(text: str) -> None:
    """Arbitrary Unicode (including lone surrogates) never makes the repair raise."""
    for layout in LAYOUTS:
        assert isinstance(repair(text, layout), str)
    assert isinstance(guess_and_repair(text), str)


# --- repair by evidence ----------------------------------------------------------------------

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def candidate_texts(text: str) -> list[str]:
    return [candidate.text for candidate in layout_candidates(text)]


@pytest.mark.parametrize(
    ("received", "meant", "layout"),
    [
        ("HXUZSRQXLE", "HXUYSRQXLE", "qwertz"),  # the case: Y typed as Z
        ("YOOM2345", "ZOOM2345", "qwertz"),
        ("QZ?'&é\"'", "AWM41234", "azerty"),  # A/Q, W/Z, M and the digit row
        ("K7?4A2XP", "K7M4Q2XP", "azerty"),  # Caps Lock on: digits arrive intact
        ("KÈ?'AÉXP", "K7M4Q2XP", "azerty"),  # upper-cased after the fact
    ],
)
def test_the_code_meant_is_among_the_candidates(received: str, meant: str, layout: str) -> None:
    """Each mix-up a US scanner on a QWERTZ or AZERTY kiosk causes yields the code it meant."""
    found = [c for c in layout_candidates(received) if c.text == meant]
    assert found, candidate_texts(received)
    assert found[0].layout == layout


def test_a_scanner_set_to_azerty_on_a_us_kiosk_is_repaired_too() -> None:
    """The reverse mix-up (scanner set to AZERTY, kiosk US) is a candidate as well."""
    received = repair("AWM41234", "azerty")  # what a US kiosk shows for an AZERTY scanner
    (candidate,) = [c for c in layout_candidates(received) if c.text == "AWM41234"]
    assert (candidate.layout, candidate.kind) == ("azerty", "scanner")


@settings(max_examples=300)
@given(st.text(alphabet=CODE_ALPHABET, min_size=6, max_size=12), st.sampled_from(LAYOUTS))
def test_every_alphanumeric_code_comes_back_from_either_layout(code: str, layout: Layout) -> None:
    """Whatever the code, its garbled form lists it, among at most six candidates."""
    garbled = mistype(code, layout)
    candidates = candidate_texts(garbled)
    assert len(candidates) <= 6
    assert garbled not in candidates
    if garbled != code:
        assert code in candidates


def test_unique_repair_admits_exactly_one_existing_code() -> None:
    """The repaired code is admitted only when it exists and no other candidate does."""
    existing = {"HXUYSRQXLE"}
    found = unique_repair("HXUZSRQXLE", lambda codes: [c for c in codes if c in existing])
    assert found is not None
    assert (found.text, found.layout, found.kind) == ("HXUYSRQXLE", "qwertz", "kiosk")


def test_unique_repair_refuses_a_truly_unknown_code() -> None:
    """A code no candidate explains stays unknown."""
    assert unique_repair("HXUZSRQXLE", lambda codes: []) is None


def test_unique_repair_refuses_when_two_repairs_exist() -> None:
    """If AZERTY and QWERTZ repairs both exist, admitting either would be a guess: none."""
    existing = {"HXUYSRQXLE", "HXUWSRAXLE"}
    assert unique_repair("HXUZSRQXLE", lambda codes: [c for c in codes if c in existing]) is None


def test_unique_repair_asks_the_database_once() -> None:
    """All candidates go to one look-up (one query), not one query each."""
    calls: list[list[str]] = []

    def existing(codes: object) -> list[str]:
        calls.append(list(codes))  # type: ignore[call-overload]
        return []

    unique_repair("HXUZSRQXLE", existing)
    assert len(calls) == 1
    assert "HXUYSRQXLE" in calls[0]


@pytest.mark.parametrize(
    ("setting", "received", "meant"),
    [
        ("qwertz", "HXUZSRQXLE", "HXUYSRQXLE"),
        ("azerty", "Kè?'AéXP", "K7M4Q2XP"),
        ("us", "HXUZSRQXLE", "HXUZSRQXLE"),
        ("auto", "HXUZSRQXLE", "HXUZSRQXLE"),
    ],
)
def test_a_known_layout_is_repaired_directly(setting: str, received: str, meant: str) -> None:
    """With the kiosk's layout set, every scan is repaired before look-up; us/auto leave it."""
    assert setting in KIOSK_LAYOUTS
    assert repair_known_layout(received, setting) == meant  # type: ignore[arg-type]


@given(st.text(max_size=30))
def test_candidates_accept_any_text(text: str) -> None:
    """Any received text gives a short candidate list and never raises."""
    assert len(layout_candidates(text)) <= 6
