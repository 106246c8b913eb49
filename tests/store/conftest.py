"""Store tests run their SQL on both backends: a migrated, empty database of each test's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.factories import migrated_engine


@pytest.fixture
def database(db_url: str, empty_db: Path) -> Iterator[Engine]:
    """A migrated, empty database on SQLite (a copy of the template) and on PostgreSQL."""
    engine = migrated_engine(db_url, empty_db)
    yield engine
    engine.dispose()
