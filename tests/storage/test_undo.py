"""Undoing an import removes what it brought and nothing that another import still needs."""

from __future__ import annotations

from sqlalchemy import text

from storage.importer import import_file
from storage.queries import delete_import
from tests.conftest import run_job

HEADER = "order,customer,sku,quantity,price,date\n"


def count(engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_undo_keeps_orders_that_a_later_import_added_lines_to(engine, tmp_path):
    first = tmp_path / "monday.csv"
    first.write_text(HEADER + "1001,ann,TEA,2,3.5,2024-05-06 10:00\n"
                              "1002,bob,MUG,1,8,2024-05-06 11:00\n")
    second = tmp_path / "monday-late.csv"  # a later export: order 1001 got another line
    second.write_text(HEADER + "1001,ann,CUP,1,4,2024-05-06 10:00\n")
    a = run_job(import_file(engine, first))
    b = run_job(import_file(engine, second))
    assert (a.new_orders, b.new_orders, b.rows_imported) == (2, 0, 1)

    removed = delete_import(engine, a.import_id)

    assert removed["order_lines"] == 2 and removed["orders"] == 1  # 1002 had only A's line
    assert count(engine, "SELECT COUNT(*) FROM orders") == 1
    assert count(engine, "SELECT order_no FROM orders") == "1001"
    assert count(engine, "SELECT COUNT(*) FROM order_lines") == 1
    assert count(engine, "SELECT import_id FROM orders") == b.import_id
    assert count(engine, "SELECT COUNT(*) FROM customers") == 1  # ann still has an order
    assert count(engine, "SELECT sku FROM products") == "CUP"

    delete_import(engine, b.import_id)
    for table in ("orders", "order_lines", "customers", "products", "imports"):
        assert count(engine, f"SELECT COUNT(*) FROM {table}") == 0


def test_undo_then_reimport_brings_the_file_back(engine, tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(HEADER + "7,ann,TEA,2,3.5,2024-05-06 10:00\n")
    first = run_job(import_file(engine, path))
    delete_import(engine, first.import_id)
    again = run_job(import_file(engine, path))
    assert not again.already_imported and again.rows_imported == 1


def test_undo_keeps_rows_that_a_later_overlapping_export_also_brought(engine, tmp_path):
    january = tmp_path / "jan.csv"
    january.write_text(HEADER + "1,ann,TEA,1,3,2024-01-02 10:00\n2,bob,MUG,1,8,2024-01-03 10:00\n"
                                "3,cy,TEA,2,3,2024-01-04 10:00\n")
    overlap = tmp_path / "jan-feb.csv"
    overlap.write_text(HEADER + "2,bob,MUG,1,8,2024-01-03 10:00\n3,cy,TEA,2,3,2024-01-04 10:00\n"
                                "4,dee,CUP,1,4,2024-02-01 10:00\n")
    first = run_job(import_file(engine, january))
    second = run_job(import_file(engine, overlap))
    assert (second.rows_imported, second.already_in_database) == (1, 2)

    delete_import(engine, first.import_id)

    # Everything in the file whose import remains is still there, owned by that import.
    assert count(engine, "SELECT COUNT(*) FROM order_lines") == 3
    assert count(engine, "SELECT COUNT(DISTINCT import_id) FROM order_lines") == 1
    assert count(engine, "SELECT COUNT(*) FROM orders") == 3
    assert count(engine, "SELECT COUNT(*) FROM customers") == 3  # bob, cy, dee
    delete_import(engine, second.import_id)
    assert count(engine, "SELECT COUNT(*) FROM order_lines") == 0
    assert count(engine, "SELECT COUNT(*) FROM customers") == 0


def test_undo_keeps_products_that_a_catalogue_also_names(engine, tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text(HEADER + "1,ann,TEA,1,3,2024-01-02 10:00\n")
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text("sku,name,category,price\nTEA,Green tea,Tea,3.2\nPOT,Tea pot,Kitchen,20\n")
    first = run_job(import_file(engine, orders))
    run_job(import_file(engine, catalogue))
    delete_import(engine, first.import_id)
    assert count(engine, "SELECT COUNT(*) FROM products") == 2
    assert count(engine, "SELECT category FROM products WHERE sku = 'TEA'") == "Tea"


def test_a_refund_in_a_later_export_updates_the_order_without_doubling_it(engine, tmp_path):
    source = tmp_path / "orders.csv"
    source.write_text("order,customer,sku,quantity,price,date,status\n"
                      "1051,ann,TEA,1,1299,2024-01-02 10:00,paid\n")
    later = tmp_path / "orders-later.csv"
    later.write_text("order,customer,sku,quantity,price,date,status\n"
                     "1051,ann,TEA,1,1299,2024-01-02 10:00,refunded\n")
    run_job(import_file(engine, source))
    again = run_job(import_file(engine, later))
    assert again.rows_imported == 0 and again.already_in_database == 1
    assert count(engine, "SELECT COUNT(*) FROM order_lines") == 1
    assert count(engine, "SELECT status FROM orders") == "refunded"


def test_a_catalogue_without_codes_enriches_products_by_name(engine, tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("order,customer,sku,product,quantity,price,date\n"
                      "1,ann,MUG1,Blue mug,1,8,2024-01-02 10:00\n")
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text("product,category,price\nblue  MUG,Kitchen,8.5\nTea pot,Kitchen,20\n")
    run_job(import_file(engine, orders))
    result = run_job(import_file(engine, catalogue))
    assert result.kind == "products"
    assert count(engine, "SELECT COUNT(*) FROM products") == 2
    assert count(engine, "SELECT category FROM products WHERE sku = 'MUG1'") == "Kitchen"
