"""Workbooks other than the real Excel sample: several sheets, OpenDocument, typed cells.

The fixtures are written with openpyxl / odfpy (test-only dependencies) into tmp_path."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import text

from storage.errors import ImportProblem
from storage.importer import ImportOptions, import_file
from storage.readers import read_table
from tests.conftest import run_job

SALES = pd.DataFrame({
    "订单号": ["A-1", "A-1", "A-2"],
    "会员": [1001.0, 1001.0, 1002.0],  # numeric cells, as Excel stores ids
    "商品": ["绿茶", "乌龙茶", "绿茶"],
    "数量": [2, 1, 3],
    "单价": [12.5, 30.0, 12.5],
    "下单时间": [datetime(2024, 3, 1, 9, 30), datetime(2024, 3, 1, 9, 30),
                 datetime(2024, 3, 2, 18, 5)],
})
NOTES = pd.DataFrame({"note": ["exported by the till"]})


def write_book(path, engine: str) -> None:
    with pd.ExcelWriter(path, engine=engine) as writer:
        NOTES.to_excel(writer, sheet_name="About", index=False)
        SALES.to_excel(writer, sheet_name="销售", index=False)


@pytest.mark.parametrize(("suffix", "writer"), [(".xlsx", "openpyxl"), (".ods", "odf")])
def test_chinese_workbook_with_a_chosen_sheet(engine, tmp_path, suffix, writer):
    path = tmp_path / f"sales{suffix}"
    write_book(path, writer)
    assert read_table(path).info["sheet"] == "About"  # first sheet with data by default
    result = run_job(import_file(engine, path, ImportOptions(sheet="销售")))
    assert result.kind == "orders" and result.rows_imported == 3
    assert result.mapping["customer"] == "会员" and result.mapping["date"] == "下单时间"
    with engine.connect() as conn:
        customers = sorted(conn.execute(text("SELECT external_id FROM customers")).scalars())
        placed = conn.execute(text("SELECT MIN(placed_at) FROM orders")).scalar()
        revenue = conn.execute(text("SELECT SUM(amount) FROM order_lines")).scalar()
        names = set(conn.execute(text("SELECT name FROM products")).scalars())
    assert customers == ["1001", "1002"]  # 1001.0 in the cell, 1001 the id
    assert str(placed).startswith("2024-03-01 09:30:00")
    assert revenue == pytest.approx(2 * 12.5 + 30 + 3 * 12.5)
    assert names == {"绿茶", "乌龙茶"}


def test_missing_sheet_names_the_sheets(tmp_path):
    path = tmp_path / "sales.xlsx"
    write_book(path, "openpyxl")
    with pytest.raises(ImportProblem, match="About, 销售"):
        read_table(path, sheet="Sales")
