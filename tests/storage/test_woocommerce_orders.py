"""WooCommerce has no built-in order export; the common export plugins write one row per line
item with headers like these (Advanced Order Export For WooCommerce's defaults)."""

from __future__ import annotations

from sqlalchemy import text

from storage.importer import import_file
from tests.conftest import run_job

HEADER = ('"Order Number","Order Status","Order Date","First Name (Billing)",'
          '"Email (Billing)","Country Code (Billing)","Item #","SKU","Item Name",'
          '"Quantity (- Refund)","Item Cost","Order Total Amount"')
ROWS = [
    '"1052","wc-completed","2024-05-02 14:03","Ana","ana@example.com","PT","1","HOOD-1",'
    '"Hoodie","2","45.00","110.00"',
    '"1052","wc-completed","2024-05-02 14:03","Ana","ana@example.com","PT","2","CAP-3","Cap",'
    '"1","20.00","110.00"',
    '"1053","wc-refunded","2024-05-03 09:15","Bo","bo@example.com","DK","1","CAP-3","Cap","1",'
    '"20.00","20.00"',
    '"1054","wc-cancelled","2024-05-04 18:40","Ana","ana@example.com","PT","1","HOOD-1",'
    '"Hoodie","1","45.00","45.00"',
]


def test_woocommerce_orders_export(engine, tmp_path):
    path = tmp_path / "orders-2024-05.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    result = run_job(import_file(engine, path))
    assert result.preset == "woocommerce_orders"
    assert result.rows_imported == 4
    with engine.connect() as conn:
        statuses = dict(conn.execute(text("SELECT order_no, status FROM orders")).all())
        revenue = conn.execute(text("SELECT SUM(amount) FROM order_lines")).scalar()
        customers = conn.execute(text("SELECT external_id, country FROM customers")).all()
    assert statuses == {"1052": "completed", "1053": "refunded", "1054": "cancelled"}
    assert revenue == 2 * 45 + 20 + 20 + 45
    assert sorted(customers) == [("ana@example.com", "PT"), ("bo@example.com", "DK")]
