"""What the engine tells the user reads in Simplified Chinese (engine.messages), with file names,
columns, ids and numbers intact.

The messages are collected, not listed by hand: real jobs run on a small real shop record every
Progress.message they yield, real bad files and impossible requests raise the problems of
engine.jobs.user_problems(), and real imports keep the reasons rows were rejected.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Generator
from pathlib import Path

import pandas as pd
import pytest

from engine.jobs import user_problems
from engine.messages import message
from storage.database import create_db_engine
from storage.importer import ImportOptions, import_file
from tests.conftest import data_file
from tests.engine.report_shop import small_shop_csv
from tests.storage.helpers import make_xlsx, write
from tests.storage.test_bad_input import BAD_FILES, GOOD, orders_csv

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Four English words in a row: a sentence left untranslated (lists of names have commas).
ENGLISH_WORDS = re.compile(r"[A-Za-z']+(?: [A-Za-z']+){3,}")
# What libraries say, quoted as it is inside ShopSense's own sentences.
LIBRARY_WORDS = ("Cannot detect file format", "Expecting property name enclosed in double quotes")


def recorded(job: Generator, messages: list[str]):
    """Drive `job` to its end as the window does, keeping every progress message."""
    while True:
        try:
            messages.append(next(job).message)
        except StopIteration as stop:
            return stop.value


def problem_of(case: str, call: Callable[[], object]) -> str:
    """The message of the user problem `call` raises, as the window receives it."""
    try:
        result = call()
        if isinstance(result, Generator):
            recorded(result, [])
    except user_problems() as problem:
        return str(problem)
    raise AssertionError(f"{case}: no problem for the user")


def untranslated(english: str) -> str | None:
    """Why `english` has no proper Chinese rendering, or None when it has one."""
    chinese = message(english, "zh_CN")
    if chinese == english or not CHINESE.search(chinese):
        return "no translation"
    if sorted(NUMBER.findall(chinese)) != sorted(NUMBER.findall(english)):
        return f"numbers changed: {chinese}"
    leftover = ENGLISH_WORDS.search(re.sub("|".join(LIBRARY_WORDS), "", chinese))
    if leftover:
        return f"English left ({leftover.group()}): {chinese}"
    return None


def assert_all_chinese(messages: list[str]) -> None:
    # One of each shape: "Saved 50,000 of 96,441 lines" and "Saved 100,000 of …" read alike.
    shapes = {re.sub(r"\d", "0", m): m for m in messages}
    failures = {m: why for m in shapes.values() if (why := untranslated(m))}
    assert not failures, "\n".join(f"{m!r}: {why}" for m, why in failures.items())


# ---------------------------------------------------------------------------- a small real shop


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """400 real Online Retail customers imported, two models trained, churn scored, lifetime
    values fitted and reports exported: the database, and every progress message shown."""
    from engine.jobs.churn import churn_job
    from engine.jobs.clv import clv_job
    from engine.jobs.export import export_job
    from engine.jobs.profiles import profile_job, profiles_job
    from engine.jobs.training import TrainOptions, train_job

    folder = tmp_path_factory.mktemp("messages")
    db = folder / "shop.sqlite3"
    messages: list[str] = []
    source = small_shop_csv(folder)
    engine = create_db_engine(db)
    try:
        recorded(import_file(engine, source), messages)
        recorded(import_file(engine, source), messages)  # "imported before"
        for path in _other_formats(folder, source):
            recorded(import_file(engine, path), messages)
    finally:
        engine.dispose()
    recorded(train_job(db, TrainOptions("itemknn")), messages)
    recorded(train_job(db, TrainOptions("vae", epochs=2, device="cpu")), messages)
    churn = recorded(churn_job(db), messages)
    recorded(clv_job(db), messages)
    recorded(profiles_job(db), messages)
    recorded(profile_job(db, str(churn.scores.index[0])), messages)
    for fmt in ("xlsx", "csv"):
        recorded(export_job(db, "churn", fmt, folder / f"churn.{fmt}", churn=churn), messages)
    recorded(export_job(db, "recommendations", "pdf", folder / "recommended.pdf"), messages)
    return db, messages


def _other_formats(folder: Path, source: Path) -> list[Path]:
    """Real rows as a compressed CSV, a workbook, JSON lines, a CSV with an irregular row, and
    a REES46 browsing log, so that every reader reports its progress."""
    sample = pd.read_csv(source, nrows=300, dtype=str).fillna("")
    sample["InvoiceNo"] = "X" + sample["InvoiceNo"]  # new orders, not already imported ones
    gz = folder / "sample.csv.gz"
    gz.write_bytes(gzip.compress(sample.iloc[:100].to_csv(index=False).encode()))
    book = make_xlsx(folder / "sample.xlsx", {"Sales": [
        list(sample.columns), *sample.iloc[100:150].to_numpy().tolist()]})
    jsonl = folder / "sample.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in sample.iloc[150:200].to_dict("records")))
    ragged = sample.iloc[200:].to_csv(index=False) + "1,2,3\n"
    irregular = write(folder, "irregular.csv", ragged)
    events = folder / "events.csv"
    with data_file("clickstream-rees46", "2019-Oct_first17434.csv").open() as log:
        events.write_text("".join(line for _, line in zip(range(2000), log, strict=False)))
    return [gz, book, jsonl, irregular, events]


def test_every_progress_line_of_real_jobs_reads_in_chinese(shop):
    _db, messages = shop
    # The collection reached every kind of job and reader (else it proves little).
    for start in ("Opening ", "Unpacking ", "Read sheet ", "Read ", "Reading ", "Checking ",
                  "Looking for repeated rows", "Comparing ", "Saving ", "Saved ",
                  "Training on the holdout split: epoch", "Training on all the data: epoch",
                  "Measuring", "Choosing products", "Churn: training", "Churn: scoring",
                  "Fitting how often", "Building profiles", "Looking up the customer",
                  "Writing the PDF", "Writing the Excel workbook", "Report saved"):
        assert any(m.startswith(start) for m in messages), start
    assert any(" was imported before " in m for m in messages)
    assert any(", validation " in m for m in messages)  # the VAE's validation loss
    assert_all_chinese(messages)


def test_progress_keeps_names_and_numbers():
    assert message("Saved 50,000 of 96,441 lines from 2024 销售.csv", "zh_CN") == \
        "已保存 2024 销售.csv 中的订单明细 50,000 / 96,441 条"
    assert message("Checking 1,200 rows of a: b.csv: Invoice Date", "zh_CN") == \
        "正在检查 a: b.csv 的 1,200 行：Invoice Date"
    assert message("Churn: training Neural network (stopped at epoch 12, best 7)", "zh_CN") == \
        "流失预测：正在训练神经网络（在第 12 轮停止，效果最好的是第 7 轮）"
    assert message("Reading orders", "en") == "Reading orders"


# ---------------------------------------------------------------------------- user problems


@pytest.fixture(scope="module")
def tiny_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four order lines of two customers: too little for anything to learn."""
    folder = tmp_path_factory.mktemp("tiny")
    db = folder / "shop.sqlite3"
    engine = create_db_engine(db)
    try:
        recorded(import_file(engine, write(folder, "good.csv", GOOD)), [])
    finally:
        engine.dispose()
    return db


