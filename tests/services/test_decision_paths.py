"""One rules engine: the hub and a cut-off kiosk's replica decide every rule case alike.

Each case runs the same scans twice from the same data: through a kiosk whose hub answers
(the hub decides, with its row locks) and through a kiosk cut off from it (its replica
decides, the decision queued in its outbox). Outcomes, messages, counts, groups and guides
must be identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.core.tickets import TicketPayload, generate_keypair, sign_ticket
from kiosk.services.checkin import check_in, check_out, preview_scan
from kiosk.services.results import CheckInResult
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from tests.factories import SHANGHAI, Party, add_session
from tests.support.kiosks import Kiosk, open_kiosk
from tests.support.tcp_proxy import proxied


def at(hh: int, mm: int, day: int = 2) -> datetime:
    return datetime(2025, 2, day, hh, mm, tzinfo=SHANGHAI)


STARTS = at(9, 30)
IN_WINDOW = at(9, 0)
PARTIES = [
    Party("FAMILY3", 3),
    Party("PAIR2", 2),
    Party("SOLO1", 1),
    Party("GONE1", 2, status="cancelled"),
    Party("ENGLISH", 2, language="en"),
    Party("PRESETC", 2, group="C"),
    Party("BIGPARTY", 14),
    Party("BIGPARTY2", 14),
    Party("BIGPARTY3", 14),
    Party("BIGPARTY4", 14),
    Party("LATE1", 1),
]


@dataclass(frozen=True)
class Step:
    """One scan: when, what, and how (``action`` one of check_in, check_out, preview)."""

    when: datetime
    raw: str
    action: str = "check_in"
    options: tuple[tuple[str, Any], ...] = ()


def steps(*items: tuple[Any, ...]) -> tuple[Step, ...]:
    return tuple(Step(*item) for item in items)


CASES: dict[str, tuple[Step, ...]] = {
    "unknown": steps((IN_WINDOW, "NOSUCHCODE"), (IN_WINDOW, "   ")),
    "cancelled": steps((IN_WINDOW, "GONE1")),
    "wrong_day": steps((at(9, 0, day=1), "PAIR2")),
    "too_early": steps((at(8, 30), "PAIR2")),
    "too_late": steps((at(10, 0), "PAIR2")),
    "ok_then_already": steps((IN_WINDOW, "FAMILY3"), (at(9, 5), "FAMILY3")),
    "partial_then_rest": steps(
        (IN_WINDOW, "FAMILY3", "check_in", (("count", 1),)),
        (at(9, 2), "FAMILY3", "check_in", (("count", 1),)),
        (at(9, 4), "FAMILY3"),
        (at(9, 6), "FAMILY3"),
    ),
    "badge_then_party": steps((IN_WINDOW, "PAIR2-2"), (at(9, 1), "pair2")),
    "url_and_messy_forms": steps(
        (IN_WINDOW, "https://tickets.example.com/c/SOLO1?x=1"), (at(9, 1), " solo1\t")
    ),
    "override_too_late": steps(
        (at(10, 0), "LATE1", "check_in", (("override_reason", "bus delayed"),)),
    ),
    "english_guide_and_preassigned_group": steps((IN_WINDOW, "ENGLISH"), (IN_WINDOW, "PRESETC")),
    "departure_order_and_overflow": steps(
        (IN_WINDOW, "BIGPARTY"),
        (IN_WINDOW, "BIGPARTY2"),
        (IN_WINDOW, "BIGPARTY3"),
        (IN_WINDOW, "BIGPARTY4"),
        (IN_WINDOW, "FAMILY3"),
        (IN_WINDOW, "PAIR2"),
    ),
    "ask_for_the_party": steps((IN_WINDOW, "FAMILY3", "check_in", (("ask_party", True),))),
    "preview_writes_nothing": steps(
        (IN_WINDOW, "PAIR2", "preview"), (IN_WINDOW, "PAIR2", "preview")
    ),
    "check_out": steps(
        (IN_WINDOW, "PAIR2"), (at(9, 40), "PAIR2", "check_out"), (at(9, 41), "PAIR2", "check_out")
    ),
    "signed_tickets": steps(
        (IN_WINDOW, "@TICKET"),
        (at(9, 1), "@TICKET"),
        (IN_WINDOW, "@FORGED"),
        (IN_WINDOW, "@FORGED_UNKNOWN"),
    ),
}

ACTIONS: dict[str, Callable[..., CheckInResult]] = {
    "check_in": check_in,
    "check_out": check_out,
    "preview": preview_scan,
}


@pytest.fixture
def tickets(tmp_path: Path) -> tuple[Settings, dict[str, str]]:
    private_pem, public_pem = generate_keypair()
    other_pem, _ = generate_keypair()
    (tmp_path / "public.pem").write_bytes(public_pem)

    def ticket(key: bytes, code: str) -> str:
        return sign_ticket(
            key,
            TicketPayload(
                code=code,
                session_id="S1",
                party_size=2,
                valid_from=at(0, 0),
                valid_until=at(23, 59),
            ),
        )

    settings = Settings(
        hub_timeout_ms=500, hub_probe_s=3600, public_keys=[str(tmp_path / "public.pem")]
    )
    return settings, {
        "@TICKET": ticket(private_pem, "UNSYNCED9"),
        "@FORGED": ticket(other_pem, "PAIR2"),
        "@FORGED_UNKNOWN": ticket(other_pem, "NOBODY99"),
    }


@pytest.fixture
def both_paths(
    pg_url: str, tmp_path: Path, tickets: tuple[Settings, dict[str, str]]
) -> Iterator[tuple[Kiosk, Kiosk]]:
    """A kiosk the hub answers, and one cut off after building its replica (same data)."""
    settings, _ = tickets
    engine = make_engine(pg_url)
    upgrade(engine)
    add_session(engine, starts_at=STARTS, parties=PARTIES, guide_languages=("zh", "zh,en"))
    engine.dispose()
    with proxied(pg_url) as (cut, url):
        # One kiosk id for both (messages name the kiosk), each with its own data folder.
        offline = open_kiosk(url, "GATE", tmp_path / "replica", at=IN_WINDOW, settings=settings)
        offline.route.sync()
        cut.cut("close")
        offline.route.link.mark_offline("cut off for the test")
        # The hub path must stay on the hub: a loaded machine may take over 0.5 s to answer.
        patient = replace(settings, hub_timeout_ms=10_000)
        online = open_kiosk(pg_url, "GATE", tmp_path / "hub", at=IN_WINDOW, settings=patient)
        yield online, offline
        online.close()
        offline.close()


def _seen(result: CheckInResult) -> dict[str, Any]:
    """What a visitor, a badge and the audit see of a decision (not ids, not the kiosk)."""
    return {
        "outcome": result.outcome.value,
        "message": (result.message_en, result.message_zh),
        "code": result.code,
        "party_size": result.party_size,
        "checked_in": result.checked_in,
        "admitted": result.admitted,
        "provisional": result.provisional,
        "overridden": result.overridden,
        "overflow": result.overflow,
        "needs_party": result.needs_party,
        "visitors": [
            (v.seq, v.group, v.colour, v.guide, v.meeting_point, v.checked_in_at is not None)
            for v in result.visitors
        ],
    }


@pytest.mark.parametrize("case", list(CASES))
def test_the_hub_and_the_replica_decide_alike(
    case: str, both_paths: tuple[Kiosk, Kiosk], tickets: tuple[Settings, dict[str, str]]
) -> None:
    """The same scans give the same outcomes, messages, groups and guides on both paths."""
    _, ticket_texts = tickets
    online, offline = both_paths
    seen: dict[str, list[dict[str, Any]]] = {}
    for name, kiosk in (("hub", online), ("replica", offline)):
        answers = []
        for step in CASES[case]:
            kiosk.clock.set(step.when)
            raw = ticket_texts.get(step.raw, step.raw)
            result = ACTIONS[step.action](kiosk.env, raw, **dict(step.options))
            assert result.offline is (name == "replica")
            answers.append(_seen(result))
        seen[name] = answers
    assert seen["replica"] == seen["hub"]
    decided = [
        answer
        for step, answer in zip(CASES[case], seen["replica"], strict=True)
        if step.action != "preview" and not answer["needs_party"]
    ]
    assert offline.route.outbox.counts().pending == len(decided)  # each one queued
