"""A made-up shop far bigger than the real data sets, for what must stay smooth at any size
(the Customers page at 100,000 customers). Its products, names and prices are Online Retail's;
who buys what and when is drawn at random (seeded), so the figures say nothing about models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

LINES_PER_ORDER = 4


def big_shop_csv(retail_csv: Path, out: Path, *, customers: int, lines: int,
                 seed: int = 0) -> Path:
    """An Online Retail-shaped CSV (the importer recognises its preset) with `customers`
    customers, each with at least one order, and `lines` order lines over one year."""
    rng = np.random.default_rng(seed)
    catalogue = pd.read_csv(retail_csv, dtype=str,
                            usecols=["StockCode", "Description", "UnitPrice"]).dropna()
    catalogue = catalogue.drop_duplicates("StockCode").reset_index(drop=True)
    orders = lines // LINES_PER_ORDER
    buyer = rng.integers(0, customers, orders)
    buyer[:customers] = np.arange(customers)  # everyone has bought at least once
    placed = pd.Timestamp("2023-01-01") + pd.to_timedelta(
        rng.integers(0, 365 * 24 * 60, orders), unit="min")
    order_of_line = np.repeat(np.arange(orders), LINES_PER_ORDER)[:lines]
    product = rng.integers(0, len(catalogue), lines)
    pd.DataFrame({
        "InvoiceNo": (600_000 + order_of_line).astype(str),
        "StockCode": catalogue["StockCode"].to_numpy()[product],
        "Description": catalogue["Description"].to_numpy()[product],
        "Quantity": rng.integers(1, 12, lines),
        "InvoiceDate": placed[order_of_line].strftime("%m/%d/%Y %H:%M"),
        "UnitPrice": catalogue["UnitPrice"].to_numpy()[product],
        "CustomerID": (100_000 + buyer[order_of_line]).astype(str),
        "Country": rng.choice(["United Kingdom", "France", "Germany", "EIRE", "Spain"], lines,
                              p=[0.8, 0.06, 0.06, 0.05, 0.03]),
    }).to_csv(out, index=False)
    return out
