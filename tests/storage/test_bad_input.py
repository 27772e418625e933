"""Files that cannot be imported: a clear ImportProblem, and the database exactly as before.
Files with a few bad rows: the rest is imported and every bad row is accounted for."""

from __future__ import annotations

import gzip
import json
import random

import pytest
from sqlalchemy import text

from storage.errors import AmbiguousDates, ImportProblem
from storage.importer import ImportOptions, import_file
from tests.storage.helpers import data_file, import_path, snapshot, write

GOOD = ("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,"
        "United Kingdom\n"
        "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n"
        "536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n"
        "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom\n")


@pytest.fixture
def shop(engine, tmp_path):
    """A shop database (tests/conftest.py's `engine`) that already holds one small import."""
    result = import_path(engine, write(tmp_path, "good.csv", GOOD))
    assert result.rows_imported == 4
    return engine


def orders_csv(dates: list[str]) -> str:
    lines = ["customer,date,quantity,amount"]
    lines += [f"c{i},{d},1,{i}.50" for i, d in enumerate(dates)]
    return "\n".join(lines) + "\n"


def random_binary() -> bytes:
    rng = random.Random(20240601)
    data = bytearray(rng.randbytes(4096))
    data[:4] = b"\x7fELF"  # not a spreadsheet or BOM magic, whatever the seed gives
    data[100:108] = b"\x00" * 8
    return bytes(data)


