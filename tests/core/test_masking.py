"""Masking personal data for screens and logs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.masking import digest_secret, hint, mask_name, mask_phone


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("0086 13812345678", "138****5678"),
        ("(+86) 13812345678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("+44 7700 900123", "+447*****0123"),
        ("021-87654321", "021****4321"),
        ("87654321", "****4321"),
        ("12345", "***45"),
        ("110", "***"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        ("n/a", "****"),
    ],
)
def test_mask_phone(phone: str | None, masked: str) -> None:
    """Phones show at most the first 3 and last 4 digits, and less of short numbers."""
    assert mask_phone(phone) == masked


@settings(max_examples=200)
@given(st.text(st.sampled_from(list("0123456789+- ()")), max_size=25))
def test_mask_phone_never_reveals_more_than_seven_digits(phone: str) -> None:
    """Whatever the format, at most 7 digits show, and at most half of a short number."""
    masked = mask_phone(phone)
    shown = sum(ch.isdigit() for ch in masked)
    digits = sum(ch.isdigit() for ch in phone)
    assert shown <= 7
    if digits < 11:
        assert shown <= digits // 2 or (shown <= 4 and digits >= 7)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("王小明", "王**"),
        ("张三", "张*"),
        ("欧阳 娜娜", "欧***"),
        ("Ada Lovelace", "Ada L."),
        ("Ada King Lovelace", "Ada K. L."),
        ("Madonna", "M."),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(name: str | None, masked: str) -> None:
    """Names keep just enough to recognise oneself."""
    assert mask_name(name) == masked


def test_digest_is_stable_short_and_hides_the_secret() -> None:
    """The same input gives the same 16-hex tag, different inputs differ, the text never shows."""
    secret = "m4xq2b8k9zt1yh7p0c3rvn6sdfw5ljga"
    tag = digest_secret(secret)
    assert tag == digest_secret(secret) and len(tag) == 16
    assert int(tag, 16) >= 0 and secret[:6] not in tag
    assert digest_secret(secret + "x") != tag


def test_keyed_digest_depends_on_the_key() -> None:
    """With an installation key the tag changes, so a leaked log cannot be brute-forced alone."""
    assert digest_secret("ABCD2345", b"k1") != digest_secret("ABCD2345", b"k2")
    assert digest_secret("ABCD2345", b"k1") != digest_secret("ABCD2345")


def test_digest_survives_lone_surrogates() -> None:
    """Odd input from a scanner never crashes the logger."""
    assert len(digest_secret("\ud800abc")) == 16


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ABCD1234", "AB…34"),
        ("m4xq2b8k9zt1yh7p0c3rvn6sdfw5ljga", "m4x…jga"),
        ("ABCD", "A…D"),
        ("ABC", "…"),
        ("", ""),
        ("AB\x00\x01CD", "A…D"),
    ],
)
def test_hint(text: str, shown: str) -> None:
    """A hint shows at most 3 characters at each end and never more than half."""
    assert hint(text) == shown
