"""Reports as a shop owner opens them: sheets, columns, rows, formats, safety, pages."""

from __future__ import annotations

import codecs
import csv
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from engine.jobs.export import ExportProblem, export_job
from engine.reports import write_report
from engine.reports.content import Column, Report
from engine.reports.safety import DANGEROUS_STARTS, neutralise
from storage.database import create_db_engine
from storage.queries import customer_table
from tests.conftest import run_job
from tests.engine.report_shop import AT_SUM, HYPERLINK

RECOMMENDATION_COLUMNS = ["Customer", "Segment", "Spend so far", "Rank", "Product code",
                          "Product", "Reason"]


@pytest.fixture(scope="module")
def retail_trained(retail_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full Online Retail shop with an item-kNN run (about 6 s)."""
    from engine.jobs.training import TrainOptions, train_job

    path = tmp_path_factory.mktemp("retail-reports") / "shop.sqlite3"
    shutil.copyfile(retail_db, path)
    run_job(train_job(path, TrainOptions("itemknn")))
    return path


def _count(db: Path, sql: str) -> int:
    engine = create_db_engine(db)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql(sql).scalar_one()
    finally:
        engine.dispose()


def _export(db: Path, kind: str, path: Path, **options) -> Path:
    fmt = path.suffix.lstrip(".")
    result = run_job(export_job(db, kind, fmt, path, **options))
    assert result.path == path and path.exists()
    return path


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_recommendations_workbook_from_online_retail(retail_trained, tmp_path):
    path = _export(retail_trained, "recommendations", tmp_path / "recs.xlsx", top=3)
    expected = _count(retail_trained, "SELECT COUNT(*) FROM recommendations r JOIN model_runs m "
                                      "ON m.id = r.run_id WHERE m.is_active AND r.rank <= 3")
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["Summary", "Recommendations"]
    detail = sheets["Recommendations"]
    assert list(detail.columns) == RECOMMENDATION_COLUMNS  # no names or e-mails in this data
    assert len(detail) == expected > 10_000
    assert set(detail["Rank"]) == {1, 2, 3}
    spend = detail.drop_duplicates("Customer")["Spend so far"].to_numpy()
    assert (spend[:-1] >= spend[1:]).all()  # the best customers first

    book = openpyxl.load_workbook(path)
    sheet = book["Recommendations"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:G{expected + 1}"
    assert sheet["C2"].number_format == "#,##0.00" and isinstance(sheet["C2"].value, float)
    assert sheet["D2"].number_format == "#,##0"
    assert sheet.column_dimensions["G"].width > sheet.column_dimensions["D"].width
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)
               if row[0] is not None}
    assert summary["Model"] == "Bought together (item-kNN)"
    assert summary["Rows listed"] == expected
    assert 0 < summary["Hit rate@10 (customers who bought one of their 10)"] < 1
    assert "How it was computed" in summary
    with zipfile.ZipFile(path) as archive:  # openpyxl does not read charts back
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2


def test_churn_workbook_lists_everyone_at_risk_by_value(small_shop, small_shop_churn, tmp_path):
    path = _export(small_shop, "churn", tmp_path / "churn.xlsx", churn=small_shop_churn)
    at_risk = small_shop_churn.at_risk
    detail = pd.read_excel(path, sheet_name="Customers at risk", engine="openpyxl")
    assert len(detail) == len(at_risk) > 50
    assert list(detail.columns) == [
        "No.", "Customer", "Name", "E-mail", "Segment", "Risk %", "Expected value",
        "Value at risk", "Last purchase", "Days with a purchase", "Spend so far", "Reasons",
        "Suggested action"]
    assert list(detail["Customer"].astype(str)) == [
        neutralise(c) for c in at_risk.index.astype(str)]
    assert detail["Value at risk"].is_monotonic_decreasing
    assert (detail["Risk %"] >= small_shop_churn.threshold - 1e-9).all()
    sheet = openpyxl.load_workbook(path)["Customers at risk"]
    assert sheet["F2"].number_format == "0.0%"
    assert isinstance(sheet["I2"].value, datetime) and sheet["I2"].number_format == "yyyy-mm-dd"


def test_formula_customers_come_out_inert_in_csv_and_excel(small_shop, small_shop_churn,
                                                           tmp_path):
    files = [_export(small_shop, kind, tmp_path / f"{kind}.{fmt}",
                     churn=small_shop_churn if kind == "churn" else None)
             for kind in ("churn", "recommendations") for fmt in ("csv", "xlsx")]
    texts: list[str] = []
    for path in files:
        if path.suffix == ".csv":
            cells = [cell for row in _csv_rows(path) for cell in row]
        else:
            book = openpyxl.load_workbook(path)
            assert not [c for s in book for row in s.iter_rows() for c in row
                        if c.data_type == "f"], "a cell is a formula"
            cells = [c for s in book for row in s.iter_rows(values_only=True) for c in row
                     if isinstance(c, str)]
        live = [c for c in cells if c.startswith(DANGEROUS_STARTS)
                and not c.lstrip("+-").replace(".", "", 1).isdigit()]
        assert live == [], path.name
        texts.append("\n".join(cells))
    for text in texts:  # the formula customers are there, quoted
        assert "'" + HYPERLINK in text and "'" + AT_SUM in text


def test_writers_keep_numbers_numbers_and_text_inert(tmp_path):
    detail = pd.DataFrame({"customer": ["-12", "-2+3", "\tx", "\rx", "+cmd"],
                           "amount": [-5.5, 1.0, 2.0, 3.0, 4.0]})
    columns = [Column("customer", "Customer"), Column("amount", "Amount", "money")]
    report = Report("churn", "en", "T", "S", datetime(2024, 1, 2), None, None, [], columns,
                    detail, "Detail", printable=detail.assign(customer=["<b>Bold & Co</b>"] * 5),
                    printable_columns=columns)
    for fmt in ("csv", "xlsx", "pdf"):
        run_job(write_report(report, fmt, tmp_path / f"r.{fmt}"))
    # Names are text in a PDF, not markup.
    assert "<b>Bold & Co</b>" in PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    rows = _csv_rows(tmp_path / "r.csv")[1:]
    assert rows == [["-12", "-5.50"], ["'-2+3", "1.00"], ["'\tx", "2.00"], ["'\rx", "3.00"],
                    ["'+cmd", "4.00"]]
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Detail"]
    assert sheet["B2"].value == -5.5 and sheet["B2"].data_type == "n"
    # openpyxl leaves Excel's escape for a carriage return as it is in the file.
    assert [sheet[f"A{i}"].value.replace("_x000D_", "\r") for i in range(2, 7)] == [
        r[0] for r in rows]


def test_csv_is_utf8_with_bom_and_keeps_chinese_names(small_shop, small_shop_churn, tmp_path):
    path = _export(small_shop, "churn", tmp_path / "churn.csv", churn=small_shop_churn,
                   language="zh_CN")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert frame.columns[:5].tolist() == ["序号", "客户", "姓名", "电子邮件", "客户分群"]
    assert len(frame) == len(small_shop_churn.at_risk)
    assert frame["姓名"].str.contains("[\u4e00-\u9fff]", regex=True).sum() > 50
    for column in ("原因", "建议措施"):  # the engine's sentences are translated too
        assert frame[column].str.contains("[\u4e00-\u9fff]", regex=True).all(), column


def test_pdf_has_summary_table_and_method_pages(small_shop, small_shop_churn, tmp_path):
    path = _export(small_shop, "churn", tmp_path / "churn.pdf", churn=small_shop_churn)
    pages = PdfReader(path).pages
    first = pages[0].extract_text()
    assert "Customers likely to leave" in first and "Key figures" in first
    assert "Data from 2010-12-01 to 2011-12-09" in first
    assert len(pages[0].images) == 2  # the two charts
    table = "\n".join(p.extract_text() for p in pages[1:])
    top = small_shop_churn.at_risk.index.astype(str)
    assert top[0] in table and top[49] in table and top[50] not in table  # the top 50
    assert "How it was computed" in pages[-1].extract_text()
    assert 3 <= len(pages) <= 10


def test_chinese_pdf_renders_chinese_names_in_an_embedded_font(small_shop, small_shop_churn,
                                                               tmp_path):
    from engine.reports.fonts import covers

    path = _export(small_shop, "churn", tmp_path / "churn.pdf", churn=small_shop_churn,
                   language="zh_CN")
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "可能流失的客户" in text and "计算方法" in text
    engine = create_db_engine(small_shop)
    try:
        names = customer_table(engine).set_index("customer")["name"]
    finally:
        engine.dispose()
    top = names.reindex(small_shop_churn.at_risk.index[:50])  # the customers the PDF lists
    chinese = [n for n in top if any("\u4e00" <= ch <= "\u9fff" for ch in n)]
    assert len(chinese) > 10 and all(name in text for name in chinese)
    assert covers("".join(chinese) + "可能流失的客户")  # a glyph for every character: no boxes
    fonts = [font.get_object() for page in reader.pages
             for font in page["/Resources"]["/Font"].values()]
    embedded = [f for f in fonts if "/DescendantFonts" in f or "/FontDescriptor" in f]
    assert embedded and all("/FontFile2" in (f.get("/FontDescriptor") or {}) for f in embedded
                            if "/FontDescriptor" in f)


def test_anonymize_is_stable_and_hides_customers(small_shop, tmp_path):
    first = _export(small_shop, "recommendations", tmp_path / "a.csv", anonymize=True)
    second = _export(small_shop, "recommendations", tmp_path / "b.csv", anonymize=True)
    plain = _export(small_shop, "recommendations", tmp_path / "plain.csv")
    a, b = (pd.read_csv(p, encoding="utf-8-sig", dtype=str) for p in (first, second))
    real = pd.read_csv(plain, encoding="utf-8-sig", dtype=str)
    assert a[["Customer", "Name", "E-mail"]].equals(b[["Customer", "Name", "E-mail"]])
    assert a["Customer"].nunique() == real["Customer"].nunique() == 400
    cells = {cell for row in _csv_rows(first) for cell in row}
    assert cells.isdisjoint(pd.concat([real["Customer"], real["Name"], real["E-mail"]]))
    assert "@example.com" not in first.read_text(encoding="utf-8-sig")
    # Another database has another key: the same customers get other pseudonyms.
    other = tmp_path / "other" / "shop.sqlite3"
    other.parent.mkdir()
    shutil.copyfile(small_shop, other)
    elsewhere = pd.read_csv(_export(other, "recommendations", tmp_path / "c.csv",
                                    anonymize=True), encoding="utf-8-sig", dtype=str)
    assert set(elsewhere["Customer"]).isdisjoint(a["Customer"])


def test_segment_filter_and_top(small_shop, small_shop_churn, tmp_path):
    lost = small_shop_churn.at_risk[small_shop_churn.at_risk["segment"] == "Lost"]
    path = _export(small_shop, "churn", tmp_path / "lost.csv", churn=small_shop_churn,
                   segment="lost")
    frame = pd.read_csv(path, encoding="utf-8-sig")
    assert len(frame) == len(lost) > 0 and set(frame["Segment"]) == {"Lost"}
    path = _export(small_shop, "churn", tmp_path / "top.csv", churn=small_shop_churn, top=7)
    assert len(pd.read_csv(path, encoding="utf-8-sig")) == 7


def test_risk_and_value_filters_list_what_the_churn_page_shows(small_shop, small_shop_churn,
                                                                tmp_path):
    churn, scores = small_shop_churn, small_shop_churn.scores
    low, high = churn.threshold, churn.high_risk_from
    minimum = float(scores.loc[scores["at_risk"], "value_at_risk"].median())
    path = _export(small_shop, "churn", tmp_path / "shown.xlsx", churn=churn, risk_from=low,
                   risk_below=high, min_value_at_risk=minimum)
    expected = scores[(scores["risk"] >= low) & (scores["risk"] < high)
                      & (scores["value_at_risk"] >= minimum)]
    assert 0 < len(expected) < len(churn.at_risk)
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    detail = sheets["Customers at risk"]
    assert list(detail["Customer"].astype(str)) == [neutralise(c) for c in
                                                    expected.index.astype(str)]
    notes = set(sheets["Summary"].astype(str).to_numpy().ravel())
    assert f"Risk from {low:.0%} to under {high:.0%}" in notes
    assert f"Value at risk of at least {minimum:,.0f}" in notes

    # Everyone (the low risks too), and in a segment: the band and segment filters combine.
    path = _export(small_shop, "churn", tmp_path / "champions.csv", churn=churn,
                   segment="champions", risk_from=-np.inf, risk_below=np.inf)
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    champions = scores[scores["segment"] == "Champions"]
    assert len(frame) == len(champions) > champions["at_risk"].sum()
    assert list(frame["Customer"]) == [neutralise(c) for c in champions.index.astype(str)]


def test_the_filters_are_named_in_chinese_too(small_shop, small_shop_churn, tmp_path):
    churn = small_shop_churn
    path = _export(small_shop, "churn", tmp_path / "shown.xlsx", churn=churn, language="zh_CN",
                   risk_from=churn.threshold, risk_below=churn.high_risk_from,
                   min_value_at_risk=1.0)
    summary = pd.read_excel(path, sheet_name=0, engine="openpyxl", header=None, dtype=str)
    cells = {str(cell) for cell in summary.to_numpy().ravel()}
    assert f"风险从 {churn.threshold:.0%} 到 {churn.high_risk_from:.0%} 以下" in cells
    assert "流失损失至少 1" in cells
    assert not any(cell.startswith(("Risk ", "Value at risk")) for cell in cells)


def test_problems_are_explained(small_shop, small_shop_untrained, tmp_path):
    with pytest.raises(ExportProblem, match="Choose one of: Champions, Loyal"):
        run_job(export_job(small_shop, "churn", "csv", tmp_path / "x.csv", segment="Nobody"))
    with pytest.raises(ExportProblem, match="does not exist"):
        run_job(export_job(small_shop, "churn", "csv", tmp_path / "no" / "x.csv"))
    with pytest.raises(ExportProblem, match=r"Train a model first: python main\.py train itemknn"):
        run_job(export_job(small_shop_untrained, "recommendations", "xlsx", tmp_path / "x.xlsx"))


def test_cancel_or_failure_leaves_the_existing_file(small_shop, tmp_path, monkeypatch):
    out = tmp_path / "recs.xlsx"
    out.write_bytes(b"last week's report")
    job = export_job(small_shop, "recommendations", "xlsx", out)
    while not next(job).message.startswith("Writing"):
        pass
    next(job)  # part of the rows written
    job.close()  # the user pressed Cancel
    assert out.read_bytes() == b"last week's report"
    assert [p.name for p in tmp_path.iterdir()] == ["recs.xlsx"]  # no half-written file

    def locked(*_args):
        raise PermissionError("in use")

    monkeypatch.setattr("engine.jobs.export.os.replace", locked)
    with pytest.raises(ExportProblem, match="open in another program"):
        run_job(export_job(small_shop, "recommendations", "xlsx", out))
    assert out.read_bytes() == b"last week's report"
    assert [p.name for p in tmp_path.iterdir()] == ["recs.xlsx"]
