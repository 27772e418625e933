"""What is in the shop database, where it came from, and how to take an import back out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.engine_text import in_ui_language
from gui.models import DataFrameModel


def _table_view(model: DataFrameModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    # No sort indicator at first, so the rows keep the order the engine gave them.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    # Fixed row heights: ResizeToContents would measure every row of a big table.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    return view


def fit_columns(view: QTableView, *, rows: int = 50, widest: int = 10_000) -> None:
    """Columns as wide as their header and first `rows` rows (and the texts a model's
    `widest_texts(column)` names, such as a number column's largest value), at most `widest`
    pixels. resizeColumnsToContents measures up to 1,000 rows per column: over a second on a
    big table, with the UI thread frozen."""
    model, header = view.model(), view.horizontalHeader()
    metrics = view.fontMetrics()
    padding = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_HeaderMargin) + 16
    for column in range(model.columnCount()):
        texts = [model.headerData(column, Qt.Orientation.Horizontal)]
        texts += [model.index(row, column).data() for row in range(min(rows, model.rowCount()))]
        if hasattr(model, "widest_texts"):
            texts += model.widest_texts(column)
        width = max(metrics.horizontalAdvance(str(text)) for text in texts if text is not None)
        header.resizeSection(column, min(width + padding, widest))


class _Figure(QFrame):
    """One key number with its name under it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        self.value.setObjectName("figureValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label = QLabel(name)
        label.setObjectName("figureName")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(label)


class DataPage(QWidget):
    import_requested = Signal()
    undo_requested = Signal(int, str)  # import id, file name
    rejected_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Your shop data"))
        title.setObjectName("pageTitle")
        names = {
            "customers": self.tr("customers"),
            "orders": self.tr("orders, with cancellations and returns"),
            "order_lines": self.tr("order lines"), "events": self.tr("browsing events"),
            "products": self.tr("products"), "revenue": self.tr("revenue"),
            "dates": self.tr("period covered"),
        }
        self.figures = {key: _Figure(name) for key, name in names.items()}
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, key in enumerate(("customers", "orders", "order_lines", "products", "events",
                                 "revenue")):
            grid.addWidget(self.figures[key], i // 3, i % 3)
        grid.addWidget(self.figures["dates"], 2, 0, 1, 3)

        history_title = QLabel(self.tr("Imports"))
        history_title.setObjectName("sectionTitle")
        self.history_model = DataFrameModel(headers={
            "id": self.tr("No."), "file": self.tr("File"), "kind": self.tr("Kind"),
            "rows_read": self.tr("Rows read"), "rows_imported": self.tr("Imported"),
            "rows_rejected": self.tr("Rejected"), "duplicates": self.tr("Duplicates"),
            "returns": self.tr("Returns"), "started_at": self.tr("Imported on"),
        }, parent=self)
        self.history_view = _table_view(self.history_model)
        self.history_view.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.clicked.connect(self.import_requested)
        self.undo_button = QPushButton(self.tr("Undo selected import"))
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self.rejected_button = QPushButton(self.tr("View rejected rows"))
        self.rejected_button.clicked.connect(self._on_rejected_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.rejected_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addWidget(history_title)
        layout.addWidget(self.history_view, 1)
        layout.addLayout(buttons)
        self._actions_enabled = True
        self._update_buttons()

    def show_data(self, summary: dict, history: pd.DataFrame) -> None:
        counts = summary["counts"]
        for key in ("customers", "orders", "order_lines", "products", "events"):
            self.figures[key].value.setText(f"{counts[key]:,}")
        self.figures["revenue"].value.setText(f"{summary['revenue']:,.2f}")
        start, end = summary.get("data_from"), summary.get("data_to")
        self.figures["dates"].value.setText(f"{start}  –  {end}" if start else "—")
        shown = [c for c in ("id", "file", "kind", "rows_read", "rows_imported", "rows_rejected",
                             "duplicates", "returns", "started_at") if c in history.columns]
        kinds = {"orders": self.tr("orders"), "events": self.tr("browsing"),
                 "products": self.tr("catalogue"), "customers": self.tr("customers")}
        shown_history = history[shown].copy()
        if "kind" in shown_history:
            shown_history["kind"] = shown_history["kind"].map(lambda k: kinds.get(k, k))
        self.history_model.set_frame(shown_history)
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.history_view.resizeColumnsToContents()  # a few dozen imports: cheap
        if shown:
            header.setSectionResizeMode(shown.index("file"), QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def set_enabled_actions(self, enabled: bool) -> None:
        """Off while a job runs: the undo or import would be refused anyway."""
        self._actions_enabled = enabled
        self._update_buttons()

    def selected_import(self) -> tuple[int, str, int] | None:
        """Id, file name and rejected count of the selected import, if one is selected."""
        rows = self.history_view.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        model = self.history_model
        return (int(model.value(row, "id")), str(model.value(row, "file")),
                int(model.value(row, "rows_rejected")))

    def _update_buttons(self) -> None:
        selected = self.selected_import()
        self.import_button.setEnabled(self._actions_enabled)
        self.undo_button.setEnabled(self._actions_enabled and selected is not None)
        self.rejected_button.setEnabled(selected is not None and selected[2] > 0)
        self.rejected_button.setToolTip(
            "" if selected is None or selected[2] else self.tr("This import rejected no rows."))

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection,
                              ) -> None:
        self._update_buttons()

    def _on_undo_clicked(self) -> None:
        selected = self.selected_import()
        if selected is not None:
            self.undo_requested.emit(selected[0], selected[1])

    def _on_rejected_clicked(self) -> None:
        selected = self.selected_import()
        if selected is not None:
            self.rejected_requested.emit(selected[0], selected[1])


class RejectedRowsDialog(QDialog):
    """The rows of one import that were kept out, each with its reason, to fix at the source."""

    save_requested = Signal(str)  # a CSV path the user chose

    def __init__(self, file_name: str, rows: pd.DataFrame, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rejected rows of {file}").format(file=file_name))
        if "reason" in rows.columns:  # the importer's words; the saved CSV keeps them as stored
            rows = rows.assign(reason=rows["reason"].map(in_ui_language, na_action="ignore"))
        self.model = DataFrameModel(rows, headers={
            "row_number": self.tr("Row"), "column": self.tr("Column"),
            "reason": self.tr("Reason"), "raw": self.tr("What the row said"),
        }, parent=self)
        view = _table_view(self.model)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setWordWrap(False)
        fit_columns(view)
        if self.model.columnCount():
            # The raw row can be very long: elide it to the window, the tooltip shows it all.
            view.horizontalHeader().setSectionResizeMode(self.model.columnCount() - 1,
                                                         QHeaderView.ResizeMode.Stretch)
        count = QLabel(self.tr("{count} rows of {file} were not imported. Fix them in the file "
                               "and import it again, or leave them out.")
                       .format(count=f"{len(rows):,}", file=file_name))
        count.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.save_button = close.addButton(self.tr("Save as CSV…"),
                                           QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self._on_save_clicked)
        self._file_name = file_name
        layout = QVBoxLayout(self)
        layout.addWidget(count)
        layout.addWidget(view, 1)
        layout.addWidget(close)
        self.resize(900, 500)

    def _on_save_clicked(self) -> None:
        suggested = f"{Path(self._file_name).stem}-rejected-rows.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the rejected rows"),
                                              str(Path.home() / suggested),
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.save_requested.emit(path)
