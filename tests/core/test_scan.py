"""Scan normalising and parsing: what a scanner, camera or keyboard may throw at the kiosk."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.scan import (
    MAX_SCAN_LENGTH,
    TRUNCATION_MARK,
    ScanInput,
    normalise_scan,
    parse_scan,
)

CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}

any_text = st.text(st.characters(codec=None), max_size=700) | st.text(
    st.sampled_from(list("aB9-_/?=:. \t\r\n\x00\x85\u200b\ufeff\u3000\u2028\u0301ＡＢ１é")),
    max_size=700,
)


@settings(max_examples=300)
@given(any_text)
def test_normaliser_properties(raw: str) -> None:
    """Any input: no exception, at most 512 chars, idempotent, no control/invisible chars."""
    cleaned = normalise_scan(raw)
    assert len(cleaned) <= MAX_SCAN_LENGTH
    assert normalise_scan(cleaned) == cleaned
    assert not any(unicodedata.category(ch) in CONTROL_CATEGORIES for ch in cleaned)
    assert cleaned == cleaned.strip()
    assert unicodedata.is_normalized("NFC", cleaned)


@settings(max_examples=200)
@given(any_text)
def test_parser_never_raises_and_is_consistent(raw: str) -> None:
    """Any input parses to one of the four kinds, the same before and after normalising."""
    result = parse_scan(raw)
    assert result.kind in {"code", "signed_ticket", "empty", "invalid"}
    assert parse_scan(normalise_scan(raw)) == result
    if result.kind == "code":
        assert result.code is not None and result.code == result.code.upper()
        assert result.ticket is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abcd2345\r\n", "abcd2345"),
        ("\ufeffABCD2345", "ABCD2345"),
        ("AB\u200bCD\t2345", "ABCD2345"),
        ("\x1b[0mABC\x85", "[0mABC"),
        ("  two   words \n", "two words"),
        ("Cafe\u0301", "Café"),
        ("\x00\x01\x02", ""),
    ],
)
def test_normaliser_strips_scanner_noise(raw: str, expected: str) -> None:
    """Keyboard-wedge noise, BOM, zero-width and C0/C1 controls vanish; case is kept."""
    assert normalise_scan(raw) == expected


def test_overlong_input_is_cut_and_then_rejected() -> None:
    """A 10 000-character scan is cut to 512 characters and parses as invalid, raw or cut."""
    raw = "https://example.com/r/ABC?pad=" + "x" * 10_000
    cut = normalise_scan(raw)
    assert len(cut) == MAX_SCAN_LENGTH and cut.endswith(TRUNCATION_MARK)
    assert parse_scan(raw).kind == "invalid"
    assert parse_scan(cut).kind == "invalid"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("abcd2345", "ABCD2345"),
        ("ABCD-2345", "ABCD-2345"),
        ("abcd_2345\r", "ABCD_2345"),
        ("ABCD 2345", "ABCD2345"),
        ("ＡＢＣＤ２３４５", "ABCD2345"),
        ("V-7K2M9Q", "V-7K2M9Q"),
        ("m4xq2b8k9zt1yh7p0c3rvn6sdfw5ljga", "M4XQ2B8K9ZT1YH7P0C3RVN6SDFW5LJGA"),
        ("https://tours.example.com/r/abcd2345", "ABCD2345"),
        ("https://tours.example.com/r/abcd2345/", "ABCD2345"),
        ("tours.example.com/r/ABCD2345?utm_source=wx", "ABCD2345"),
        ("https://x.example/checkin?code=abcd2345", "ABCD2345"),
        ("https://x.example/?c=abcd2345", "ABCD2345"),
        ("https://x.example/?Reservation=abcd2345&lang=zh", "ABCD2345"),
        ("HTTPS://X.EXAMPLE/R/ABCD2345", "ABCD2345"),
        ("https://x.example/r/ABCD%2D2345", "ABCD-2345"),
        ("/r/abcd2345", "ABCD2345"),
        ("?code=abcd2345", "ABCD2345"),
    ],
)
def test_codes_are_found_and_upper_cased(raw: str, code: str) -> None:
    """Bare, badge and pretix codes and URLs carrying one give the upper-cased code."""
    assert parse_scan(raw) == ScanInput("code", code=code)


@pytest.mark.parametrize(
    "raw",
    [
        "KT1.ABCDEFGH234567",
        "kt1.abcdefgh234567",
        "https://x.example/t/KT1.ABCDEFGH234567",
        "https://x.example/?t=KT1.ABCDEFGH234567",
    ],
)
def test_signed_tickets_are_recognised(raw: str) -> None:
    """The KT1. prefix, in any case, bare or inside a URL, marks a signed ticket."""
    result = parse_scan(raw)
    assert result.kind == "signed_ticket"
    assert result.ticket is not None and result.ticket.upper() == "KT1.ABCDEFGH234567"


@pytest.mark.parametrize(
    "raw",
    [
        "ABC;DROP TABLE",
        "王小明",
        "https://x.example/about",
        "https://x.example/?code=a b c!",
        "A" * 65,
        "KT1.ABC+/=",
    ],
)
def test_garbage_is_invalid(raw: str) -> None:
    """Text that is neither a code, a URL with one, nor a ticket is invalid, not an error."""
    assert parse_scan(raw) == ScanInput("invalid")


@pytest.mark.parametrize("raw", ["", "   ", "\r\n", "\u200b\ufeff"])
def test_noise_only_is_empty(raw: str) -> None:
    """A scan of nothing but noise is 'empty', so the kiosk can ignore it quietly."""
    assert parse_scan(raw) == ScanInput("empty")
