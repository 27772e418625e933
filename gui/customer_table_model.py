"""The Customers page's list: every customer of the shop, searchable and sortable at any size.

Columns are numpy arrays; the view's rows are an index array into them (HOUSE_STYLE §5), so
`data()` costs the same on row 10 as on row 500,000. Sorting is one stable argsort over a
numeric key per column (text is ranked once when the table is set), and searching is one
vectorised substring test over a lower-case line per customer, both well under 100 ms on 100k
customers: no proxy model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from gui.segment_words import segment_name

ModelIndex = QModelIndex | QPersistentModelIndex

CUSTOMER_ROLE = Qt.ItemDataRole.UserRole + 1  # the customer id of a row, whatever the column
_NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.TextAlignmentRole, CUSTOMER_ROLE})
_SEPARATOR = "\x1f"  # between the searchable fields, so a search never spans two of them
_SEARCHED = ("customer", "name", "email", "country", "segment")


@dataclass
class _Column:
    key: str  # the column of engine.jobs.customers.TABLE_COLUMNS, or "churn_risk"
    header: str
    tooltip: str
    numeric: bool
    format: Callable[[Any], str]
    values: np.ndarray  # what format() writes
    keys: np.ndarray  # float sort keys, NaN where the value is missing


def _count(value: Any) -> str:
    return f"{int(value):,}"


def _money(value: Any) -> str:
    return f"{value:,.2f}"


def risk_percent(value: Any) -> str:
    """A probability in whole percent, without claiming certainty: a churn risk of 0.3 % is
    "<1%", not "0%"."""
    text = f"{value:.0%}"
    return {"0%": "<1%", "100%": ">99%"}.get(text, text)


def _text_keys(texts: np.ndarray) -> np.ndarray:
    """Alphabetical ranks (case-insensitive) as floats; NaN for missing text."""
    present = pd.notna(texts)
    keys = np.full(len(texts), np.nan)
    if present.any():
        lowered = np.strings.lower(texts[present].astype(str))
        keys[present] = np.unique(lowered, return_inverse=True)[1]
    return keys


def _id_keys(ids: np.ndarray) -> np.ndarray:
    """Customer numbers sort as numbers when every id is one (12 before 101), else as text."""
    numbers = pd.to_numeric(pd.Series(ids), errors="coerce").to_numpy(dtype=float)
    return numbers if len(ids) and not np.isnan(numbers).any() else _text_keys(ids)


def _lower_strings(values: np.ndarray) -> np.ndarray:
    return np.strings.lower(np.where(pd.notna(values), values, "").astype(str))


@dataclass
class PreparedTable:
    ids: np.ndarray
    position: dict[str, int]
    columns: list[_Column]
    haystack: np.ndarray  # lower-case searchable text per row


class CustomerTableModel(QAbstractTableModel):
    """Customers as engine.jobs.customers.CustomerBook.table holds them, plus churn risk."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: list[_Column] = []
        self._ids = np.array([], dtype=object)
        self._position: dict[str, int] = {}
        self._haystack = np.array([], dtype=str)
        self._search: list[str] = []
        # By column key, not position: a new table may have other columns (names, e-mails).
        self._sorting: tuple[str, Qt.SortOrder] = ("", Qt.SortOrder.AscendingOrder)
        self._order = np.arange(0)
        self._rows = np.arange(0)

    # ------------------------------------------------------------------ filling

    def set_table(self, table: pd.DataFrame) -> None:
        """Show `table` (one row per customer); the search and sort in force are kept."""
        self.set_prepared(self.prepare(table))

    def prepare(self, table: pd.DataFrame) -> PreparedTable:
        """Everything set_prepared needs, worked out from `table`. Thread-safe and slow for
        big shops (about 0.6 s for 100,000 customers): the page calls it on a reader thread,
        so the UI thread only swaps arrays."""
        ids = table["customer"].astype(str).to_numpy(dtype=object)
        columns = self._build_columns(table, ids)
        searched = [c.values for c in columns if c.key in _SEARCHED]
        haystack = _lower_strings(searched[0])
        for values in searched[1:]:
            haystack = np.strings.add(np.strings.add(haystack, _SEPARATOR),
                                      _lower_strings(values))
        return PreparedTable(ids, {customer: i for i, customer in enumerate(ids)}, columns,
                             haystack)

    def set_prepared(self, prepared: PreparedTable) -> None:
        self.beginResetModel()
        self._ids, self._position = prepared.ids, prepared.position
        self._columns, self._haystack = prepared.columns, prepared.haystack
        self._order = self._sorted_order(self.column_of(self._sorting[0]), self._sorting[1])
        self._rows = self._visible_rows()
        self.endResetModel()

    def _build_columns(self, table: pd.DataFrame, ids: np.ndarray) -> list[_Column]:
        def values(key: str) -> np.ndarray:
            return table[key].to_numpy(dtype=object)

        def numbers(key: str) -> np.ndarray:
            return pd.to_numeric(table[key], errors="coerce").to_numpy(dtype=float)

        codes, segments = pd.factorize(table["segment"])  # translate each segment once
        shown_segments = np.array([segment_name(s) for s in segments], dtype=object)[codes]
        last = table["last_purchase"].to_numpy(dtype="datetime64[D]")
        days = np.where(np.isnat(last), "", np.datetime_as_string(last, unit="D"))

        def known_text(key: str, header: str) -> list[_Column]:
            """Names and e-mails only where the imported files had them."""
            if key not in table or not table[key].notna().any():
                return []
            return [_Column(key, header, "", False, str, values(key), _text_keys(values(key)))]

        return [
            _Column("customer", self.tr("Customer"), self.tr("The customer's number"), False,
                    str, values("customer"), _id_keys(ids)),
            *known_text("name", self.tr("Name")),
            _Column("segment", self.tr("Segment"),
                    self.tr("The group they belong to by how recently, how often and how much "
                            "they buy"), False, str, shown_segments, _text_keys(shown_segments)),
            _Column("orders", self.tr("Orders"), self.tr("How many orders they have placed"),
                    True, _count, numbers("orders"), numbers("orders")),
            _Column("revenue", self.tr("Spent"),
                    self.tr("What they have paid in all, after returns"), True, _money,
                    numbers("revenue"), numbers("revenue")),
            _Column("last_purchase", self.tr("Last order"), self.tr("The day of their last "
                                                                    "order"),
                    False, str, days.astype(object),
                    np.where(np.isnat(last), np.nan, last.astype("int64").astype(float))),
            _Column("lifetime_value", self.tr("Lifetime value"),
                    self.tr("What they are expected to spend in the next 12 months"), True,
                    _money, numbers("lifetime_value"), numbers("lifetime_value")),
            _Column("churn_risk", self.tr("Churn risk"),
                    self.tr("The chance they will not buy again soon (from the Churn page's "
                            "scoring)"), True, risk_percent, np.full(len(table), np.nan),
                    np.full(len(table), np.nan)),
            _Column("country", self.tr("Country"), self.tr("Where they usually order from"),
                    False, str, values("country"), _text_keys(values("country"))),
            *known_text("email", self.tr("E-mail")),
        ]

    def set_churn_risk(self, risk: pd.Series | None) -> None:
        """Each customer's churn risk (0..1, indexed by customer), or None to clear it."""
        column = self.column_of("churn_risk")
        if column < 0:
            return
        values = (np.full(len(self._ids), np.nan) if risk is None else
                  risk.set_axis(risk.index.astype(str)).reindex(self._ids)
                  .to_numpy(dtype=float))
        self._columns[column].values = values
        self._columns[column].keys = values
        if self._sorting[0] == "churn_risk":
            self.sort(column, self._sorting[1])
        elif len(self._rows):
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column),
                                  [Qt.ItemDataRole.DisplayRole])

    # ------------------------------------------------------------------ finding customers

    def set_search(self, text: str) -> None:
        """Show only the customers whose number, name, e-mail, country or segment contain
        every word of `text` (case-insensitive)."""
        words = text.lower().split()
        if words == self._search:
            return
        self.beginResetModel()
        self._search = words
        self._rows = self._visible_rows()
        self.endResetModel()

    def _visible_rows(self) -> np.ndarray:
        if not self._search:
            return self._order
        mask = np.ones(len(self._ids), dtype=bool)
        for word in self._search:
            mask &= np.strings.find(self._haystack, word) >= 0
        return self._order[mask[self._order]]

    def total(self) -> int:
        """How many customers there are, whatever the search shows."""
        return len(self._ids)

    def knows(self, customer: str) -> bool:
        return str(customer) in self._position

    def customer_at(self, row: int) -> str:
        return str(self._ids[self._rows[row]])

    def row_of(self, customer: str) -> int:
        """The view row of `customer`, or -1 when the search hides them (or they are unknown)."""
        position = self._position.get(str(customer))
        if position is None:
            return -1
        found = np.flatnonzero(self._rows == position)
        return int(found[0]) if len(found) else -1

    def widest_texts(self, column: int) -> list[str]:
        """What a number column shows at its extremes (the largest and smallest value), so
        the view can fit it without formatting every row."""
        spec = self._columns[column]
        keys = spec.keys
        if not spec.numeric or not len(keys) or np.isnan(keys).all():
            return []
        return [spec.format(spec.values[i]) for i in (np.nanargmax(keys), np.nanargmin(keys))]

    def column_of(self, key: str) -> int:
        return next((i for i, c in enumerate(self._columns) if c.key == key), -1)

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _NUMBER if column.numeric else _TEXT
        row = self._rows[index.row()]
        if role == CUSTOMER_ROLE:
            return self._ids[row]
        if role == Qt.ItemDataRole.ToolTipRole and column.numeric:
            return None  # only text can be too long for its column
        if np.isnan(column.keys[row]):
            return ""
        return column.format(column.values[row])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._columns[section].tooltip or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (missing values last either way), or back to the table's own order
        for -1; ties keep their order, so sorting by one column then another nests them."""
        if column >= len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old_rows = self._rows
        self._sorting = (self._columns[column].key if column >= 0 else "", order)
        self._order = self._sorted_order(column, order)
        self._rows = self._visible_rows()
        if before:  # keep the selection on the same customers
            position = np.full(len(self._ids), -1)
            position[self._rows] = np.arange(len(self._rows))
            self.changePersistentIndexList(before, [
                self.index(int(position[old_rows[i.row()]]), i.column()) for i in before])
        self.layoutChanged.emit()

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> np.ndarray:
        if not 0 <= column < len(self._columns):
            return np.arange(len(self._ids))
        keys = self._columns[column].keys
        missing = np.isnan(keys)
        present = np.flatnonzero(~missing)
        wanted = keys[present] if order == Qt.SortOrder.AscendingOrder else -keys[present]
        return np.concatenate([present[np.argsort(wanted, kind="stable")],
                               np.flatnonzero(missing)])
