"""Schema upgrades: create an empty database, upgrade an older one, refuse a newer one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col

import kiosk.store.migrate as migrate
from kiosk.core.errors import DatabaseError
from kiosk.paths import MIGRATIONS
from kiosk.store.engine import make_engine
from kiosk.store.migrate import (
    current_revision,
    head_revision,
    require_current,
    schema_state,
    upgrade,
)
from kiosk.store.models import Guide

EVERY_TABLE = set(SQLModel.metadata.tables) | {"alembic_version"}

NEXT_REVISION = '''"""add a guide note (a later release, for the test)"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("guide") as batch:
        batch.add_column(sa.Column("test_note", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guide") as batch:
        batch.drop_column("test_note")
'''


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def stamp(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_upgrade_creates_every_table_on_an_empty_database(engine: Engine) -> None:
    """`db upgrade` on a new database creates every table and records the newest revision."""
    assert schema_state(engine) == "empty"
    assert upgrade(engine) == "empty"
    assert tables(engine) == EVERY_TABLE
    assert current_revision(engine) == head_revision()
    assert schema_state(engine) == "current"
    require_current(engine)  # no error


def test_upgrading_a_current_database_changes_nothing(engine: Engine) -> None:
    """Running the upgrade again is a no-op that keeps the data."""
    upgrade(engine)
    with Session(engine) as db:
        db.add(Guide(name="陈思远", languages="zh,en"))
        db.commit()
    assert upgrade(engine) == "current"
    assert tables(engine) == EVERY_TABLE
    with Session(engine) as db:
        assert db.execute(select(col(Guide.name))).scalars().all() == ["陈思远"]


def test_an_older_database_is_upgraded_and_keeps_its_data(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database from the previous release is brought up to a newer schema, data intact."""
    upgrade(engine)  # the "previous release": today's head
    with Session(engine) as db:
        db.add(Guide(name="杨晓燕", languages="zh"))
        db.commit()
    newer = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "0099_guide_note.py").write_text(
        NEXT_REVISION.format(head=head_revision()), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS", newer)

    assert schema_state(engine) == "older"
    assert upgrade(engine) == "older"
    assert current_revision(engine) == "0099"
    columns = {c["name"] for c in inspect(engine).get_columns("guide")}
    assert "test_note" in columns
    with engine.connect() as conn:
        assert conn.execute(text("select name from guide")).scalars().all() == ["杨晓燕"]


def test_a_newer_database_is_refused_and_left_untouched(engine: Engine) -> None:
    """A database written by a later release: clear "newer version" error, nothing changed."""
    upgrade(engine)
    stamp(engine, "9999_from_the_future")
    before = tables(engine)
    with pytest.raises(DatabaseError, match="newer version") as caught:
        upgrade(engine)
    assert "\n" not in caught.value.message
    with pytest.raises(DatabaseError, match="newer version"):
        require_current(engine)
    assert current_revision(engine) == "9999_from_the_future"
    assert tables(engine) == before


def test_newer_sqlite_file_is_byte_identical_after_the_refusal(tmp_path: Path) -> None:
    """Refusing a newer SQLite database does not write a single byte to it."""
    path = tmp_path / "kiosk.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    stamp(engine, "9999_from_the_future")
    engine.dispose()  # checkpoints the WAL into the file
    content = path.read_bytes()
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(DatabaseError, match="newer version"):
            upgrade(engine)
    finally:
        engine.dispose()
    assert path.read_bytes() == content


def test_require_current_asks_for_an_upgrade_on_an_empty_database(engine: Engine) -> None:
    """Code that needs the schema says to run `kiosk db upgrade`, instead of failing later."""
    with pytest.raises(DatabaseError, match="kiosk db upgrade"):
        require_current(engine)
    assert tables(engine) == set()


def test_schema_head_constant_matches_alembic() -> None:
    """The fast start-up check uses the same head revision as the migration scripts."""
    from kiosk.store.migrate import head_revision, quick_head

    assert quick_head() == head_revision()


def test_a_first_release_database_gets_the_headcount_index(engine: Engine) -> None:
    """A database left at revision 0001 with a booking in it upgrades to the covering index."""
    from alembic import command

    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO tour_session (id, starts_at, ends_at, capacity, label_zh, label_en)"
                " VALUES ('S1', '2025-02-02 01:30:00', '2025-02-02 03:30:00', 60, '', '')"
            )
        )
    assert schema_state(engine) == "older"
    assert upgrade(engine) == "older"
    indexes = {i["name"] for i in inspect(engine).get_indexes("visitor")}
    assert "ix_visitor_headcount" in indexes
    assert "ix_visitor_session_in_out" not in indexes
    with engine.connect() as conn:
        assert conn.execute(text("select id from tour_session")).scalars().all() == ["S1"]
