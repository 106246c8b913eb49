"""Sync stores each booking's search keys; a search running since before the sync finds the
bookings as the new export names them, and no longer under their old names."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from kiosk.core.search import search_keys
from kiosk.services.env import ServiceEnv
from kiosk.services.search import find_bookings, warm_up
from kiosk.services.sync import sync_files
from kiosk.store.models import Reservation
from tests.factories import SHANGHAI
from tests.services.conftest import make_env

HEADER = "预约码,参观日期,入场时间,联系人,手机号,参观人数,语言,状态,备注,同行人\n"


@pytest.fixture
def env(engine: Engine) -> ServiceEnv:
    return make_env(engine, datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI), kiosk="GATE-1")


def export(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8-sig")
    return path


def codes(env: ServiceEnv, query: str) -> list[str]:
    return [row.code for row in find_bookings(env, query)]


def test_keys_are_stored_at_sync_and_follow_a_re_sync(env: ServiceEnv, tmp_path: Path) -> None:
    """Keys of the contact and the companions are stored; a renamed contact is found by the
    new name's initials and not the old one's, a new booking at once, by a search whose index
    was built before."""
    first = export(
        tmp_path,
        "a.csv",
        "AAA11111,2025-02-02,09:30,王小明,13800000001,3,中文,已确认,,李雷、Zoë Martin",
        "BBB22222,2025-02-02,09:30,Chloé Dupont,13800000002,1,英文,已确认,,",
    )
    sync_files(env, [first])
    with Session(env.engine) as db:
        stored = db.exec(select(Reservation.search_keys).where(Reservation.code == "AAA11111"))
        assert stored.one()[0] == search_keys(["王小明", "李雷", "Zoë Martin"])
    assert warm_up(env) == 2
    assert codes(env, "wxm") == ["AAA11111"]
    assert codes(env, "zoe martin") == ["AAA11111"]

    second = export(
        tmp_path,
        "b.csv",
        "AAA11111,2025-02-02,09:30,张伟,13800000001,3,中文,已确认,,李雷、Zoë Martin",
        "BBB22222,2025-02-02,09:30,Chloé Dupont,13800000002,1,英文,已确认,,",
        "CCC33333,2025-02-02,09:30,欧阳娜娜,13800000003,1,中文,已确认,,",
    )
    sync_files(env, [second])
    assert codes(env, "zw") == ["AAA11111"]
    assert codes(env, "wxm") == []
    assert codes(env, "ouyang") == ["CCC33333"]
    assert codes(env, "ll") == ["AAA11111"]  # the companion, unchanged