def _file_problems(folder: Path, db: Path) -> list[str]:
    def imported(name: str, content: str | bytes | None, **options) -> Callable[[], object]:
        path = folder / name if content is None else write(folder, name, content)

        def run() -> object:
            engine = create_db_engine(db)
            try:
                return recorded(import_file(engine, path, ImportOptions(**options)), [])
            finally:
                engine.dispose()
        return run

    cases = {case: imported(name, build(), **options)
             for case, (name, build, options, _pieces) in BAD_FILES.items()}
    book = make_xlsx(folder / "book.xlsx", {"Sales": [["customer", "date"], ["ann", "x"]],
                                            "Empty": []})
    ragged = "customer,date,amount\n" + "ann,2024-01-02\n" * 9 + "bob,2024-01-03,5\n"
    fresh = orders_csv(["2024-01-02"] * 3)  # GOOD is in the shop: it would not be read again
    quote = 'customer,date,amount\n"ann,2024-01-02,1\nbob,2024-01-03,2\ncid,2024-01-04,3\n'
    cases.update({
        "ambiguous dates": imported("till.csv", orders_csv(["01/02/2011", "03/04/2011"])),
        "time zone": imported("zone.csv", GOOD, timezone="Mars/Olympus_Mons"),
        "two columns alike": imported("twice.csv", "customer,customer,date\na,b,2024-01-01\n"),
        "rows narrower than the header": imported("ragged.csv", ragged),
        "open quote": imported("quote.csv", quote),
        "one JSON object": imported("object.json", json.dumps({"customer": "ann"}, indent=2)),
        "no JSON object": imported("numbers.json", "[1, 2, 3]"),
        "unknown preset": imported("preset.csv", fresh, preset="no_such_preset"),
        "unknown field": imported("field.csv", fresh, mapping={"colour": "Country"}),
        "wrong preset": imported("shopify.csv", fresh, preset="shopify_orders"),
        "no date": imported("no_date.csv", "user_id,event_type,product_id\nu,view,p\n"),
        "no such sheet": imported(book.name, None, sheet="Nope"),
        "empty sheet": imported(book.name, None, sheet="Empty"),
        "a folder": imported("", None),
        "gone": imported("gone.csv", None),
    })
    return [problem_of(case, call) for case, call in cases.items()]


