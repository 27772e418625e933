"""A small shop for report tests: 400 real Online Retail customers (seeded sample), with Chinese
and English names and e-mails, and a few customers whose id or name is a spreadsheet formula.
Fixtures in tests/engine/conftest.py build it once per session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tests.conftest import data_file, run_job

HYPERLINK = '=HYPERLINK("http://example.com","x")'
AT_SUM = "@SUM(1)"
# Names a spreadsheet would run, plus markup a PDF library would read as tags.
EVIL_NAMES = (HYPERLINK, AT_SUM, "+1+cmd|' /C calc'!A0", "-2+3", "\tTabbed", "<b>Bold & Co</b>")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
          "娟", "涛", "明", "超", "秀兰", "霞")
CUSTOMERS = 400


def chinese_name(number: int) -> str:
    return _SURNAMES[number % len(_SURNAMES)] + _GIVEN[(number // len(_SURNAMES)) % len(_GIVEN)]


def small_shop_csv(folder: Path) -> Path:
    """The shop's order lines as an Online Retail CSV with two more columns: name and e-mail."""
    source = data_file("online-retail", "online_retail.csv")
    lines = pd.read_csv(source, dtype={"CustomerID": "string", "StockCode": "string",
                                       "InvoiceNo": "string"}, engine="pyarrow")
    lines = lines[lines["CustomerID"].notna()].copy()
    lines["CustomerID"] = lines["CustomerID"].str.removesuffix(".0")
    ids = np.sort(lines["CustomerID"].unique())
    chosen = np.random.default_rng(0).choice(ids, CUSTOMERS, replace=False)
    lines = lines[lines["CustomerID"].isin(chosen)].copy()
    # Formula ids go to customers whose last order is long before the end: churn lists them.
    last = pd.to_datetime(lines["InvoiceDate"]).groupby(lines["CustomerID"]).max().sort_values()
    renamed = {last.index[0]: HYPERLINK, last.index[1]: AT_SUM}
    names = {}
    for number, customer in enumerate(sorted(chosen)):
        names[customer] = (EVIL_NAMES[number] if number < len(EVIL_NAMES)
                           else chinese_name(number) if number % 3 else f"Customer {customer}")
    lines["CustomerName"] = lines["CustomerID"].map(names)
    lines["Email"] = "c" + lines["CustomerID"] + "@example.com"
    lines["CustomerID"] = lines["CustomerID"].replace(renamed)
    path = folder / "small_shop.csv"
    lines.to_csv(path, index=False)
    return path


def small_shop_db(folder: Path) -> Path:
    """The small shop imported into `folder`/shop.sqlite3."""
    from storage.database import create_db_engine
    from storage.importer import ImportOptions, import_file

    csv_path = small_shop_csv(folder)
    db = folder / "shop.sqlite3"
    engine = create_db_engine(db)
    try:
        run_job(import_file(engine, csv_path, ImportOptions(
            mapping={"name": "CustomerName", "email": "Email"})))
    finally:
        engine.dispose()
    return db
