"""storage.readers: encodings, delimiters, headers, ragged rows, JSON, compression, workbooks."""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import lzma

import pytest

from storage.errors import ImportProblem
from storage.progress import Progress
from storage.readers import (
    decode_text,
    iter_read_table,
    list_sheets,
    looks_like_header,
    read_table,
    sniff_delimiter,
)
from tests.storage.helpers import data_file, make_xlsx, run_job, write


def rows(table) -> list[list]:
    return table.frame.values.tolist()


# ---------------------------------------------------------------------------- encodings


def test_utf8_keeps_accents_and_reports_encoding(tmp_path):
    path = write(tmp_path, "orders.csv", "customer,date,amount\nJosé,2024-01-02,3.5\n"
                                         "Zoë,2024-01-03,4\n")
    table = read_table(path)
    assert table.info["encoding"] == "utf-8"
    assert list(table.frame.columns) == ["customer", "date", "amount"]
    assert rows(table) == [["José", "2024-01-02", "3.5"], ["Zoë", "2024-01-03", "4"]]
    assert table.source_rows.tolist() == [2, 3]


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path):
    path = write(tmp_path, "excel.csv", "\ufeffcustomer,date,amount\nAnna,2024-01-02,3.5\n")
    table = read_table(path)
    assert table.info["encoding"] == "utf-8-sig"
    assert list(table.frame.columns) == ["customer", "date", "amount"]


def test_utf16_excel_unicode_text_is_tab_separated(tmp_path):
    # Excel's "Unicode text": UTF-16 little-endian with a BOM, tabs, CRLF.
    text = "\ufeffCustomer\tProduct\tAmount\r\nJosé\tCafé crème\t3,50\r\n李四\t绿茶\t12\r\n"
    path = write(tmp_path, "unicode.txt", text, "utf-16-le")
    table = read_table(path)
    assert table.info["encoding"] == "utf-16"
    assert table.info["delimiter"] == "tab"
    assert list(table.frame.columns) == ["Customer", "Product", "Amount"]
    assert rows(table) == [["José", "Café crème", "3,50"], ["李四", "绿茶", "12"]]


def test_gb18030_chinese_headers_and_products(tmp_path):
    text = ("客户,日期,商品,金额\n张三,2024-01-02,绿茶礼盒,88\n李四,2024-01-03,红烧牛肉面,99\n"
            "王五,2024-02-01,羊毛围巾,12\n")
    path = write(tmp_path, "销售.csv", text, "gb18030")
    table = read_table(path)
    assert table.info["encoding"].replace("_", "").lower() == "gb18030"
    assert list(table.frame.columns) == ["客户", "日期", "商品", "金额"]
    assert table.frame["商品"].tolist() == ["绿茶礼盒", "红烧牛肉面", "羊毛围巾"]


def test_cp1252_euro_sign_and_accents(tmp_path):
    text = "product;price\nCafé crème;€3,50\nCrêpe flambée;€4,20\nThé;€2,10\n"
    path = write(tmp_path, "prix.csv", text, "cp1252")
    table = read_table(path)
    assert table.info["delimiter"] == "semicolon"
    assert rows(table) == [["Café crème", "€3,50"], ["Crêpe flambée", "€4,20"], ["Thé", "€2,10"]]


def test_latin1_text_decodes_to_the_same_characters(tmp_path):
    text = "title|year\nLes Misérables|1995\nCité des enfants perdus|1995\nÅge d'or|1930\n"
    path = write(tmp_path, "films.txt", text, "latin-1")
    table = read_table(path)
    # For these bytes latin-1 and cp1252 agree, so either name is right; the text must be.
    assert table.info["encoding"] in ("latin-1", "cp1252")
    assert table.frame["title"].tolist() == ["Les Misérables", "Cité des enfants perdus",
                                             "Åge d'or"]


@pytest.mark.parametrize(("raw", "expected", "encoding"), [
    (b"\xef\xbb\xbfa,b", "a,b", "utf-8-sig"),
    ("a,b".encode("utf-16"), "a,b", "utf-16"),
    ("naïve".encode(), "naïve", "utf-8"),
])
def test_decode_text_honours_boms_and_utf8(raw, expected, encoding):
    assert decode_text(raw, "f.csv") == (expected, encoding)


