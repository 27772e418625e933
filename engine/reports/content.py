"""What a report says, independent of the file format it is written in.

A `Report` holds already-translated words and plain values; the writers (xlsx, csv, pdf) only
lay it out. Column kinds tell the writers how to format a value: text, integer, decimal, money,
percent (a fraction, 0.25 = 25 %), date or datetime.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

KINDS = ("text", "integer", "decimal", "money", "percent", "date", "datetime")


@dataclass(frozen=True)
class Column:
    key: str  # the column of Report.detail
    title: str
    kind: str = "text"
    width: int = 12  # in characters, for Excel; the PDF shares its text columns' room by it


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: object
    kind: str = "text"


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: one bar per label."""

    title: str
    labels: list[str]
    values: list[float]
    kind: str = "integer"  # how to format the values (integer or money)
    value_title: str = ""


@dataclass
class Report:
    kind: str  # "churn" or "recommendations"
    language: str
    title: str
    subtitle: str
    created: datetime
    data_from: str | None
    data_to: str | None
    figures: list[KeyFigure]
    columns: list[Column]
    detail: pd.DataFrame
    detail_sheet: str
    charts: list[Chart] = field(default_factory=list)
    method: list[str] = field(default_factory=list)  # how it was computed, one paragraph each
    notes: list[str] = field(default_factory=list)  # segment filter, pseudonyms …
    # What the PDF lists: the top of the list, in fewer columns, and a note saying so.
    printable: pd.DataFrame | None = None
    printable_columns: list[Column] = field(default_factory=list)
    printable_note: str = ""

    @property
    def customers(self) -> int:
        return int(self.detail["customer"].nunique()) if len(self.detail) else 0

    def header(self) -> list[str]:
        return [column.title for column in self.columns]
