"""The Overview and Customers use cases: known answers on the hand-made shop, and agreement
with the CLI's profile and lifetime-value jobs on real data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.jobs.clv import clv_job
from engine.jobs.customers import (
    ACTIVE_DAYS_FALLBACK,
    TABLE_COLUMNS,
    UnknownCustomer,
    book_from,
    customer_book,
    customer_details,
    customer_list,
    held_customer_details,
    model_recommendations,
    overview_from,
    shop_overview,
)
from engine.jobs.profiles import profile_job
from tests.conftest import run_job
from tests.engine.test_profiles import tiny_customers, tiny_events
from tests.engine.test_rfm import tiny_lines

# ---------------------------------------------------------------------------- the tiny shop


def test_overview_of_the_tiny_shop():
    overview = overview_from(tiny_lines(), customers=5)
    assert overview.customers == 5
    # Purchases: A 1 and 2, B 4, C 5 and 6, E 8, the guest's 10; not E's refunded 7 nor the
    # cancelled 9.
    assert overview.orders == 7
    # January: A 45, E 20. February: A 10, A's return -20, B 40, C 40, the guest 30.
    assert overview.revenue == pytest.approx(165.0)
    monthly = overview.monthly.set_index("month")
    assert monthly.loc["2024-01-01", "revenue"] == pytest.approx(65.0)
    assert monthly.loc["2024-02-01", "revenue"] == pytest.approx(100.0)
    assert monthly["new_customers"].tolist() == [2, 2]  # A, E; then B, C
    assert monthly["returning_customers"].tolist() == [0, 1]  # A again in February
    assert overview.as_of == pd.Timestamp("2024-02-29")
    # Too few repeat customers for the shop's own rhythm: the fallback, and all four bought
    # within it (E last on 20 January, 40 days before).
    assert overview.active_days == ACTIVE_DAYS_FALLBACK
    assert overview.active_customers == 4
    assert overview.segments.sum() == 4
    assert overview.segments.is_monotonic_decreasing


def test_active_customers_follow_the_window():
    lines = tiny_lines()
    late = lines.assign(placed_at=lines["placed_at"].where(lines["customer"] != "B",
                                                           pd.Timestamp("2024-06-01")),
                        local_time=lines["local_time"].where(lines["customer"] != "B",
                                                             pd.Timestamp("2024-06-01")))
    overview = overview_from(late, customers=5)
    # Seen from 2 June only B bought within 90 days.
    assert overview.as_of == pd.Timestamp("2024-06-02")
    assert overview.active_customers == 1
    assert len(overview.monthly) == 6  # January to June, quiet months included
    assert overview.monthly["revenue"].iloc[2:5].eq(0).all()


def test_overview_of_a_shop_without_orders():
    overview = overview_from(tiny_lines().iloc[:0], customers=3)
    assert (overview.customers, overview.orders, overview.revenue) == (3, 0, 0.0)
    assert overview.as_of is None
    assert overview.monthly.empty and overview.segments.empty


def test_book_of_the_tiny_shop():
    book = book_from(tiny_lines(), tiny_events(), tiny_customers())
    table = book.table.set_index("customer")
    assert list(book.table.columns) == list(TABLE_COLUMNS)
    assert sorted(table.index) == ["A", "B", "C", "D", "E"]
    assert table.loc["D", "segment"] == "No orders yet"
    assert table.loc["D", "orders"] == 0 and pd.isna(table.loc["D", "last_purchase"])
    assert table.loc["A", "revenue"] == pytest.approx(35.0)  # 45 + 10 - 20 returned
    assert table.loc["E", "revenue"] == pytest.approx(20.0)  # the refund adds nothing
    assert table.loc["C", "country"] == "France"
    # Two repeat customers cannot support a lifetime-value fit: no values, and a note why.
    assert table["lifetime_value"].isna().all()
    assert book.notes and "more than one day" in book.notes[0]


def test_details_of_an_unknown_customer_suggest_similar_ids():
    book = book_from(tiny_lines(), tiny_events(), tiny_customers())
    with pytest.raises(UnknownCustomer) as raised:
        customer_details(book, "a")
    assert raised.value.suggestions == ["A"]


# ---------------------------------------------------------------------------- real shops


@pytest.fixture(scope="module")
def retail_book(retail_db: Path):
    return customer_book(retail_db)


def test_book_values_equal_the_clv_command(retail_db: Path, retail_book):
    clv = run_job(clv_job(retail_db)).values
    table = retail_book.table.set_index("customer")
    assert len(table) == 4372
    assert table["lifetime_value"].notna().sum() == len(clv)
    np.testing.assert_allclose(table.loc[clv.index, "lifetime_value"], clv["clv"], rtol=1e-9)


def test_details_equal_the_profile_command(retail_db: Path, retail_book):
    customer = "12347"
    details = customer_details(retail_book, customer)
    assert details.profile == run_job(profile_job(retail_db, customer))
    row = retail_book.table.set_index("customer").loc[customer]
    assert details.lifetime_value == pytest.approx(row["lifetime_value"])


def test_the_list_leaves_the_orders_in_the_process_that_read_them(retail_db: Path,
                                                                  retail_book, monkeypatch):
    listed = customer_list(retail_db)
    pd.testing.assert_frame_equal(listed.table, retail_book.table)
    assert set(vars(listed)) == {"as_of", "table", "notes"}  # no order lines to send over
    reads = []
    monkeypatch.setattr("engine.jobs.customers.customer_book",
                        lambda db: reads.append(db) or retail_book)
    details = held_customer_details(retail_db, "12347")
    assert details == customer_details(retail_book, "12347")
    assert reads == []  # the book customer_list kept: no second read
    monkeypatch.setattr("engine.jobs.customers._held_books", {})  # a fresh process
    assert held_customer_details(retail_db, "12347") == details
    assert reads == [retail_db]


def test_shop_overview_counts_equal_the_database(retail_db: Path):
    overview = shop_overview(retail_db)
    with sqlite3.connect(retail_db) as db:
        customers, = db.execute("SELECT COUNT(*) FROM customers").fetchone()
        orders, = db.execute(
            "SELECT COUNT(DISTINCT l.order_id) FROM order_lines l JOIN orders o "
            "ON o.id = l.order_id WHERE o.status = 'completed' AND l.quantity > 0 "
            "AND NOT l.is_non_product").fetchone()
        revenue, = db.execute(
            "SELECT SUM(l.amount) FROM order_lines l JOIN orders o ON o.id = l.order_id "
            "WHERE (l.quantity > 0 AND o.status = 'completed') "
            "OR (l.quantity < 0 AND o.status != 'refunded')").fetchone()
    assert (overview.customers, overview.orders) == (customers, orders)
    assert overview.revenue == pytest.approx(revenue, abs=0.01)
    assert overview.monthly["revenue"].sum() == pytest.approx(revenue, abs=1.0)


def test_names_emails_and_model_recommendations(small_shop: Path):
    book = customer_book(small_shop)
    assert book.table["name"].notna().all() and book.table["email"].str.endswith(
        "@example.com").all()
    customer = str(book.table.sort_values("orders")["customer"].iloc[-1])
    has_model, products = model_recommendations(small_shop, customer)
    with sqlite3.connect(small_shop) as db:
        expected = [name for name, in db.execute(
            "SELECT p.name FROM recommendations r JOIN customers c ON c.id = r.customer_id "
            "JOIN products p ON p.id = r.product_id JOIN model_runs m ON m.id = r.run_id "
            "WHERE m.is_active AND c.external_id = ? ORDER BY r.rank LIMIT 5", (customer,))]
    assert has_model and expected
    assert products["product"].tolist() == expected


def test_no_model_no_recommendations(retail_db: Path):
    has_model, products = model_recommendations(retail_db, "12347")
    assert not has_model and products.empty
