"""Shared fixtures: where the real data sets are, temporary databases, and a job driver."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data"

# Logs and the default database go to a throwaway place, never the developer's real data.
os.environ.setdefault("XDG_DATA_HOME", str(Path(os.environ.get("TMPDIR", "/tmp"))
                                          / f"shopsense-tests-{os.getpid()}"))


def data_file(*parts: str) -> Path:
    """A file of ../shared/data, or a clean skip saying what is missing."""
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data set not available: {path} (see shared/data/DATA.md)")
    return path


def run_job(job: Generator):
    """Drive a job generator to the end and return its result."""
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.sqlite3"


@pytest.fixture
def engine(db_path: Path):
    from storage.database import create_db_engine

    engine = create_db_engine(db_path)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def retail_db(tmp_path_factory) -> Path:
    """online_retail.csv imported once per test session (about 5 s); treat it as read-only."""
    from storage.database import create_db_engine
    from storage.importer import import_file

    source = data_file("online-retail", "online_retail.csv")
    path = tmp_path_factory.mktemp("retail") / "shop.sqlite3"
    engine = create_db_engine(path)
    run_job(import_file(engine, source))
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def retail_lines(retail_db: Path):
    """storage.queries.sales_lines of the Online Retail database (do not modify it)."""
    from storage.database import create_db_engine
    from storage.queries import sales_lines

    engine = create_db_engine(retail_db)
    try:
        return sales_lines(engine)
    finally:
        engine.dispose()
