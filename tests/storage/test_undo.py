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