def test_decode_text_falls_back_for_gb18030():
    raw = ("客户编号,商品名称,数量,单价\n" * 5 + "张三,绿茶,2,10\n" * 5).encode("gb18030")
    text, encoding = decode_text(raw, "f.csv")
    assert encoding.replace("_", "").lower() == "gb18030"
    assert text.startswith("客户编号,商品名称")


# ---------------------------------------------------------------------------- delimiters


@pytest.mark.parametrize(("lines", "expected"), [
    (["a,b,c", "1,2,3", "4,5,6"], ","),
    (["a;b;c", "1,5;2;3", "4;5,25;6"], ";"),
    (["a\tb c\td", "1\t2 3\t4"], "\t"),
    (["1|24|M|technician|85711", "2|53|F|other|94043"], "|"),
    (["1::1193::5::978300760", "1::661::3::978302109"], "::"),
    (["196   242  3   881250949", "186 302     3 891717742"], "whitespace"),
])
def test_sniff_delimiter(lines, expected):
    assert sniff_delimiter(lines) == expected


@pytest.mark.parametrize(("name", "text", "delimiter"), [
    ("c.csv", "sku,qty\nA,1\nB,2\n", "comma"),
    ("s.csv", "sku;qty\nA;1\nB;2\n", "semicolon"),
    ("t.tsv", "sku\tqty\nA\t1\nB\t2\n", "tab"),
    ("p.txt", "sku|qty\nA|1\nB|2\n", "pipe"),
])
def test_common_delimiters(tmp_path, name, text, delimiter):
    table = read_table(write(tmp_path, name, text))
    assert table.info["delimiter"] == delimiter
    assert list(table.frame.columns) == ["sku", "qty"]
    assert rows(table) == [["A", "1"], ["B", "2"]]


def test_double_colon_movielens_1m_style(tmp_path):
    # Same layout as MovieLens-1M ratings.dat (values typed here, not copied from the data set).
    text = "1::1193::5::978300760\n1::661::3::978302109\n2::914::3::978301968\n"
    table = read_table(write(tmp_path, "ratings.dat", text))
    assert table.info["delimiter"] == "double colon"
    assert table.info["header"] is False
    assert list(table.frame.columns) == ["column 1", "column 2", "column 3", "column 4"]
    assert rows(table)[0] == ["1", "1193", "5", "978300760"]
    assert table.source_rows.tolist() == [1, 2, 3]


def test_double_colon_keeps_single_colons_inside_values(tmp_path):
    text = "id::time::note\n1::10:30::a\n2::11:45::b\n"
    table = read_table(write(tmp_path, "log.dat", text))
    assert table.frame["time"].tolist() == ["10:30", "11:45"]


def test_runs_of_whitespace(tmp_path):
    text = "user item rating\n1   1193  5\n2 661     3\n"
    table = read_table(write(tmp_path, "ratings.txt", text))
    assert table.info["delimiter"] == "runs of spaces"
    assert list(table.frame.columns) == ["user", "item", "rating"]
    assert rows(table) == [["1", "1193", "5"], ["2", "661", "3"]]


# ---------------------------------------------------------------------------- header or not


@pytest.mark.parametrize(("cells", "expected"), [
    (["InvoiceNo", "StockCode", "Quantity"], True),
    (["客户", "日期", "金额"], True),
    (["1", "1193", "5", "978300760"], False),
    (["A1", "12,5", "x"], False),  # a number (decimal comma) is data
    (["", "Customer", "Date", "Amount"], True),  # pandas' unnamed index column
    (["customer", "", "", "", "amount"], False),  # mostly empty: a data row
])
def test_looks_like_header(cells, expected):
    assert looks_like_header(cells) is expected


def test_file_without_header_gets_numbered_columns(tmp_path):
    table = read_table(write(tmp_path, "plain.csv", "17850,3,2.55\n13047,6,3.39\n"))
    assert table.info["header"] is False
    assert list(table.frame.columns) == ["column 1", "column 2", "column 3"]
    assert rows(table) == [["17850", "3", "2.55"], ["13047", "6", "3.39"]]
    assert table.source_rows.tolist() == [1, 2]


