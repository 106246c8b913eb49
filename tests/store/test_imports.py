"""The import's SQL on each backend: the bulk writer, its code clash, the codes met."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from kiosk.store import imports
from kiosk.store.db import write_connection
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import Reservation, Visitor, table_of
from tests.factories import SHANGHAI, fresh_url

START = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def engine(db_url: str, empty_db: Path, tmp_path: Path) -> Iterator[Engine]:
    if db_url.startswith("sqlite"):
        made = make_engine(fresh_url(empty_db, tmp_path))
    else:
        made = make_engine(db_url)
        upgrade(made)
    with write_connection(made) as conn:
        imports.add_session(
            conn,
            session_id="S1",
            starts_at=START,
            ends_at=START,
            label_zh="",
            label_en="",
            external_ref=None,
        )
    yield made
    made.dispose()


def party(
    rid: int, code: str, size: int = 2
) -> tuple[imports.BookingValues, list[tuple[object, ...]]]:
    booking = (rid, code, "S1", "张伟", "", size, "zh", "", False, "confirmed", None, False,
               "export", None, "hash", "1|张伟:zhang wei")  # fmt: skip
    return booking, [(rid, "S1", seq, "", f"{code}-{seq}") for seq in range(1, size + 1)]


def stored(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            int(conn.execute(select(func.count()).select_from(table_of(Reservation))).scalar_one()),
            int(conn.execute(select(func.count()).select_from(table_of(Visitor))).scalar_one()),
        )


def test_bulk_writer_writes_batches_and_a_clash_undoes_only_its_batch(engine: Engine) -> None:
    """A batch repeating a stored code raises CodeClash and leaves the earlier batch intact."""
    with write_connection(engine) as conn:
        writer = imports.BulkWriter(conn)
        ids = writer.reservation_ids(2)
        first = [party(ids[0], "AAA"), party(ids[1], "BBB", 3)]
        writer.add([b for b, _ in first], [v for _, vs in first for v in vs])
        ids = writer.reservation_ids(2)
        assert ids[0] > 0 and ids[1] == ids[0] + 1
        second = [party(ids[0], "CCC"), party(ids[1], "AAA")]
        with pytest.raises(imports.CodeClash):
            writer.add(
                [b for b, _ in second], [v for _, vs in second for v in vs], codes_may_clash=True
            )
        found = imports.bookings_by_code(conn, ["AAA", "BBB", "CCC"])
        assert sorted(found) == ["AAA", "BBB"]
        assert found["BBB"].party_size == 3
    assert stored(engine) == (2, 5)


def test_seen_codes_tell_where_a_code_was_met_first(engine: Engine) -> None:
    """Remembering a batch with a code met before records nothing and says so."""
    with write_connection(engine) as conn:
        seen = imports.SeenCodes(conn)
        assert seen.remember([("AAA", 1, 2, "h1"), ("BBB", 1, 3, "h2")])
        assert not seen.remember([("CCC", 2, 2, "h3"), ("AAA", 2, 9, "h4")])
        earlier = seen.earlier(["AAA", "CCC"])
        assert list(earlier) == ["AAA"]
        assert (earlier["AAA"].file_no, earlier["AAA"].line, earlier["AAA"].row_hash) == (
            1,
            2,
            "h1",
        )
        seen.close()


def test_deferred_indexes_drop_and_come_back_in_one_transaction(engine: Engine) -> None:
    """Dropping the secondary indexes inside a transaction that fails changes nothing."""
    from sqlalchemy import inspect

    def names() -> set[str]:
        inspector = inspect(engine)
        return {
            str(i["name"]) for t in ("reservation", "visitor") for i in inspector.get_indexes(t)
        }

    before = names()
    deferred = {str(index.name) for index in imports.deferrable_indexes()}
    assert deferred and deferred <= before
    with pytest.raises(RuntimeError), write_connection(engine) as conn:
        imports.drop_indexes(conn, imports.deferrable_indexes())
        raise RuntimeError("the import failed")
    assert names() == before
