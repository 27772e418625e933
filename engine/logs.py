"""A rotating log file in the user data directory: details for us, not tracebacks for users."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from storage.database import user_data_dir


def log_file() -> Path:
    return user_data_dir() / "shopsense.log"


def setup_logging(level: int = logging.INFO) -> Path:
    path = log_file()
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    # Alembic says "Context impl SQLiteImpl" on every open: not worth a log line.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
