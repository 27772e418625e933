"""Read-side queries (DataFrames and plain dicts) and the undo of an import."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine

from storage.models import ModelRun

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


_USES = {"customers": (("orders", "customer_id"), ("events", "customer_id")),
         "products": (("order_lines", "product_id"), ("events", "product_id"))}
_NO_IMPORT = 2**62  # larger than any import id; only compared, never stored


def delete_import(engine: Engine, import_id: int) -> dict[str, int]:
    """Remove an import and everything it brought, in one transaction.

    What another remaining import also brought (an overlapping export, a catalogue naming the
    same products) stays, and from then on belongs to the earliest such import. Details the
    import filled in on rows that stay (a name, a price, a status) are not rolled back.
    """
    removed: dict[str, int] = {}
    with engine.begin() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM imports WHERE id = ?", (import_id,)).first() is None:
            raise KeyError(import_id)
        for table in ("order_lines", "events"):
            _hand_over(conn, table, import_id, _claimed_by_others(table, "id"))
            removed[table] = conn.exec_driver_sql(
                f"DELETE FROM {table} WHERE import_id = ?", (import_id,)).rowcount
        removed["rejected_rows"] = conn.exec_driver_sql(
            "DELETE FROM rejected_rows WHERE import_id = ?", (import_id,)).rowcount
        removed["orders"] = conn.exec_driver_sql(
            "DELETE FROM orders WHERE import_id = ? AND id NOT IN "
            "(SELECT DISTINCT order_id FROM order_lines)", (import_id,)).rowcount
        _hand_over(conn, "orders", import_id,
                   "(SELECT MIN(l.import_id) FROM order_lines l WHERE l.order_id = orders.id)")
        for table, uses in _USES.items():
            in_use = " AND ".join(f"id NOT IN (SELECT {column} FROM {user} "
                                  f"WHERE {column} IS NOT NULL)" for user, column in uses)
            removed[table] = conn.exec_driver_sql(
                f"DELETE FROM {table} WHERE import_id = ? AND {in_use} AND id NOT IN "
                f"(SELECT row_id FROM import_claims WHERE table_name = '{table}' "
                f"AND import_id != ?)", (import_id, import_id)).rowcount
            candidates = [f"(SELECT MIN(import_id) FROM {user} WHERE {column} = {table}.id)"
                          for user, column in uses] + [_claimed_by_others(table, "id")]
            _hand_over(conn, table, import_id, "MIN({})".format(", ".join(
                f"COALESCE({c}, {_NO_IMPORT})" for c in candidates)))
        conn.exec_driver_sql("DELETE FROM imports WHERE id = ?", (import_id,))
    return removed


def _claimed_by_others(table: str, id_column: str) -> str:
    """SQL for the earliest other import that claims the current row of `table`.

    Used inside UPDATE … WHERE import_id = ?, whose parameter is the import being removed."""
    return (f"(SELECT MIN(c.import_id) FROM import_claims c WHERE c.table_name = '{table}' "
            f"AND c.row_id = {table}.{id_column} AND c.import_id != {table}.import_id)")


def _hand_over(conn, table: str, import_id: int, new_owner_sql: str) -> None:
    """Rows of the removed import that another import still needs now belong to that import."""
    conn.exec_driver_sql(
        f"UPDATE {table} SET import_id = {new_owner_sql} WHERE import_id = ? "
        f"AND {new_owner_sql} IS NOT NULL AND {new_owner_sql} < {_NO_IMPORT}", (import_id,))


# ---------------------------------------------------------------------------- analysis inputs


def sales_lines(engine: Engine) -> pd.DataFrame:
    """Every order line with its order, customer and product, for profiles and models.

    `placed_at` is UTC; `local_time` is the time on the shop's clock where the source said
    (UTC plus the recorded offset), else as written. The line table is read alone (numbers
    only) and joined here: repeating strings in a SQL join costs seconds on big shops."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        lines = _frame(raw, "SELECT order_id, product_id, quantity, unit_price, amount, "
                            "is_return, is_non_product FROM order_lines")
        orders = _frame(raw, "SELECT o.id AS order_id, o.order_no, o.customer_id, "
                             "c.external_id AS customer, o.placed_at, o.utc_offset_minutes, "
                             "o.status, o.country, o.channel FROM orders o "
                             "LEFT JOIN customers c ON c.id = o.customer_id")
        products = _frame(raw, "SELECT id AS product_id, sku, name AS product, category, "
                               "price AS list_price FROM products")
    # Explicit types, so an empty shop gives the same columns as a full one.
    lines = lines.astype({"order_id": "int64", "product_id": "float64", "quantity": "float64",
                          "unit_price": "float64", "amount": "float64"})
    orders = orders.astype({"order_id": "int64", "customer_id": "float64",
                            "utc_offset_minutes": "float64"})
    products = products.astype({"product_id": "float64", "list_price": "float64"})
    orders["placed_at"] = pd.to_datetime(orders["placed_at"]).astype("datetime64[us]")
    orders["local_time"] = orders["placed_at"] + pd.to_timedelta(
        orders["utc_offset_minutes"].fillna(0), unit="m")
    frame = lines.merge(orders, on="order_id", how="left").merge(
        products, on="product_id", how="left")
    for column in ("is_return", "is_non_product"):
        frame[column] = frame[column].astype(bool)
    return frame


def _frame(connection, sql: str) -> pd.DataFrame:
    cursor = connection.execute(sql)
    columns = [d[0] for d in cursor.description]
    return pd.DataFrame.from_records(cursor.fetchall(), columns=columns, coerce_float=True)


