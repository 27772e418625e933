"""Alembic environment: migrations run on the connection that storage.database passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the `alembic` command line, e.g. to autogenerate a revision
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///shopsense-dev.sqlite3"
        with create_engine(url).connect() as conn:
            _run(conn)
            conn.commit()
    else:
        _run(connection)


def _run(connection) -> None:
    # render_as_batch: SQLite can only alter tables by copying them; batch mode does that.
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