def _job_problems(folder: Path, tiny: Path, shop_db: Path) -> list[str]:
    from engine.device import probe_device
    from engine.jobs import shop_data
    from engine.jobs.churn import churn_job
    from engine.jobs.clv import clv_job
    from engine.jobs.export import export_job, format_for
    from engine.jobs.profiles import profile_job
    from engine.jobs.training import TrainOptions, train_job
    from engine.reports.common import find_segment

    empty = folder / "empty.sqlite3"
    create_db_engine(empty).dispose()
    cases = {
        "train": lambda: train_job(tiny, TrainOptions("itemknn")),
        "clv": lambda: clv_job(tiny),
        "churn": lambda: churn_job(tiny),
        "churn without orders": lambda: churn_job(empty),
        "churn horizon": lambda: churn_job(shop_db, cutoff="2011-06-01", horizon_days=300),
        "churn early cutoff": lambda: churn_job(shop_db, cutoff="2010-12-02", horizon_days=30),
        "churn cutoff": lambda: churn_job(shop_db, cutoff="2011-12-01"),
        "customer like another": lambda: profile_job(tiny, "1785"),
        "unknown customer": lambda: profile_job(tiny, "nobody at all"),
        "segment": lambda: find_segment("Nobody"),
        "nothing to export": lambda: export_job(tiny, "recommendations", "xlsx",
                                                folder / "r.xlsx"),
        "export to a folder": lambda: export_job(tiny, "recommendations", "xlsx", folder),
        "export to nowhere": lambda: export_job(tiny, "recommendations", "xlsx",
                                                folder / "no" / "r.xlsx"),
        "export segment": lambda: export_job(tiny, "recommendations", "xlsx", folder / "r.xlsx",
                                             segment="Nobody"),
        "format": lambda: format_for(folder / "report.txt"),
        "format and name": lambda: format_for(folder / "report.csv", "xlsx"),
        "undo": lambda: shop_data.undo_import(tiny, 99),
        "rejected": lambda: shop_data.rejected(tiny, 99),
    }
    found = [problem_of(case, call) for case, call in cases.items()]
    for device in ("cuda", "mps"):
        try:
            probe_device(device)
        except user_problems() as problem:
            found.append(str(problem))
    return found