def behaviour_events(engine: Engine) -> pd.DataFrame:
    """Every browsing or rating event with its customer and product."""
    return pd.read_sql_query(
        "SELECT c.external_id AS customer, e.customer_id, e.visitor_id, e.session, "
        "e.product_id, p.sku, p.name AS product, p.category, e.kind, e.value, e.occurred_at "
        "FROM events e LEFT JOIN customers c ON c.id = e.customer_id "
        "LEFT JOIN products p ON p.id = e.product_id", engine, parse_dates=["occurred_at"])


def customer_table(engine: Engine) -> pd.DataFrame:
    """Customers with what is known about them (demographics only where imported)."""
    return pd.read_sql_query(
        "SELECT id AS customer_id, external_id AS customer, name, email, country, age, gender, "
        "occupation, zip FROM customers", engine)


# ---------------------------------------------------------------------------- model runs


def save_run(engine: Engine, run: dict, recommendations: pd.DataFrame, *,
             activate: bool = True) -> int:
    """Store a finished run and its per-customer top-N in one transaction.

    `recommendations` has columns customer (external id), rank, sku, score, reason."""
    with engine.begin() as conn:
        run_id = conn.execute(ModelRun.__table__.insert().values(**run)).inserted_primary_key[0]
        customers = dict(conn.exec_driver_sql("SELECT external_id, id FROM customers").all())
        products = dict(conn.exec_driver_sql("SELECT sku, id FROM products").all())
        rows = [(run_id, customers[c], int(rank), products[s], float(score), reason)
                for c, rank, s, score, reason in recommendations[
                    ["customer", "rank", "sku", "score", "reason"]].itertuples(index=False)
                if c in customers and s in products]
        if rows:
            conn.exec_driver_sql("INSERT INTO recommendations (run_id, customer_id, rank, "
                                 "product_id, score, reason) VALUES (?, ?, ?, ?, ?, ?)", rows)
        if activate:
            conn.exec_driver_sql("UPDATE model_runs SET is_active = (id = ?)", (run_id,))
    return run_id


def model_runs(engine: Engine) -> pd.DataFrame:
    frame = pd.read_sql_query(
        "SELECT id, model, params, device, status, started_at, finished_at, fit_seconds, split, "
        "metrics, curves, model_path, is_active FROM model_runs ORDER BY id", engine)
    for column in ("params", "split", "metrics", "curves"):
        frame[column] = frame[column].map(json.loads)
    frame["is_active"] = frame["is_active"].astype(bool)
    return frame


def activate_run(engine: Engine, run_id: int) -> None:
    with engine.begin() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM model_runs WHERE id = ?", (run_id,)).first() is None:
            raise KeyError(run_id)
        conn.exec_driver_sql("UPDATE model_runs SET is_active = (id = ?)", (run_id,))


def stored_recommendations(engine: Engine, customer: str, run_id: int | None = None,
                           ) -> pd.DataFrame:
    """A customer's stored top-N from `run_id`, or from the active run."""
    return pd.read_sql_query(
        "SELECT r.rank, p.sku, p.name AS product, p.category, r.score, r.reason, r.run_id, "
        "p.description FROM recommendations r JOIN customers c ON c.id = r.customer_id "
        "JOIN products p ON p.id = r.product_id "
        "WHERE c.external_id = ? AND r.run_id = COALESCE(?, "
        "(SELECT id FROM model_runs WHERE is_active)) ORDER BY r.rank", engine,
        params=(customer, run_id))


_SERVING = "r.run_id = COALESCE(?, (SELECT id FROM model_runs WHERE is_active))"


def recommended_customers(engine: Engine, run_id: int | None = None) -> pd.DataFrame:
    """The customers with a stored top-N in `run_id` (or the active run), by id."""
    return pd.read_sql_query(
        "SELECT c.external_id AS customer, c.name, c.country FROM customers c WHERE c.id IN "
        f"(SELECT DISTINCT r.customer_id FROM recommendations r WHERE {_SERVING}) "
        "ORDER BY c.external_id", engine, params=(run_id,))


def recommended_products(engine: Engine, run_id: int | None = None) -> pd.DataFrame:
    """The products in any stored top-N of `run_id` (or the active run), with how many
    customers' lists hold each, most customers first."""
    return pd.read_sql_query(
        "SELECT p.sku, p.name AS product, p.category, COUNT(*) AS customers "
        f"FROM recommendations r JOIN products p ON p.id = r.product_id WHERE {_SERVING} "
        "GROUP BY p.id ORDER BY customers DESC, p.sku", engine, params=(run_id,))


def product_audience(engine: Engine, sku: str, run_id: int | None = None) -> pd.DataFrame:
    """The customers whose stored top-N in `run_id` (or the active run) holds `sku`, highest
    score first, with the place it takes on their list and its reason."""
    return pd.read_sql_query(
        "SELECT c.external_id AS customer, c.name, c.country, r.rank, r.score, r.reason "
        "FROM recommendations r JOIN customers c ON c.id = r.customer_id "
        f"WHERE r.product_id = (SELECT id FROM products WHERE sku = ?) AND {_SERVING} "
        "ORDER BY r.score DESC, r.rank, c.external_id", engine, params=(sku, run_id))


def run_recommendations(engine: Engine, run_id: int) -> pd.DataFrame:
    """Every customer's stored top-N of one run (for reports), by customer and rank."""
    return pd.read_sql_query(
        "SELECT c.external_id AS customer, r.rank, p.sku, p.name AS product, p.category, "
        "r.score, r.reason FROM recommendations r JOIN customers c ON c.id = r.customer_id "
        "JOIN products p ON p.id = r.product_id WHERE r.run_id = ? "
        "ORDER BY c.external_id, r.rank", engine, params=(run_id,))
