"""Who may stop buying, what they are worth, why, and what to do about it.

Risk comes from `shop.churn` (engine.jobs.churn): scored once per session, and again after the
data changes. The page only filters and sorts what the engine produced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui import dates
from gui.customer_table_model import risk_percent
from gui.engine_text import in_language, in_ui_language, reasons_in_ui_language, ui_language
from gui.export_dialog import ChurnFilter, export_report
from gui.pages.base import ShopPage, centred_message
from gui.pages.data_page import _Figure, _table_view
from gui.segment_words import segment_name
from gui.shop import CHURN, DATA, Shop

if TYPE_CHECKING:
    from engine.jobs.results import ChurnResult

ModelIndex = QModelIndex | QPersistentModelIndex

BANDS = ("high", "at_risk", "medium", "low", "all")
COLUMNS = ("customer", "segment", "risk", "value_at_risk", "last_purchase", "reasons", "action")
# Largest value at risk first: the customers most worth a call or an offer.
DEFAULT_SORT = (COLUMNS.index("value_at_risk"), Qt.SortOrder.DescendingOrder)
# The filters, remembered across restarts ("" for all segments).
SEGMENT_KEY, BAND_KEY, MINIMUM_KEY = "churn/segment", "churn/band", "churn/minimum"

_NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.TextAlignmentRole})
_WORDS = ("segment", "reasons", "action")  # columns sorted by their text as shown


def band_limits(band: str, result: ChurnResult) -> tuple[float, float]:
    """The risks [low, high) of a band. The model's own threshold (the best F1 on past
    customers) separates low from medium; it flags many customers, so "high" starts higher
    (ChurnResult.high_risk_from)."""
    threshold, high = result.threshold, result.high_risk_from
    return {"high": (high, np.inf), "at_risk": (threshold, np.inf),
            "medium": (threshold, high), "low": (-np.inf, threshold),
            "all": (-np.inf, np.inf)}[band]


def _stored_int(key: str) -> int:
    try:
        return int(QSettings().value(key, 0))
    except (TypeError, ValueError):  # edited by hand, or from another version
        return 0


class ChurnTableModel(QAbstractTableModel):
    """The scored customers as numpy columns; the view's rows are a permutation of the rows
    that pass the filter, so sorting and filtering never copy the data and `data()` is O(1)."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = (self.tr("Customer"), self.tr("Segment"), self.tr("Risk"),
                         self.tr("Value at risk"), self.tr("Last purchase"),
                         self.tr("Main reasons"), self.tr("Suggested action"))
        self._columns: dict[str, np.ndarray] = {c: np.empty(0, dtype=object)
                                                for c in self.COLUMNS}
        self._segment_names = np.empty(0, dtype=object)  # as shown, in the window's language
        self._recency = np.empty(0)
        self._shown = np.zeros(0, dtype=bool)
        self._sorted = np.arange(0)  # every row, in the current sort order
        self._order = np.arange(0)  # the shown rows, in the current sort order
        self._sorting = DEFAULT_SORT
        self._ranks: dict[tuple[str, str], np.ndarray] = {}  # see _word_ranks

    def set_scores(self, scores: pd.DataFrame, as_of: pd.Timestamp) -> None:
        self.beginResetModel()
        recency = scores["recency_days"].to_numpy(dtype=float)
        last = (np.datetime64(as_of.date(), "D")
                - np.nan_to_num(recency).astype("timedelta64[D]"))
        self._columns = {
            "customer": scores.index.to_numpy(dtype=object).astype(str),
            "segment": scores["segment"].to_numpy(dtype=object).astype(str),
            "risk": scores["risk"].to_numpy(dtype=float),
            "value_at_risk": scores["value_at_risk"].to_numpy(dtype=float),
            "last_purchase": last,
            "reasons": scores["reasons"].to_numpy(dtype=object),
            "action": scores["action"].to_numpy(dtype=object),
        }
        segments = scores["segment"].astype(str)
        self._segment_names = segments.map(
            {name: segment_name(name) for name in segments.unique()}).to_numpy(dtype=object)
        self._recency = recency
        self._ranks = {}
        self._shown = np.ones(len(scores), dtype=bool)
        self._sorted = self._sort_keys(*self._sorting)
        self._order = self._sorted
        self.endResetModel()

    def set_shown(self, shown: np.ndarray) -> None:
        """Show only the rows where `shown` is True (a mask over the scored customers)."""
        self.beginResetModel()
        self._shown = np.asarray(shown, dtype=bool)
        self._order = self._sorted[self._shown[self._sorted]]
        self.endResetModel()

    def column(self, name: str) -> np.ndarray:
        """One column of every scored customer, filtered or not."""
        return self._columns[name]

    def shown_rows(self) -> np.ndarray:
        """Positions (in the scored customers) of the rows shown, top to bottom."""
        return self._order

    def customer(self, row: int) -> str:
        return str(self._columns["customer"][self._order[row]])

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        name = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _NUMBER if name in ("risk", "value_at_risk") else _TEXT
        row = self._order[index.row()]
        value = self._columns[name][row]
        if name == "risk":
            return risk_percent(value)
        if name == "value_at_risk":
            return f"{value:,.0f}"
        if name == "last_purchase":
            day = str(value)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("{day}: {days} days before the data ends").format(
                    day=day, days=f"{self._recency[row]:,.0f}")
            return day
        if name == "segment":
            return self._segment_names[row]
        if name == "reasons":
            return reasons_in_ui_language(
                value, "\n" if role == Qt.ItemDataRole.ToolTipRole else None)
        if name == "action":
            return in_ui_language(value)
        return str(value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1) if 0 <= section < len(self._order) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sorting = (column, order)
        self._sorted = self._sort_keys(column, order)
        self._order = self._sorted[self._shown[self._sorted]]
        self.layoutChanged.emit()

    def _sort_keys(self, column: int, order: Qt.SortOrder) -> np.ndarray:
        name = self.COLUMNS[column]
        ascending = order == Qt.SortOrder.AscendingOrder
        # Stable either way: a descending sort keeps equal rows in their original order.
        if name in _WORDS:
            ranks = self._word_ranks(name)
            return np.argsort(ranks if ascending else -ranks, kind="stable")
        ranked = pd.Series(self._columns[name]).sort_values(ascending=ascending, kind="stable")
        return ranked.index.to_numpy()

    def _word_ranks(self, name: str) -> np.ndarray:
        """Each row's place in the alphabetical order of the column's words as shown (in the
        window's language): each distinct sentence is translated once, and the places are kept
        per column and language, so sorting 100,000 customers again only sorts integers."""
        language = ui_language()
        if (name, language) not in self._ranks:
            if name == "segment":
                words = self._segment_names  # translated already
            elif name == "action":
                codes, actions = pd.factorize(self._columns["action"])
                words = np.array([in_language(a, language) for a in actions], dtype=object)[codes]
            else:  # lists of sentences, joined as reasons_in_ui_language joins them
                reasons = self._columns["reasons"]
                translated = {s: in_language(s, language) for s in {s for r in reasons for s in r}}
                separator = "；" if language == "zh_CN" else "; "
                words = np.array([separator.join([translated[s] for s in r]) for r in reasons],
                                 dtype=object)
            self._ranks[(name, language)] = pd.Series(words).rank(method="dense").to_numpy(
                dtype=np.int64)
        return self._ranks[(name, language)]