def truncated_workbook() -> bytes:
    data = data_file("online-retail", "online_retail_sample_40k.xlsx").read_bytes()
    return data[: len(data) // 2]


# name → (file name, content builder, options, pieces the message must contain)
BAD_FILES = {
    "empty": ("empty.csv", lambda: b"", {},
              ["empty.csv: the file is empty.", "Export the data again"]),
    "blank lines only": ("blank.csv", lambda: b"\n  \n\r\n", {},
                         ["blank.csv: the file is empty."]),
    "header only": ("head.csv", lambda: b"customer,date,amount\n", {},
                    ["head.csv: the file has a header but no data rows.", "right period"]),
    "binary": ("export.csv", random_binary, {},
               ["export.csv: ", "binary data", "Import a CSV, Excel"]),
    "truncated xlsx": ("sales.xlsx", truncated_workbook, {},
                       ["sales.xlsx: the workbook is damaged or incomplete",
                        "Open it in Excel or LibreOffice and save it again"]),
    "text named xlsx": ("sales.xlsx", lambda: b"customer,date\nann,2024-01-02\n", {},
                        ["sales.xlsx: the workbook is damaged or incomplete"]),
    "damaged gzip": ("orders.csv.gz", lambda: gzip.compress(GOOD.encode())[:60], {},
                     ["orders.csv.gz: the compressed file is damaged",
                      "Compress or download the file again."]),
    "invalid JSON array": ("orders.json", lambda: b'[{"customer": "a"},\n{"customer": ]', {},
                           ["orders.json: the JSON is not valid (line 2", "JSON lines"]),
    "unmappable columns": ("mystery.csv", lambda: b"foo,bar,baz\nx,y,z\nq,r,s\n", {},
                           ["mystery.csv: ShopSense could not tell what this file holds",
                            "columns in the file: foo, bar, baz", "--map"]),
    "unknown --map column": ("till.csv", lambda: orders_csv(["2024-01-02"] * 3).encode(),
                             {"mapping": {"customer": "Client"}},
                             ["till.csv: there is no column called 'Client'.",
                              "The columns are: customer, date, quantity, amount."]),
    "most dates unparseable": (
        "till.csv",
        lambda: orders_csv(["someday"] * 3 + ["2024-01-04"] + ["later"] * 6).encode(), {},
        ["till.csv: 9 of 10 rows cannot be used (first: row 2, column 'date' 'someday' is not "
         "a date)", "--dayfirst", "Nothing was imported."]),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_and_the_database_is_unchanged(shop, tmp_path, case):
    name, build, options, pieces = BAD_FILES[case]
    before = snapshot(shop)
    path = write(tmp_path, name, build())
    with pytest.raises(ImportProblem) as info:
        import_path(shop, path, **options)
    problem = info.value
    message = str(problem)
    for piece in pieces:
        assert piece in message
    assert problem.file == name
    assert problem.hint  # every problem says what to do next
    assert snapshot(shop) == before


def test_ambiguous_dates_are_refused_naming_the_column(shop, tmp_path):
    before = snapshot(shop)
    path = write(tmp_path, "till.csv", orders_csv(["01/02/2011", "03/04/2011", "05/06/2011"]))
    with pytest.raises(AmbiguousDates) as info:
        import_path(shop, path)
    assert info.value.column == "date"
    assert str(info.value).startswith("till.csv, column 'date': ")
    assert "--dayfirst" in str(info.value) and "--monthfirst" in str(info.value)
    assert snapshot(shop) == before
    # ... and the user's choice imports it
    result = import_path(shop, path, dayfirst=True)
    assert result.rows_imported == 3
    with shop.connect() as conn:
        first = conn.execute(text(
            "SELECT o.placed_at FROM orders o JOIN order_lines l ON l.order_id = o.id "
            "WHERE l.import_id = :i ORDER BY l.source_row"), {"i": result.import_id}).first()
    assert first[0].startswith("2011-02-01")


def test_missing_file(shop, tmp_path):
    before = snapshot(shop)
    with pytest.raises(ImportProblem, match=r"gone\.csv: the file does not exist\. Check the "):
        import_path(shop, tmp_path / "gone.csv")
    assert snapshot(shop) == before


def test_cancelled_import_leaves_the_database_unchanged(shop, tmp_path):
    before = snapshot(shop)
    path = write(tmp_path, "more.csv", GOOD.replace("5363", "6363"))
    job = import_file(shop, path, ImportOptions())
    for progress in job:
        if progress.message.startswith("Saving"):  # inside the database transaction
            break
    else:
        pytest.fail("the import never reached the saving stage")
    job.close()
    assert snapshot(shop) == before
    # the same file imports in full afterwards
    assert import_path(shop, path).rows_imported == 4


def test_same_file_twice_adds_nothing(shop, tmp_path):
    before = snapshot(shop)
    result = import_path(shop, write(tmp_path, "again.csv", GOOD))
    assert result.already_imported
    assert snapshot(shop) == before


# ---------------------------------------------------------------------------- some bad rows


def test_some_unparseable_dates_import_the_rest(shop, tmp_path):
    dates = [f"2024-01-{d:02d}" for d in range(1, 11)]
    dates[3], dates[7] = "someday", "31/02/2024x"
    path = write(tmp_path, "till.csv", orders_csv(dates))
    before = snapshot(shop)["counts"]
    result = import_path(shop, path)

    assert result.rows_read == 10
    assert result.rows_imported == 8
    assert result.rows_rejected == 2
    assert result.duplicates == 0
    assert result.rows_read == result.rows_imported + result.rows_rejected + result.duplicates
    assert result.rejected_examples == ["row 5: 'someday' is not a date",
                                        "row 9: '31/02/2024x' is not a date"]
    with shop.connect() as conn:
        rejected = conn.execute(text(
            "SELECT row_number, column, reason, raw FROM rejected_rows WHERE import_id = :i "
            "ORDER BY row_number"), {"i": result.import_id}).all()
        stored = conn.execute(text(
            "SELECT rows_read, rows_imported, rows_rejected, duplicates FROM imports "
            "WHERE id = :i"), {"i": result.import_id}).one()
        lines = conn.execute(text("SELECT source_row FROM order_lines WHERE import_id = :i "
                                  "ORDER BY source_row"), {"i": result.import_id}).scalars()
        lines = lines.all()
    assert [(r.row_number, r.column, r.reason) for r in rejected] == [
        (5, "date", "'someday' is not a date"), (9, "date", "'31/02/2024x' is not a date")]
    assert json.loads(rejected[0].raw) == {"customer": "c3", "date": "someday",
                                           "quantity": "1", "amount": "3.50"}
    assert json.loads(rejected[1].raw)["customer"] == "c7"
    assert tuple(stored) == (10, 8, 2, 0)
    assert lines == [2, 3, 4, 6, 7, 8, 10, 11]
    after = snapshot(shop)["counts"]
    assert after["order_lines"] == before["order_lines"] + 8
    assert after["rejected_rows"] == before["rejected_rows"] + 2


def test_every_row_read_is_imported_rejected_or_a_duplicate(shop, tmp_path):
    body = [
        "ann,2024-01-02,1,2.50",
        "bob,2024-01-03,2,5.00",
        "bob,2024-01-03,2,5.00",  # an exact repeat of the row above
        "cat,2024-01-04",  # too few fields
        "dan,whenever,1,1.00",  # bad date
        "eve,2024-01-05,lots,1.00",  # bad quantity
        "fay,2024-01-06,1,3.00",
        "gus,2024-01-07,1,4.00",
    ]
    path = write(tmp_path, "mixed.csv", "customer,date,quantity,amount\n" + "\n".join(body))
    result = import_path(shop, path)
    assert result.rows_read == 8
    assert result.rows_imported == 4
    assert result.rows_rejected == 3
    assert result.duplicates == 1
    assert result.rows_read == result.rows_imported + result.rows_rejected + result.duplicates
    with shop.connect() as conn:
        rejected = conn.execute(text(
            "SELECT row_number, column, reason FROM rejected_rows WHERE import_id = :i "
            "ORDER BY row_number"), {"i": result.import_id}).all()
    assert [tuple(r) for r in rejected] == [
        (5, None, "the row has 2 fields where the header has 4"),
        (6, "date", "'whenever' is not a date"),
        (7, "quantity", "'lots' is not a number"),
    ]


def test_reimporting_an_overlapping_export_counts_duplicates(shop, tmp_path):
    # The first import (good.csv) plus one new row, saved as a different file.
    extra = ("536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,2010-12-01 08:34:00,1.69,13047.0,"
             "United Kingdom\n")
    result = import_path(shop, write(tmp_path, "overlap.csv", GOOD + extra))
    assert not result.already_imported
    assert result.rows_read == 5
    assert result.rows_imported == 1
    assert result.already_in_database == 4
    assert result.rows_read == result.rows_imported + result.rows_rejected + result.duplicates


def _amounts(engine) -> list[float]:
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT amount FROM order_lines "
                                                    "ORDER BY source_row"))]


def test_decimal_commas_are_read_from_the_data(engine, tmp_path):
    # A European till: '12,50' is twelve and a half, '1.299,00' is 1299.
    path = write(tmp_path, "kasse.csv", 'customer;date;quantity;amount\n'
                 'c1;2024-03-01;1;12,50\nc2;2024-03-02;2;"1.299,00"\nc3;2024-03-03;1;7\n')
    import_path(engine, path)
    assert _amounts(engine) == [12.5, 1299.0, 7.0]


@pytest.mark.parametrize(("decimal_comma", "expected"), [(True, [1.25, 2.5]),
                                                         (False, [1250.0, 2500.0])])
def test_the_decimal_mark_chosen_by_the_user_is_applied(engine, tmp_path, decimal_comma,
                                                        expected):
    # '1,250' reads both ways: the wizard asks, and the answer must reach every amount.
    path = write(tmp_path, "ambiguous.csv", 'customer,date,quantity,amount\n'
                 'c1,2024-03-01,1,"1,250"\nc2,2024-03-02,2,"2,500"\n')
    import_path(engine, path, decimal_comma=decimal_comma)
    assert _amounts(engine) == expected