def test_problems_a_user_meets_read_in_chinese(shop, tiny_shop: Path, tmp_path: Path):
    problems = _file_problems(tmp_path, tiny_shop) + _job_problems(tmp_path, tiny_shop, shop[0])
    assert any("Training needs at least" in p for p in problems)
    assert any("Did you mean 17850?" in p for p in problems)
    assert any(p.startswith("till.csv, column 'date': ") for p in problems)
    assert_all_chinese(problems)


def test_an_import_problem_keeps_file_row_and_column():
    english = ("till.csv: 9 of 10 rows cannot be used (first: row 2, column 'date' 'someday' is "
               "not a date). Check which column is which (--map field=column), and the date "
               "order (--dayfirst or --monthfirst). Nothing was imported.")
    assert message(english, "zh_CN") == (
        "till.csv：10 行中有 9 行无法使用（第一处是第 2 行“date”列：'someday' 不是日期）。"
        "请检查各列分别是什么（--map field=column），以及日期的顺序（--dayfirst 或 --monthfirst）。"
        "没有导入任何内容。")
    assert message("orders: 2.csv, row 7, column 'Paid at': the file is empty.", "zh_CN") == \
        "orders: 2.csv，第 7 行，“Paid at”列：文件是空的。"


def test_a_message_no_rule_knows_stays_english():
    assert message("Something new went wrong.", "zh_CN") == "Something new went wrong."
    assert message("Lifetime value needs completed purchases by known customers; there are "
                   "none. Something new.", "zh_CN").endswith("Something new.")


# ---------------------------------------------------------------------------- rows and notes


def test_reasons_rows_were_rejected_read_in_chinese(tmp_path: Path):
    from engine.jobs import shop_data

    db = tmp_path / "shop.sqlite3"
    header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
    rows = [f"{1000 + i},S{i},Mug,2,2024-03-{i + 1:02d} 10:00,2.50,C{i},UK" for i in range(20)]
    rows += ["2000,S1,Mug,2,someday,2.50,C1,UK", "2001,S1,Mug,2,2024-03-01 10:00,abc,C1,UK",
             "2002,S1,Mug,,2024-03-01 10:00,2.50,C1,UK", ",S1,Mug,2,2024-03-01 10:00,2.50,,UK",
             "2003,S1,Mug"]
    events = ["event_time,event_type,product_id,user_id,user_session",
              *[f"2019-10-01 00:00:0{i} UTC,view,P{i},U{i},s{i}" for i in range(9)],
              "2019-10-01 00:00:09 UTC,teleport,P1,U1,s1", "2019-10-01 00:00:09 UTC,view,P1,,"]
    lines = ['{"customer": "a", "date": "2024-01-02", "amount": 1}'] * 9 + ["[1]", "{oops"]
    engine = create_db_engine(db)
    try:
        for name, content in (("sales.csv", "\n".join([header, *rows]) + "\n"),
                              ("events.csv", "\n".join(events) + "\n"),
                              ("lines.jsonl", "\n".join(lines) + "\n")):
            recorded(import_file(engine, write(tmp_path, name, content)), [])
    finally:
        engine.dispose()
    reasons = [reason for import_id in (1, 2, 3)
               for reason in shop_data.rejected(db, import_id)["reason"]]
    assert len(reasons) >= 8
    assert_all_chinese(reasons)


def test_notes_on_results_read_in_chinese(shop, tiny_shop: Path):
    from engine.churn.reasons import value_at_stake
    from engine.jobs.customers import customer_book
    from storage.queries import sales_lines

    notes = list(customer_book(tiny_shop).notes)  # "No lifetime values: …" on the Customers page
    engine = create_db_engine(tiny_shop)
    try:
        lines = sales_lines(engine)
    finally:
        engine.dispose()
    features = pd.DataFrame({"monetary": [10.0, 20.0], "tenure_days": [1, 1]},
                            index=lines["customer"].dropna().unique()[:2])
    notes += value_at_stake(lines, features, pd.Timestamp("2010-12-02"), 90)[2]
    assert notes
    assert_all_chinese(notes)