class ChurnPage(ShopPage):
    """The risk list, sorted by value at risk, with filters and a summary in plain words."""

    reloads_on = (DATA, CHURN)

    def __init__(self, shop: Shop, parent: QWidget | None = None) -> None:
        super().__init__(shop, parent)
        self._result: ChurnResult | None = None
        self._waiting = False  # for another job to finish before scoring
        layout = self.page_layout(self.tr("Churn: who may stop buying"))

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.retry_button = QPushButton(self.tr("Score churn risk"))
        self.retry_button.clicked.connect(self._on_retry_clicked)
        waiting = centred_message(self.message, self.retry_button)

        self.stack = QStackedWidget()
        self.stack.addWidget(waiting)
        self.stack.addWidget(self._build_results())
        layout.addWidget(self.stack, 1)
        shop.job_ended.connect(self._on_shop_job_ended)

    def _build_results(self) -> QWidget:
        names = {"high": self.tr("customers at high risk"),
                 "at_risk": self.tr("customers at risk in all"),
                 "value": self.tr("value at risk in all"), "model": self.tr("model used")}
        self.figures = {key: _Figure(name) for key, name in names.items()}
        self.figures["value"].setToolTip(self.tr(
            "What the customers at risk would likely spend over the coming period, each "
            "weighted by their risk: the sales you may lose if nothing is done."))
        tiles = QHBoxLayout()
        for figure in self.figures.values():
            tiles.addWidget(figure, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("hint")

        self.segment_combo = QComboBox()
        self.segment_combo.setMinimumContentsLength(14)
        self.band_combo = QComboBox()
        self.band_combo.setMinimumContentsLength(24)
        self.minimum_spin = QSpinBox()
        self.minimum_spin.setRange(0, 1_000_000_000)
        self.minimum_spin.setSingleStep(50)
        self.minimum_spin.setGroupSeparatorShown(True)
        self.minimum_spin.setToolTip(self.tr("Hide customers with less value at risk than "
                                             "this, to focus on those who matter most."))
        self.minimum_spin.setValue(_stored_int(MINIMUM_KEY))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the customers shown as a report."))
        self.export_button.clicked.connect(self._on_export_clicked)
        for combo in (self.segment_combo, self.band_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
            combo.currentIndexChanged.connect(self._on_filter_chosen)
        self.minimum_spin.valueChanged.connect(self._on_filter_changed)
        self.minimum_spin.valueChanged.connect(self._on_filter_chosen)
        filters = QHBoxLayout()
        for label, widget in ((self.tr("Segment"), self.segment_combo),
                              (self.tr("Risk"), self.band_combo),
                              (self.tr("Value at risk of at least"), self.minimum_spin)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
            filters.addSpacing(12)
        filters.addStretch(1)
        filters.addWidget(self.export_button)

        self.model = ChurnTableModel(self)
        self.view = _table_view(self.model)
        self.view.setSortingEnabled(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSortIndicator(*DEFAULT_SORT)
        self.view.setSortingEnabled(True)
        for i, width in enumerate((70, 125, 50, 90, 95, 300)):
            self.view.setColumnWidth(i, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("hint")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(3 * self.detail.fontMetrics().lineSpacing())

        results = QWidget()
        layout = QVBoxLayout(results)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tiles)
        layout.addWidget(self.summary)
        layout.addSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.shown_label)
        return results

    # ------------------------------------------------------------------ states

    def reload(self) -> None:
        if self.shop.churn is not None:
            self.show_result(self.shop.churn)
        elif self.shop.running_kind() == "churn":
            self._show_message(self.tr("Scoring churn risk… This takes a few seconds."))
        elif self.shop.is_busy():
            self._show_message(self.tr("Churn risk will be scored as soon as the job under way "
                                       "has finished."))
            self._waiting = True
        elif self.shop.score_churn():
            self._show_message(self.tr("Scoring churn risk… This takes a few seconds."))
        else:
            self._show_message(self.tr("Churn risk could not be scored just now."), retry=True)

    def _show_message(self, text: str, *, retry: bool = False) -> None:
        self._result = None
        self._waiting = False
        self.message.setText(text)
        self.retry_button.setVisible(retry)
        self.stack.setCurrentIndex(0)

    def _on_shop_job_ended(self, kind: str, outcome: str) -> None:
        if self.shop.churn is not None or not self.isVisible():
            return
        if kind != "churn":
            if self._waiting:
                QTimer.singleShot(0, self._reload_if_still_waiting)  # our turn to score
        elif outcome == "failed":
            self._show_message(self.tr(
                "Churn risk could not be worked out for this shop. It needs orders with customer "
                "ids, from enough customers and over a long enough time to see some of them "
                "come back and some not. Import a longer order history, then try again."),
                retry=True)
        elif outcome == "cancelled":
            self._show_message(self.tr("Scoring was cancelled."), retry=True)

    def _reload_if_still_waiting(self) -> None:
        if self._waiting and self.isVisible() and not self.shop.is_busy():
            self.reload()

    def _on_retry_clicked(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ results

    def show_result(self, result: ChurnResult) -> None:
        self._result = result
        self._waiting = False
        scores = result.scores
        threshold = result.threshold
        self.model.set_scores(scores, result.as_of)
        self._fill_filters(scores, threshold, result.high_risk_from)
        risk = scores["risk"].to_numpy()
        high = risk >= result.high_risk_from
        at_risk = risk >= threshold
        self.figures["high"].value.setText(f"{int(high.sum()):,}")
        self.figures["at_risk"].value.setText(f"{int(at_risk.sum()):,}")
        self.figures["value"].value.setText(
            f"{scores['value_at_risk'].to_numpy()[at_risk].sum():,.0f}")
        self.figures["model"].value.setText(self._model_title(result.report.chosen))
        self.summary.setText(self._summary(result))
        self._on_filter_changed()
        self.stack.setCurrentIndex(1)

    def _fill_filters(self, scores: pd.DataFrame, threshold: float, high: float) -> None:
        if self.band_combo.count():  # scored again: keep what is chosen
            segment, band = self.segment_combo.currentData(), self.band_combo.currentData()
        else:  # the first scores since the page was built: what was chosen last time
            stored = QSettings()
            segment = str(stored.value(SEGMENT_KEY, "")) or None
            band = str(stored.value(BAND_KEY, "")) or None
        labels = {"high": self.tr("High ({high} or more)"),
                  "at_risk": self.tr("High or medium ({low} or more)"),
                  "medium": self.tr("Medium ({low} to {high})"),
                  "low": self.tr("Low (under {low})"), "all": self.tr("Everyone")}
        for combo in (self.segment_combo, self.band_combo):
            combo.blockSignals(True)
            combo.clear()
        self.segment_combo.addItem(self.tr("All segments"), None)
        for name in scores["segment"].value_counts().index:
            self.segment_combo.addItem(segment_name(str(name)), str(name))
        for key in BANDS:
            self.band_combo.addItem(labels[key].format(low=f"{threshold:.0%}",
                                                       high=f"{high:.0%}"), key)
        self.segment_combo.setCurrentIndex(max(0, self.segment_combo.findData(segment)))
        self.band_combo.setCurrentIndex(max(0, self.band_combo.findData(band or "high")))
        for combo in (self.segment_combo, self.band_combo):
            combo.blockSignals(False)

    def _shown_filter(self, result: ChurnResult) -> ChurnFilter:
        """The band and minimum chosen, as the export job takes them."""
        low, high = band_limits(self.band_combo.currentData() or "all", result)
        return ChurnFilter(float(low), float(high), float(self.minimum_spin.value()))

    def _on_filter_changed(self) -> None:
        if self._result is None:
            return
        chosen = self._shown_filter(self._result)
        risk = self.model.column("risk")
        value = self.model.column("value_at_risk")
        shown = ((risk >= chosen.risk_from) & (risk < chosen.risk_below)
                 & (value >= chosen.min_value_at_risk))
        segment = self.segment_combo.currentData()
        if segment is not None:
            shown &= self.model.column("segment") == segment
        self.model.set_shown(shown)
        self.detail.setText(self.tr("Click a customer to read why they may leave and what to do."))
        self.shown_label.setText(self.tr(
            "{count} customers shown, with {value} at risk. Double-click a customer to open "
            "their profile.").format(count=f"{int(shown.sum()):,}",
                                     value=f"{value[shown].sum():,.0f}"))

    def _summary(self, result: ChurnResult) -> str:
        report = result.report
        metrics = report.metrics.get(report.chosen)
        what = self.tr(
            "Risk is the chance that a customer places no order in the {days} days after "
            "{day}, the last day of your data; value at risk is what they would likely spend in "
            "that time, times their risk. Customers with a risk of {threshold} or more are "
            "flagged as at risk.").format(days=report.horizon_days,
                                          day=dates.day(result.as_of),
                                          threshold=f"{result.threshold:.0%}")
        if metrics is None:
            return what
        if report.validation == "out-of-time":
            check = self.tr(
                "How reliable is this? Tested on the past: of the customers the model would "
                "have flagged on {day}, {precision} really did not order in the next {days} "
                "days, and it caught {recall} of all who left.").format(
                day=dates.day(report.cutoff), days=report.horizon_days,
                precision=f"{metrics.precision:.0%}", recall=f"{metrics.recall:.0%}")
        else:
            check = self.tr(
                "How reliable is this? Checked on past customers it had not seen: of those "
                "it flagged, {precision} really did not order again within {days} days, and it "
                "caught {recall} of all who left.").format(
                days=report.horizon_days, precision=f"{metrics.precision:.0%}",
                recall=f"{metrics.recall:.0%}")
        figures = self.tr(
            "ROC-AUC {auc} (0.5 is a coin toss, 1 is perfect); Brier score {brier} (lower is "
            "better; {base} is what guessing the average would score).").format(
            auc=f"{metrics.roc_auc:.2f}", brier=f"{metrics.brier:.3f}",
            base=f"{metrics.brier_base:.3f}")
        return self.tr("{what}\n{check} {figures}").format(what=what, check=check,
                                                            figures=figures)

    def _model_title(self, name: str) -> str:
        return {"recency": self.tr("Recency alone"), "bgnbd": self.tr("Buying rhythm (BG/NBD)"),
                "logreg": self.tr("Logistic regression"),
                "gbm": self.tr("Gradient boosting"),
                "neural": self.tr("Neural network")}.get(name, name)

    # ------------------------------------------------------------------ actions

    def selected_segment(self) -> str | None:
        return self.segment_combo.currentData()

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.model.shown_rows()[current.row()]
        self.detail.setText(self.tr("{customer}: {reasons}.\nSuggested: {action}").format(
            customer=self.model.column("customer")[row],
            reasons=reasons_in_ui_language(self.model.column("reasons")[row]),
            action=in_ui_language(self.model.column("action")[row])))

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.shop.customer_requested.emit(self.model.customer(index.row()))

    def _on_filter_chosen(self) -> None:
        """Remember the filters for the next start (only the user's choices: filling the
        lists blocks their signals)."""
        stored = QSettings()
        stored.setValue(SEGMENT_KEY, self.segment_combo.currentData() or "")
        stored.setValue(BAND_KEY, self.band_combo.currentData() or "")
        stored.setValue(MINIMUM_KEY, self.minimum_spin.value())

    def _on_export_clicked(self) -> None:
        if self._result is None:
            return
        export_report(self, self.shop, "churn", segment=self.selected_segment(),
                      churn_filter=self._shown_filter(self._result))
