"""The must-hold figures of the import on the real public data sets in ../shared/data."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from sqlalchemy import text

from storage.database import create_db_engine
from storage.importer import import_file
from storage.queries import delete_import
from tests.conftest import data_file, run_job


def scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


@pytest.fixture(scope="module")
def retail(tmp_path_factory):
    """online_retail.csv imported once into a fresh database (about 5 s)."""
    path = data_file("online-retail", "online_retail.csv")
    engine = create_db_engine(tmp_path_factory.mktemp("retail") / "shop.sqlite3")
    result = run_job(import_file(engine, path))
    yield engine, result, path
    engine.dispose()


def test_online_retail_every_row_accounted_for(retail):
    engine, result, _ = retail
    assert result.rows_read == 541_909
    assert result.rows_rejected == 0
    assert result.duplicates == 5_268  # exact duplicate rows of the file
    assert result.rows_read == result.rows_imported + result.rows_rejected + result.duplicates
    assert scalar(engine, "SELECT COUNT(*) FROM order_lines") == result.rows_imported


def test_online_retail_entities(retail):
    engine, _, _ = retail
    assert scalar(engine, "SELECT COUNT(*) FROM customers") == 4_372
    assert scalar(engine, "SELECT COUNT(*) FROM orders") == 25_900
    assert scalar(engine, "SELECT COUNT(*) FROM products") == 4_070
    # Lines without a customer id are kept, on orders with an unknown customer.
    assert scalar(engine, "SELECT COUNT(*) FROM orders WHERE customer_id IS NULL") > 0


def test_products_take_the_name_most_lines_give(retail):
    engine, _, _ = retail
    # 23202 is described "JUMBO BAG VINTAGE LEAF" on 895 lines and "mailout" (a stock
    # adjustment) on one, which comes first in the file.
    names = {sku: scalar(engine, "SELECT name FROM products WHERE sku = :sku", sku=sku)
             for sku in ("23202", "23203", "22423")}
    assert names == {"23202": "JUMBO BAG VINTAGE LEAF", "23203": "JUMBO BAG VINTAGE DOILY",
                     "22423": "REGENCY CAKESTAND 3 TIER"}


def test_online_retail_revenue_is_quantity_times_price(retail):
    engine, _, path = retail
    raw = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str}).drop_duplicates()
    expected = float((raw["Quantity"] * raw["UnitPrice"]).sum())
    stored = scalar(engine, "SELECT SUM(amount) FROM order_lines")
    recomputed = scalar(engine, "SELECT SUM(quantity * unit_price) FROM order_lines")
    assert stored == pytest.approx(expected, rel=1e-9)
    assert recomputed == pytest.approx(stored, rel=1e-12)


def test_online_retail_cancellations_returns_and_non_products(retail):
    engine, result, _ = retail
    cancelled = scalar(engine, "SELECT COUNT(*) FROM orders WHERE status = 'cancelled'")
    assert cancelled == scalar(engine, "SELECT COUNT(*) FROM orders WHERE order_no LIKE 'C%'")
    assert cancelled > 3_000
    assert result.returns == scalar(engine, "SELECT COUNT(*) FROM order_lines WHERE quantity < 0")
    assert result.returns > 10_000
    flagged = {row for (row,) in engine.connect().execute(text(
        "SELECT sku FROM products WHERE is_non_product"))}
    assert {"POST", "DOT", "M", "BANK CHARGES", "AMAZONFEE", "D", "C2"} <= flagged
    assert "85123A" not in flagged
    # Non-product lines stay in revenue.
    assert scalar(engine, "SELECT SUM(amount) FROM order_lines WHERE is_non_product") != 0


def test_online_retail_times_kept_as_written_without_zone(retail):
    engine, _, _ = retail
    first = scalar(engine, "SELECT MIN(placed_at) FROM orders")
    assert str(first).startswith("2010-12-01 08:26:00")
    assert scalar(engine, "SELECT COUNT(*) FROM orders WHERE utc_offset_minutes IS NOT NULL") == 0


def test_reimport_same_file_adds_nothing(retail):
    engine, first, path = retail
    before = scalar(engine, "SELECT COUNT(*) FROM order_lines")
    again = run_job(import_file(engine, path))
    assert again.already_imported and again.import_id == first.import_id
    assert again.seconds < 2
    assert scalar(engine, "SELECT COUNT(*) FROM order_lines") == before


def test_overlapping_export_adds_nothing_twice(retail, tmp_path):
    """A renamed copy (different sha256 path check) with extra rows adds only the new rows."""
    engine, _, path = retail
    copy = tmp_path / "export_again.csv"
    shutil.copyfile(path, copy)
    with copy.open("a", encoding="utf-8") as handle:
        handle.write("999999,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,"
                     "2011-12-10 09:00:00,2.55,17850.0,United Kingdom\n")
    before = scalar(engine, "SELECT COUNT(*) FROM order_lines")
    result = run_job(import_file(engine, copy))
    assert result.rows_imported == 1
    assert result.already_in_database == 541_909 - 5_268
    assert scalar(engine, "SELECT COUNT(*) FROM order_lines") == before + 1
    assert scalar(engine, "SELECT COUNT(*) FROM orders WHERE order_no = '999999'") == 1
    delete_import(engine, result.import_id)
    assert scalar(engine, "SELECT COUNT(*) FROM order_lines") == before
    assert scalar(engine, "SELECT COUNT(*) FROM orders WHERE order_no = '999999'") == 0


def test_excel_sample_agrees_with_csv(retail):
    """Every row of the real Excel sample is a row of the CSV: nothing new lands."""
    engine, _, _ = retail
    workbook = data_file("online-retail", "online_retail_sample_40k.xlsx")
    before = scalar(engine, "SELECT COUNT(*) FROM order_lines")
    result = run_job(import_file(engine, workbook))
    assert result.rows_read == 40_000
    assert result.rows_rejected == 0
    assert result.rows_imported == 0
    assert result.duplicates == 40_000
    assert scalar(engine, "SELECT COUNT(*) FROM order_lines") == before


def test_excel_sample_alone_matches_csv_values(engine):
    """Typed Excel cells (numbers, datetimes) land as the same values as the CSV text."""
    workbook = data_file("online-retail", "online_retail_sample_40k.xlsx")
    csv = pd.read_csv(data_file("online-retail", "online_retail.csv"),
                      dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str})
    result = run_job(import_file(engine, workbook))
    assert result.rows_imported + result.duplicates == 40_000
    with engine.connect() as conn:
        stored = pd.read_sql_query(text(
            "SELECT o.order_no, p.sku, l.quantity, l.unit_price, o.placed_at, c.external_id "
            "FROM order_lines l JOIN orders o ON o.id = l.order_id "
            "LEFT JOIN products p ON p.id = l.product_id "
            "LEFT JOIN customers c ON c.id = o.customer_id"), conn)
    csv["customer"] = csv["CustomerID"].fillna("").str.replace(".0", "", regex=False)
    keys = ["InvoiceNo", "StockCode", "Quantity", "UnitPrice", "customer"]
    known = {tuple(map(str, row)) for row in csv[keys].itertuples(index=False, name=None)}
    stored_keys = stored[["order_no", "sku", "quantity", "unit_price", "external_id"]].copy()
    stored_keys["quantity"] = stored_keys["quantity"].astype(int)
    stored_keys["external_id"] = stored_keys["external_id"].fillna("")
    rows = {tuple(map(str, row)) for row in stored_keys.itertuples(index=False, name=None)}
    assert len(rows) > 35_000
    assert rows <= known


def test_shopify_orders_export(engine):
    result = run_job(import_file(engine, data_file("exports", "shopify_orders_export_1.csv")))
    assert result.preset == "shopify_orders"
    assert scalar(engine, "SELECT COUNT(*) FROM orders") == 51
    assert scalar(engine, "SELECT COUNT(*) FROM order_lines") == 121
    # Order fields appear only on an order's first row; every line still has its order's data.
    assert scalar(engine, "SELECT COUNT(*) FROM order_lines WHERE order_id IS NULL") == 0
    # Only the draft order #1001 has no e-mail, so only it has an unknown customer.
    assert scalar(engine, "SELECT order_no FROM orders WHERE customer_id IS NULL") == "#1001"
    assert scalar(engine, "SELECT COUNT(DISTINCT channel) FROM orders") >= 1
    # '2025-12-06 10:37:33 -0500' is 15:37:33 UTC; the source offset is kept.
    placed, offset = engine.connect().execute(text(
        "SELECT placed_at, utc_offset_minutes FROM orders WHERE order_no = '#1051'")).one()
    assert str(placed).startswith("2025-12-06 15:37:33")
    assert offset == -300
    assert scalar(engine, "SELECT external_id FROM customers ORDER BY id LIMIT 1") \
        == "customer1@example.com"


def test_shopify_products_enrich_products(engine):
    run_job(import_file(engine, data_file("exports", "shopify_products_export.csv")))
    assert scalar(engine, "SELECT COUNT(*) FROM products") == 20
    assert scalar(engine, "SELECT COUNT(*) FROM products WHERE name IS NULL") == 0
    assert scalar(engine, "SELECT COUNT(*) FROM products WHERE description LIKE '%<%'") == 0


def test_movielens_ratings_items_users(engine):
    ratings = run_job(import_file(engine, data_file("ml-100k", "u.data")))
    items = run_job(import_file(engine, data_file("ml-100k", "u.item")))
    users = run_job(import_file(engine, data_file("ml-100k", "u.user")))
    assert (ratings.preset, items.preset, users.preset) == (
        "movielens_ratings", "movielens_items", "movielens_users")
    assert scalar(engine, "SELECT COUNT(*) FROM events WHERE kind = 'rating'") == 100_000
    assert scalar(engine, "SELECT COUNT(*) FROM customers") == 943
    assert scalar(engine, "SELECT COUNT(*) FROM products") == 1_682
    assert scalar(engine, "SELECT COUNT(*) FROM customers WHERE age IS NOT NULL "
                          "AND gender IS NOT NULL AND occupation IS NOT NULL") == 943
    assert scalar(engine, "SELECT zip FROM customers WHERE external_id = '1'") == "85711"
    assert scalar(engine, "SELECT COUNT(*) FROM customers WHERE zip LIKE '0%'") > 0
    # u.item is latin-1: accented titles decode to the right characters.
    assert scalar(engine, "SELECT COUNT(*) FROM products WHERE name LIKE '%Misérables%'") >= 1
    assert scalar(engine, "SELECT category FROM products WHERE sku = '1'") \
        == "Animation|Children's|Comedy"
    assert scalar(engine, "SELECT AVG(value) FROM events") == pytest.approx(3.52986, abs=1e-4)
    assert str(scalar(engine, "SELECT MIN(occurred_at) FROM events")).startswith(
        "1997-09-20 03:05:10")


def test_rees46_clickstream(engine):
    result = run_job(import_file(engine, data_file("clickstream-rees46",
                                                   "2019-Oct_first17434.csv")))
    assert result.rows_imported == 17_434  # repeated clicks in one second are real events
    kinds = dict(engine.connect().execute(text(
        "SELECT kind, COUNT(*) FROM events GROUP BY kind")).all())
    assert kinds == {"view": 17_055, "cart": 165, "purchase": 214}
    assert scalar(engine, "SELECT COUNT(DISTINCT session) FROM events") == 5_066
    assert scalar(engine, "SELECT COUNT(*) FROM customers") == 4_504
    assert scalar(engine, "SELECT COUNT(*) FROM products") == 6_493
    assert scalar(engine, "SELECT COUNT(*) FROM events WHERE utc_offset_minutes = 0") == 17_434
    # Importing it again under another name adds nothing, the repeated clicks included.
    again = run_job(import_file(engine, _renamed_copy(result, engine)))
    assert again.rows_imported == 0 and again.already_in_database == 17_434


def _renamed_copy(result, engine):
    import tempfile
    from pathlib import Path

    source = data_file("clickstream-rees46", "2019-Oct_first17434.csv")
    target = Path(tempfile.mkdtemp()) / "events_again.csv"
    target.write_bytes(source.read_bytes() + b"\r\n")  # a different file, the same rows
    return target