# ---------------------------------------------------------------------------- quoting, ragged


def test_quoted_fields_with_delimiter_and_doubled_quotes(tmp_path):
    text = ('sku,description,price\n'
            '22138,"RECORD FRAME 7"" SINGLE, SIZE ",2.55\n'
            '85123A,"WHITE HANGING HEART, T-LIGHT HOLDER",2.95\n')
    table = read_table(write(tmp_path, "q.csv", text))
    # Cells stay raw here (the trailing space too); parsing strips them later.
    assert table.frame["description"].tolist() == ['RECORD FRAME 7" SINGLE, SIZE ',
                                                   "WHITE HANGING HEART, T-LIGHT HOLDER"]
    assert table.frame["price"].tolist() == ["2.55", "2.95"]


def test_rows_with_wrong_field_count_are_rejected_with_their_line(tmp_path):
    text = "a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n"
    table = read_table(write(tmp_path, "ragged.csv", text))
    assert rows(table) == [["1", "2", "3"], ["6", "7", "8"], ["13", "14", "15"]]
    assert table.source_rows.tolist() == [2, 4, 6]
    assert [(line, why) for line, why, _ in table.rejected] == [
        (3, "has 2 fields where the header has 3"), (5, "has 4 fields where the header has 3")]
    assert table.rejected[1][2] == {"fields": ["9", "10", "11", "12"]}


def test_line_numbers_count_line_breaks_inside_quoted_cells(tmp_path):
    text = 'sku,note\nA,"first line\nsecond line"\nB,plain\nC\nD,last\n'
    table = read_table(write(tmp_path, "multi.csv", text))
    assert table.frame["note"].tolist() == ["first line\nsecond line", "plain", "last"]
    assert table.source_rows.tolist() == [2, 4, 6]
    assert [line for line, _, _ in table.rejected] == [5]


def test_ragged_whitespace_file_rejects_short_rows(tmp_path):
    text = "1 10 5\n2 20 4\n3 30\n4 40 3\n5  50  2\n6 60 1\n"
    table = read_table(write(tmp_path, "w.txt", text))
    assert table.info["delimiter"] == "runs of spaces"
    assert table.source_rows.tolist() == [1, 2, 4, 5, 6]
    assert [line for line, _, _ in table.rejected] == [3]


def test_row_numbers_after_a_blank_line_are_the_lines_a_user_sees(tmp_path):
    table = read_table(write(tmp_path, "gap.csv", "a,b\n1,2\n\n3,4\n"))
    assert rows(table) == [["1", "2"], ["3", "4"]]
    assert table.source_rows.tolist() == [2, 4]


def test_crlf_line_endings(tmp_path):
    table = read_table(write(tmp_path, "win.csv", "a,b\r\n1,2\r\n3,4\r\n"))
    assert rows(table) == [["1", "2"], ["3", "4"]]


def test_reading_yields_progress(tmp_path):
    gen = iter_read_table(write(tmp_path, "p.csv", "a,b\n1,2\n3,4\n"))
    steps = []
    while True:
        try:
            steps.append(next(gen))
        except StopIteration as stop:
            table = stop.value
            break
    assert steps and all(isinstance(s, Progress) for s in steps)
    assert len(table.frame) == 2


def test_duplicate_header_names_are_a_problem(tmp_path):
    with pytest.raises(ImportProblem, match="two columns are both called 'amount'"):
        read_table(write(tmp_path, "dup.csv", "amount,x,amount\n1,a,2\n3,b,4\n"))


# ---------------------------------------------------------------------------- JSON


REVIEWS = [
    '{"reviewerID": "A2SUAM1J3GNN3B", "asin": "0000013714", "reviewerName": "J. McDonald", '
    '"overall": 5.0, "unixReviewTime": 1252800000, "reviewText": "Great, for beginners."}',
    '{"reviewerID": "A1HK2FQW6KXQB2", "asin": "0000013714", "overall": 4.0, '
    '"unixReviewTime": 1385596800, "reviewText": "Nice \\"easy\\" songs"}',
]


