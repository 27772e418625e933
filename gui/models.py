"""Qt item models over the engine's DataFrames."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

ModelIndex = QModelIndex | QPersistentModelIndex

_NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.TextAlignmentRole})


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, np.datetime64) and np.isnat(value))


def _format_int(value: Any) -> str:
    return f"{int(value):,}"


def _format_float(value: Any) -> str:
    return f"{value:,.2f}"


def _format_datetime(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def _format_bool(value: Any) -> str:
    if value:
        return QCoreApplication.translate("DataFrameModel", "yes")
    return QCoreApplication.translate("DataFrameModel", "no")


def _formatter(column: pd.Series) -> tuple[Any, bool]:
    """How to write one column's cells, and whether they are numbers (aligned right)."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return _format_bool, False
    if pd.api.types.is_integer_dtype(dtype):
        return _format_int, True
    if pd.api.types.is_float_dtype(dtype):
        return _format_float, True
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return _format_datetime, False
    return str, False


class DataFrameModel(QAbstractTableModel):
    """A read-only table over a DataFrame, fast at any length.

    Columns are kept as numpy arrays and the view's rows map to them through a permutation, so
    `data()` costs the same on row 10 as on row 500,000 and sorting never copies the data
    (HOUSE_STYLE §5: no proxy model).
    """

    def __init__(self, frame: pd.DataFrame | None = None, *,
                 headers: Mapping[str, str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = dict(headers or {})
        self._frame = pd.DataFrame()
        self._names: list[str] = []
        self._columns: list[np.ndarray] = []
        self._formats: list[Any] = []
        self._numeric: list[bool] = []
        self._order = np.arange(0)
        self._sorting: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.set_frame(frame if frame is not None else pd.DataFrame())

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        self._names = [str(c) for c in self._frame.columns]
        series = [self._frame.iloc[:, i] for i in range(self._frame.shape[1])]
        self._columns = [s.to_numpy() for s in series]
        formats = [_formatter(s) for s in series]
        self._formats = [f for f, _ in formats]
        self._numeric = [n for _, n in formats]
        self._order = self._sorted_order(*self._sorting)
        self.endResetModel()

    def value(self, row: int, column: str) -> Any:
        """The raw value under view row `row` (after sorting) in the named column."""
        return self._columns[self._names.index(column)][self._order[row]]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _NUMBER if self._numeric[column] else _TEXT
        value = self._columns[column][self._order[index.row()]]
        return "" if _is_missing(value) else self._formats[column](value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._names):
                name = self._names[section]
                return self._headers.get(name, name)
            return None
        return str(section + 1) if 0 <= section < len(self._order) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column`, or back to the frame's own order for -1; kept across set_frame."""
        if column >= len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        old_order = self._order
        self._sorting = (column, order)
        self._order = self._sorted_order(column, order)
        self._move_persistent_indexes(old_order)
        self.layoutChanged.emit()

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> np.ndarray:
        if not 0 <= column < len(self._columns):
            return np.arange(len(self._frame))
        keys = pd.Series(self._columns[column])
        ascending = order == Qt.SortOrder.AscendingOrder
        try:
            ranked = keys.sort_values(ascending=ascending, kind="stable", na_position="last")
        except TypeError:  # mixed types in one column: compare them as text
            ranked = keys.astype(str).sort_values(ascending=ascending, kind="stable")
        return ranked.index.to_numpy()

    def _move_persistent_indexes(self, old_order: np.ndarray) -> None:
        """Keep selections on the same data rows after a sort."""
        before = self.persistentIndexList()
        if not before:
            return
        position = np.empty_like(self._order)
        position[self._order] = np.arange(len(self._order))
        after = [self.index(int(position[old_order[i.row()]]), i.column()) for i in before]
        self.changePersistentIndexList(before, after)
