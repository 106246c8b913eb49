"""Store tests run their SQL on both backends: a migrated, empty database of each test's own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url
from sqlalchemy.engine import Engine

from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade


@pytest.fixture
def database(db_url: str, empty_db: Path) -> Iterator[Engine]:
    """A migrated, empty database on SQLite (a copy of the template) and on PostgreSQL."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        shutil.copyfile(empty_db, str(url.database))
        engine = make_engine(db_url)
    else:
        engine = make_engine(db_url)
        upgrade(engine)
    yield engine
    engine.dispose()
