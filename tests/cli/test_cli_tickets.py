"""``kiosk keys generate`` and ``kiosk tickets``: the QR a visitor brings gets them in."""

from __future__ import annotations

import base64
import stat
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy.engine import Engine

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.tickets import TicketPayload, generate_keypair, sign_ticket
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from tests.factories import SHANGHAI, Party, add_session

START = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
AT_GATE = datetime(2025, 2, 2, 9, 5, tzinfo=SHANGHAI)


@pytest.fixture
def engine(sqlite_url: str) -> Engine:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    add_session(engine, "S1", starts_at=START, parties=[Party("AAAA1111", 3), Party("BBBB2222", 1)])
    add_session(
        engine,
        "S2",
        starts_at=datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI),
        parties=[Party("CCCC3333", 2), Party("DDDD4444", 2, status="cancelled")],
    )
    return engine


@pytest.fixture
def keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "keys"
    assert main(["keys", "generate", "--out", str(folder)]) == 0
    capsys.readouterr()
    return folder


def _config(tmp_path: Path, keys: Path) -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'private_key = "{keys / "private.pem"}"\n', encoding="utf-8")
    return str(path)


def _decode(path: Path) -> str:
    found = zxingcpp.read_barcodes(Image.open(path))
    assert len(found) == 1, f"expected one QR in {path.name}"
    return str(found[0].text)


def _env(engine: Engine, keys: Path) -> ServiceEnv:
    settings = Settings(public_keys=[str(keys / "public.pem")])
    return ServiceEnv(engine, settings, Clock.fixed(AT_GATE), "GATE-1")


def test_keys_generate_writes_an_owner_only_private_key_and_prints_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The private key is 0600, the public key readable, and the settings lines are printed."""
    folder = tmp_path / "k"
    assert main(["keys", "generate", "--out", str(folder)]) == 0
    out = capsys.readouterr().out
    assert stat.S_IMODE((folder / "private.pem").stat().st_mode) == 0o600
    assert (folder / "public.pem").read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    assert "Key id: " in out and "private_key = " in out and "public_keys = [" in out


def test_keys_generate_never_overwrites_a_key(
    keys: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second run into the same folder is refused with exit 2 and the old key kept."""
    before = (keys / "private.pem").read_bytes()
    assert main(["keys", "generate", "--out", str(keys)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (keys / "private.pem").read_bytes() == before


def test_signed_ticket_png_decodes_and_checks_in(
    engine: Engine, sqlite_url: str, keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """keys generate → tickets → decode the PNG → check_in with it is ok for the whole party."""
    out = tmp_path / "tickets"
    code = main(
        ["tickets", "--db", sqlite_url, "--config", _config(tmp_path, keys), "--out", str(out)]
    )
    assert code == 0
    assert "Wrote 3 QR ticket(s)" in capsys.readouterr().out  # the cancelled one is skipped
    assert sorted(p.name for p in out.iterdir()) == ["AAAA1111.png", "BBBB2222.png", "CCCC3333.png"]
    text = _decode(out / "AAAA1111.png")
    assert text.startswith("KT1.")
    result = check_in(_env(engine, keys), text)
    assert (result.outcome, result.code, result.checked_in) == ("ok", "AAAA1111", 3)


def test_forged_tickets_are_refused_as_invalid_signature(
    engine: Engine, sqlite_url: str, keys: Path, tmp_path: Path
) -> None:
    """A ticket signed by another key, or with a flipped signature byte, is invalid_signature."""
    out = tmp_path / "tickets"
    config = _config(tmp_path, keys)
    assert main(["tickets", "--db", sqlite_url, "--config", config, "--out", str(out)]) == 0
    genuine = _decode(out / "BBBB2222.png")
    body = base64.b32decode(genuine[4:] + "=" * (-len(genuine[4:]) % 8))
    tampered_blob = body[:-1] + bytes([body[-1] ^ 0x01])
    tampered = "KT1." + base64.b32encode(tampered_blob).decode().rstrip("=")
    other_private, _ = generate_keypair()
    forged = sign_ticket(
        other_private,
        TicketPayload(
            "BBBB2222", "S1", 1, datetime(2025, 2, 2, tzinfo=SHANGHAI), AT_GATE.replace(hour=23)
        ),
    )
    env = _env(engine, keys)
    assert check_in(env, tampered).outcome == "invalid_signature"
    assert check_in(env, forged).outcome == "invalid_signature"
    assert check_in(env, genuine).outcome == "ok"


def test_tickets_without_a_private_key_carry_the_bare_code_for_one_session(
    engine: Engine, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No private_key: each QR holds the reservation code; --session limits the tickets."""
    out = tmp_path / "bare"
    assert main(["tickets", "--db", sqlite_url, "--out", str(out), "--session", "S2"]) == 0
    assert "bare reservation codes" in capsys.readouterr().out
    assert [p.name for p in out.iterdir()] == ["CCCC3333.png"]
    assert _decode(out / "CCCC3333.png") == "CCCC3333"


def test_tickets_for_an_unknown_session_is_an_error(
    engine: Engine, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown --session id exits 2 with a sentence, writing nothing."""
    out = tmp_path / "none"
    assert main(["tickets", "--db", sqlite_url, "--out", str(out), "--session", "NOPE"]) == 2
    assert "no session 'NOPE'" in capsys.readouterr().err
    assert not out.exists()
