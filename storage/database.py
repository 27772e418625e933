"""Opening the shop database: location, SQLite pragmas, and schema migrations."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event

log = logging.getLogger(__name__)

APP_NAME = "ShopSense"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def user_data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return user_data_dir() / "shop.sqlite3"


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the importer and a killed process leaves a consistent file.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # NORMAL is durable across application crashes in WAL mode, and much faster than FULL.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Imports insert into unique indexes in random order; a larger page cache keeps them fast.
    cursor.execute("PRAGMA cache_size=-262144")
    cursor.close()


_migrated: set[Path] = set()
_migration_lock = threading.Lock()


def create_db_engine(path: Path | str) -> Engine:
    """An engine for the database at `path`, created and migrated to the latest schema.

    Alembic keeps its state in module globals, so migrations run once per file and process,
    behind a lock: threads (the window's workers) may open the same database at once."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_sqlite_pragmas)
    with _migration_lock:
        if path not in _migrated or not path.exists():
            migrate(engine)
            _migrated.add(path)
    return engine


def migrate(engine: Engine) -> None:
    # Imported here, not at the top: alembic takes a third of a second, and only the first
    # opening of a database in a process needs it.
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