def test_json_lines_reviews(tmp_path):
    path = write(tmp_path, "reviews.jsonl", "\n".join(REVIEWS) + "\n")
    table = read_table(path)
    assert table.info["format"] == "json"
    assert {"reviewerID", "asin", "overall", "unixReviewTime", "reviewText"} <= set(
        table.frame.columns)
    assert table.frame["reviewerID"].tolist() == ["A2SUAM1J3GNN3B", "A1HK2FQW6KXQB2"]
    assert table.frame["reviewText"].tolist()[1] == 'Nice "easy" songs'
    assert table.frame["overall"].tolist() == [5.0, 4.0]
    # A key missing from one record is an empty cell, not NaN.
    assert table.frame["reviewerName"].tolist() == ["J. McDonald", ""]
    assert table.source_rows.tolist() == [1, 2]


def test_malformed_json_line_is_rejected_with_its_line_number(tmp_path):
    text = REVIEWS[0] + "\n" + '{"reviewerID": "A3", "asin": ' + "\n\n" + REVIEWS[1] + "\n"
    table = read_table(write(tmp_path, "reviews.json", text))
    assert table.frame["reviewerID"].tolist() == ["A2SUAM1J3GNN3B", "A1HK2FQW6KXQB2"]
    assert table.source_rows.tolist() == [1, 4]
    assert len(table.rejected) == 1
    line, why, raw = table.rejected[0]
    assert line == 2
    assert why.startswith("is not valid JSON")
    assert raw == {"line": '{"reviewerID": "A3", "asin": '}


def test_json_array_of_objects(tmp_path):
    text = '[{"sku": "A", "qty": 1, "tags": ["x", "y"]}, {"sku": "B", "qty": 2}, 7]'
    table = read_table(write(tmp_path, "items.json", text))
    assert table.frame["sku"].tolist() == ["A", "B"]
    assert table.frame["tags"].tolist() == ['["x", "y"]', ""]
    assert [(n, why) for n, why, _ in table.rejected] == [(3, "is not a JSON object")]


def test_invalid_json_array_names_the_line(tmp_path):
    path = write(tmp_path, "broken.json", '[\n{"sku": "A"},\n{"sku": \n]')
    with pytest.raises(ImportProblem, match=r"broken\.json: the JSON is not valid \(line 4"):
        read_table(path)


def test_json_lines_without_any_object_is_a_problem(tmp_path):
    with pytest.raises(ImportProblem, match="no line of the file is a JSON object"):
        read_table(write(tmp_path, "junk.jsonl", "{oops\n{nope\n"))


def test_json_lines_with_utf8_bom(tmp_path):
    path = write(tmp_path, "bom.jsonl", "\ufeff" + "\n".join(REVIEWS) + "\n")
    table = read_table(path)
    assert table.info["format"] == "json"
    assert table.frame["asin"].tolist() == ["0000013714", "0000013714"]


# ---------------------------------------------------------------------------- compression


@pytest.mark.parametrize(("suffix", "compress"), [
    (".gz", gzip.compress), (".xz", lzma.compress), (".bz2", bz2.compress)])
def test_compressed_csv(tmp_path, suffix, compress):
    text = "客户,金额\n张三,88\n李四,99\n"
    path = write(tmp_path, "sales.csv" + suffix, compress(text.encode("gb18030")))
    table = read_table(path)
    assert table.file_name == "sales.csv" + suffix
    assert table.frame["客户"].tolist() == ["张三", "李四"]


def test_compressed_json_lines(tmp_path):
    path = write(tmp_path, "reviews.json.gz", gzip.compress("\n".join(REVIEWS).encode()))
    assert read_table(path).frame["asin"].tolist() == ["0000013714", "0000013714"]


