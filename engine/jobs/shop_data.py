"""Use cases the window needs to show and manage the shop's data, without touching storage itself.

Each call opens its own database engine and disposes of it, so any thread may call it (HOUSE_STYLE
§4: each thread opens its own connection). They are quick reads or one-transaction writes; the
long-running import lives in engine.jobs.importing.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pandas as pd

from storage.database import create_db_engine, default_db_path
from storage.errors import ImportProblem
from storage.importer import ImportOptions, ImportResult
from storage.queries import database_summary, delete_import, import_history, rejected_rows

__all__ = [
    "DATA_TABLES",
    "ImportOptions",
    "ImportProblem",
    "ImportResult",
    "default_database",
    "history",
    "rejected",
    "summary",
    "undo_import",
]

# Tables whose rows mean "this shop has data"; imports and rejected rows alone do not.
DATA_TABLES = ("customers", "products", "orders", "order_lines", "events")


def default_database() -> Path:
    return default_db_path()


def summary(db_path: Path | str) -> dict:
    """Counts per table, revenue and date range, plus `has_data` to choose the first page."""
    engine = create_db_engine(db_path)
    try:
        result = database_summary(engine)
    finally:
        engine.dispose()
    result["has_data"] = any(result["counts"][t] for t in DATA_TABLES)
    return result


def history(db_path: Path | str) -> pd.DataFrame:
    """One row per import, newest last; times are local (they are stored in UTC)."""
    engine = create_db_engine(db_path)
    try:
        frame = import_history(engine)
    finally:
        engine.dispose()
    frame = frame.rename(columns={"file_name": "path"})
    frame.insert(1, "file", frame["path"].map(lambda p: Path(p).name))
    for column in ("started_at", "finished_at"):
        frame[column] = _utc_to_local(frame[column])
    return frame


def _utc_to_local(values: pd.Series) -> pd.Series:
    # Per value through datetime.astimezone, which knows the system's daylight-saving rules.
    stamps = pd.to_datetime(values, errors="coerce")
    local = [t.to_pydatetime().replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
             if pd.notna(t) else pd.NaT for t in stamps]
    return pd.Series(pd.to_datetime(local), index=values.index, dtype="datetime64[us]")


def rejected(db_path: Path | str, import_id: int) -> pd.DataFrame:
    """The rows of an import that were kept out of the data, with the reason for each."""
    engine = create_db_engine(db_path)
    try:
        if import_id not in set(import_history(engine)["id"]):
            raise ImportProblem(Path(db_path).name, f"there is no import {import_id}.",
                                hint="See the list of imports for the ones that exist.")
        return rejected_rows(engine, import_id)
    finally:
        engine.dispose()


def undo_import(db_path: Path | str, import_id: int) -> dict[str, int]:
    """Remove an import and everything it brought; returns how many rows left each table."""
    engine = create_db_engine(db_path)
    try:
        return delete_import(engine, import_id)
    except KeyError:
        raise ImportProblem(Path(db_path).name, f"there is no import {import_id}.",
                            hint="It may have been undone already; see the list of imports.") \
            from None
    finally:
        engine.dispose()


def overview(db_path: Path | str) -> tuple[dict, pd.DataFrame]:
    """What the Data page and the navigation need: `summary` and `history`."""
    return summary(db_path), history(db_path)


def report_state(db_path: Path | str) -> dict:
    """What the Reports page needs: whether there are orders, and the model serving
    recommendations (its name and when it finished), or None."""
    from engine.jobs.training import runs

    engine_runs = runs(db_path)
    active = engine_runs[engine_runs["is_active"] & (engine_runs["status"] == "completed")]
    return {"orders": summary(db_path)["counts"]["orders"],
            "run": None if active.empty else active.iloc[-1][["model", "finished_at"]].to_dict()}
