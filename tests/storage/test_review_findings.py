"""Real-world file shapes found in review: each once lost or corrupted data or misled the user."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from storage.errors import ImportProblem
from storage.importer import import_file
from storage.readers import read_table
from tests.conftest import run_job
from tests.storage.helpers import snapshot


def test_an_unclosed_quote_is_refused_not_swallowed(engine, tmp_path):
    rows = [f"C{i},2024-01-{i:02d},{i}" for i in range(1, 21)]
    rows[4] = 'C5,"2024-01-05,5'
    path = tmp_path / "till.csv"
    path.write_text("customer,date,amount\n" + "\n".join(rows) + "\n")
    before = snapshot(engine)
    with pytest.raises(ImportProblem, match="never closed") as problem:
        run_job(import_file(engine, path))
    assert problem.value.row == 6
    assert snapshot(engine) == before


def test_an_unclosed_quote_in_a_big_file_is_a_message_not_a_crash(engine, tmp_path):
    rows = [f"C{i},2024-01-01,{i}" for i in range(20_000)]
    rows[10] = 'C10,"2024-01-01,10'
    path = tmp_path / "big.csv"
    path.write_text("customer,date,amount\n" + "\n".join(rows) + "\n")
    with pytest.raises(ImportProblem):
        run_job(import_file(engine, path))


def test_long_numeric_json_ids_stay_distinct(engine, tmp_path):
    records = [{"reviewerID": 12345678901234567, "asin": "B1", "overall": 5,
                "unixReviewTime": 1252800000},
               {"reviewerID": 12345678901234568, "asin": "B1", "overall": 4,
                "unixReviewTime": 1252800000},
               {"reviewerID": None, "asin": "B2", "overall": 3, "unixReviewTime": 1252800000}]
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    run_job(import_file(engine, path))
    with engine.connect() as conn:
        ids = sorted(conn.execute(text("SELECT external_id FROM customers")).scalars())
    assert ids == ["12345678901234567", "12345678901234568"]


@pytest.mark.parametrize("price", ["1e400", "inf", "NaN", "5e13"])
def test_impossible_numbers_are_rejected(engine, tmp_path, price):
    path = tmp_path / "sales.csv"
    path.write_text(f"customer,date,quantity,price\nA,2024-01-01,1,{price}\n"
                    "B,2024-01-02,1,3\nC,2024-01-03,2,4\n")
    result = run_job(import_file(engine, path))
    assert result.rows_rejected == 1 and result.rows_imported == 2
    with engine.connect() as conn:
        assert conn.execute(text("SELECT SUM(amount) FROM order_lines")).scalar() == 11


def test_title_line_above_the_header(engine, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Sales export 2024\ncustomer,date,amount\nA,2024-01-01,5\nB,2024-01-02,7\n"
                    "B,2024-01-03,not much\n")
    result = run_job(import_file(engine, path))
    assert result.rows_imported == 2
    assert result.rejected_examples == ["row 5: 'not much' is not a number"]


def test_pandas_index_column_header(engine, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(",customer,date,amount\n0,A,2024-01-01,5\n1,B,2024-01-02,7\n")
    result = run_job(import_file(engine, path))
    assert result.rows_imported == 2 and result.mapping["customer"] == "customer"


def test_workbook_table_that_starts_at_c3(engine, tmp_path):
    pytest.importorskip("openpyxl")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row, values in enumerate([["sku", "name", "price"], ["T1", "Tea", 3],
                                  ["M1", "Mug", 8]], start=3):
        for column, value in enumerate(values, start=3):
            sheet.cell(row=row, column=column, value=value)
    path = tmp_path / "catalogue.xlsx"
    book.save(path)
    table = read_table(path)
    assert list(table.frame.columns) == ["sku", "name", "price"]
    assert list(table.source_rows) == [4, 5]
    assert run_job(import_file(engine, path)).rows_imported == 2


def test_dates_whose_first_value_is_not_a_date(engine, tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text("customer,date,amount\nA,n/a,5\nB,31/12/2024,7\nC,15/11/2024,7\n"
                    "D,01/10/2024,9\n")
    result = run_job(import_file(engine, path))
    assert result.rows_imported == 3 and result.rows_rejected == 1


def test_one_pretty_printed_json_object(tmp_path):
    path = tmp_path / "orders.json"
    path.write_text(json.dumps({"orders": [{"id": 1}]}, indent=2))
    with pytest.raises(ImportProblem, match="one JSON object"):
        read_table(path)


def test_unmappable_file_does_not_blame_a_kind_it_never_was(engine, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Remark,Colour\nnice,blue\nok,red\n")
    with pytest.raises(ImportProblem) as problem:
        run_job(import_file(engine, path))
    message = str(problem.value)
    assert "product code" not in message
    assert "--map" in message and "Remark, Colour" in message