def test_damaged_compressed_file(tmp_path):
    data = gzip.compress(b"a,b\n1,2\n" * 100)
    path = write(tmp_path, "cut.csv.gz", data[: len(data) // 2])
    with pytest.raises(ImportProblem, match=r"cut\.csv\.gz: the compressed file is damaged"):
        read_table(path)


# ---------------------------------------------------------------------------- workbooks


def test_real_excel_sample_reads_all_rows_with_typed_cells():
    path = data_file("online-retail", "online_retail_sample_40k.xlsx")
    table = read_table(path)
    assert table.info["format"] == "workbook"
    assert table.info["sheet"] == "Sheet1"
    assert table.info["sheets"] == ["Sheet1"]
    assert len(table.frame) == 40_000
    assert list(table.frame.columns) == ["InvoiceNo", "StockCode", "Description", "Quantity",
                                         "InvoiceDate", "UnitPrice", "CustomerID", "Country"]
    assert table.source_rows[0] == 2 and table.source_rows[-1] == 40_001
    dates = table.frame["InvoiceDate"]
    assert all(isinstance(v, dt.datetime) for v in dates)
    assert min(dates) == dt.datetime(2010, 12, 1, 8, 26)
    assert max(dates) == dt.datetime(2011, 12, 9, 12, 31)
    assert (table.frame["CustomerID"] == "").sum() == 10_057
    assert table.frame["InvoiceNo"].map(lambda v: str(v).startswith("C")).sum() == 674


def test_real_excel_sample_by_sheet_name():
    path = data_file("online-retail", "online_retail_sample_40k.xlsx")
    assert list_sheets(path) == ["Sheet1"]
    assert len(read_table(path, sheet="Sheet1").frame) == 40_000


def test_missing_sheet_lists_the_sheets():
    path = data_file("online-retail", "online_retail_sample_40k.xlsx")
    with pytest.raises(ImportProblem) as info:
        read_table(path, sheet="Online Retail")
    message = str(info.value)
    assert "online_retail_sample_40k.xlsx" in message
    assert "no sheet called 'Online Retail'" in message
    assert "The sheets are: Sheet1." in message


def test_workbook_uses_first_sheet_with_data_or_the_chosen_sheet(tmp_path):
    path = make_xlsx(tmp_path / "book.xlsx", {
        "Notes": [],
        "Sales": [["customer", "sku", "qty"], ["ann", "A1", 2], ["bob", "B2", 3]],
        "Returns": [["customer", "sku", "qty"], ["cat", "C3", -1]],
    })
    table = read_table(path)
    assert table.info["sheet"] == "Sales"
    assert rows(table) == [["ann", "A1", 2.0], ["bob", "B2", 3.0]]
    chosen = read_table(path, sheet="Returns")
    assert chosen.info["sheet"] == "Returns"
    assert rows(chosen) == [["cat", "C3", -1.0]]
    with pytest.raises(ImportProblem, match=r"The sheets are: Notes, Sales, Returns\."):
        read_table(path, sheet="Orders")


def test_workbook_row_numbers_after_a_blank_row(tmp_path):
    path = make_xlsx(tmp_path / "gap.xlsx", {
        "Sales": [["customer", "qty"], ["ann", 1], None, ["bob", 2]]})
    table = read_table(path)
    assert table.frame["customer"].tolist() == ["ann", "bob"]
    assert table.source_rows.tolist() == [2, 4]


def test_chosen_empty_sheet_is_named_in_the_message(tmp_path):
    path = make_xlsx(tmp_path / "book.xlsx", {"Notes": [], "Sales": [["a", "b"], ["x", 1]]})
    with pytest.raises(ImportProblem) as info:
        read_table(path, sheet="Notes")
    assert "Notes" in str(info.value)


# ---------------------------------------------------------------------------- not readable


def test_missing_file(tmp_path):
    with pytest.raises(ImportProblem, match=r"nowhere\.csv: the file does not exist"):
        read_table(tmp_path / "nowhere.csv")


def test_header_only_file(tmp_path):
    with pytest.raises(ImportProblem, match="has a header but no data rows"):
        read_table(write(tmp_path, "head.csv", "customer,date,amount\n"))


def test_run_job_returns_the_table(tmp_path):
    table = run_job(iter_read_table(write(tmp_path, "x.csv", "a,b\n1,2\n")))
    assert rows(table) == [["1", "2"]]
