"""The database file itself: pragmas, migrations that match the models, and undo."""

from __future__ import annotations

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from storage.database import create_db_engine
from storage.models import Base


def test_pragmas_are_set_on_every_connection(engine):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_build_exactly_the_models_schema(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_reopening_keeps_data_and_does_not_migrate_again(db_path):
    engine = create_db_engine(db_path)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO customers (external_id) VALUES ('c1')"))
    engine.dispose()
    engine = create_db_engine(db_path)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT external_id FROM customers")).scalar() == "c1"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    engine.dispose()


def test_foreign_keys_are_enforced(engine):
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("INSERT INTO orders (order_key, placed_at, status, import_id) "
                          "VALUES ('x', '2020-01-01', 'completed', 999)"))


def test_integrity_of_a_fresh_database(db_path):
    create_db_engine(db_path).dispose()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_database_from_the_first_release_upgrades_with_its_data(db_path):
    """A user's database made by an older version survives the upgrade to the latest schema."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from storage.database import MIGRATIONS_DIR

    old = create_engine(f"sqlite:///{db_path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with old.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO customers (external_id) VALUES ('kept')"))
    old.dispose()

    engine = create_db_engine(db_path)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT external_id FROM customers")).scalar() == "kept"
        assert conn.execute(text("SELECT COUNT(*) FROM model_runs")).scalar() == 0
    engine.dispose()
