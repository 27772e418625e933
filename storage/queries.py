"""Read-side queries (DataFrames and plain dicts) and the undo of an import."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

TABLES = ("customers", "products", "orders", "order_lines", "events", "imports", "rejected_rows")


def database_summary(engine: Engine) -> dict:
    """Counts per table and the date range of the data."""
    with engine.connect() as conn:
        counts = {t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar_one() for t in TABLES}
        first_order, last_order = conn.exec_driver_sql(
            "SELECT MIN(placed_at), MAX(placed_at) FROM orders").one()
        first_event, last_event = conn.exec_driver_sql(
            "SELECT MIN(occurred_at), MAX(occurred_at) FROM events").one()
        revenue = conn.exec_driver_sql(
            "SELECT COALESCE(SUM(amount), 0) FROM order_lines").scalar_one()
    starts = [d for d in (first_order, first_event) if d]
    ends = [d for d in (last_order, last_event) if d]
    return {
        "counts": counts,
        "revenue": float(revenue),
        "orders_from": _day(first_order), "orders_to": _day(last_order),
        "events_from": _day(first_event), "events_to": _day(last_event),
        "data_from": _day(min(starts)) if starts else None,
        "data_to": _day(max(ends)) if ends else None,
    }


def _day(value) -> str | None:
    return str(value)[:10] if value else None


def import_history(engine: Engine) -> pd.DataFrame:
    return pd.read_sql_query(
        "SELECT id, file_name, preset, kind, rows_read, rows_imported, rows_rejected, duplicates, "
        "returns, started_at, finished_at FROM imports ORDER BY id", engine)


def rejected_rows(engine: Engine, import_id: int) -> pd.DataFrame:
    return pd.read_sql_query(
        "SELECT row_number, column, reason, raw FROM rejected_rows WHERE import_id = ? "
        "ORDER BY row_number", engine, params=(import_id,))


def delete_import(engine: Engine, import_id: int) -> dict[str, int]:
    """Remove an import and everything it brought, in one transaction.

    Customers and products it created are removed too unless rows from other imports still
    refer to them; details it filled in on existing customers or products stay.
    """
    removed: dict[str, int] = {}
    with engine.begin() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM imports WHERE id = ?", (import_id,)).first() is None:
            raise KeyError(import_id)
        for table in ("order_lines", "events", "rejected_rows"):
            removed[table] = conn.exec_driver_sql(
                f"DELETE FROM {table} WHERE import_id = ?", (import_id,)).rowcount
        removed["orders"] = conn.exec_driver_sql(
            "DELETE FROM orders WHERE import_id = ? AND id NOT IN "
            "(SELECT DISTINCT order_id FROM order_lines)", (import_id,)).rowcount
        removed["customers"] = conn.exec_driver_sql(
            "DELETE FROM customers WHERE import_id = ? "
            "AND id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL) "
            "AND id NOT IN (SELECT customer_id FROM events WHERE customer_id IS NOT NULL)",
            (import_id,)).rowcount
        removed["products"] = conn.exec_driver_sql(
            "DELETE FROM products WHERE import_id = ? "
            "AND id NOT IN (SELECT product_id FROM order_lines WHERE product_id IS NOT NULL) "
            "AND id NOT IN (SELECT product_id FROM events WHERE product_id IS NOT NULL)",
            (import_id,)).rowcount
        conn.exec_driver_sql("DELETE FROM imports WHERE id = ?", (import_id,))
    return removed
