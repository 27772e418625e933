"""Cell values as each writer needs them: typed for Excel, plain text for CSV and PDF."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd


def is_missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_datetime(value: object) -> datetime | None:
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return pd.Timestamp(value).to_pydatetime()


def as_text(value: object, kind: str, *, table: bool = False) -> str:
    """How a value reads in a CSV cell (`table=False`) or in a printed table or summary."""
    if is_missing(value):
        return ""
    if kind == "integer":
        return f"{int(value):,}" if table else str(int(value))
    if kind == "decimal":
        return f"{float(value):.3f}"
    if kind == "money":
        return f"{float(value):,.2f}" if table else f"{float(value):.2f}"
    if kind == "percent":  # CSV: the number of percent (the header says %), tables: 25.0 %
        return f"{float(value):.1%}" if table else f"{100 * float(value):.1f}"
    if kind == "date":
        return f"{as_datetime(value):%Y-%m-%d}"
    if kind == "datetime":
        return f"{as_datetime(value):%Y-%m-%d %H:%M}"
    return str(value)
