"""What to suggest to each customer, whom to offer a product to, and which products are alike.

The first two come from the lists the serving run stored when it was trained (engine.jobs
.recommending); the serving run is chosen at the top of the page. Similar products are worked
out from the sales data once per session, whichever run serves.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.jobs import call_job, recommending
from engine.jobs.recommending import ProductSimilarity, Serving
from gui import dates
from gui.engine_text import in_ui_language, model_title, ui_language
from gui.export_dialog import export_report
from gui.models import DataFrameModel
from gui.pages.base import ShopPage, centred_message
from gui.pages.data_page import _table_view, fit_columns
from gui.shop import DATA, MODELS, Shop

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Choices:
    """What a ChoiceList offers, ready to search: made by `prepare_choices` on a reader
    thread, so a list of 100,000 customers arrives without holding up the window."""

    keys: np.ndarray  # object: customer ids or SKUs
    labels: np.ndarray  # object: what the list shows
    folded: np.ndarray  # the labels lower-cased, as fixed-width text np.strings searches in C
    rows: dict[str, int]  # the position of each key (its first, should one come twice)


def prepare_choices(keys: pd.Series | np.ndarray, labels: pd.Series | np.ndarray) -> Choices:
    """Runs on a reader thread (or anywhere: plain numpy)."""
    keys = np.asarray(keys, dtype=object)
    labels = np.asarray(labels, dtype=object)
    rows = dict(zip(keys[::-1].astype(str), range(len(keys) - 1, -1, -1), strict=True))
    return Choices(keys, labels, np.strings.lower(labels.astype(str)), rows)


def customer_choices(customers: pd.DataFrame) -> Choices:
    """Each customer as "id · name country" (the id alone when the shop knows no more)."""
    ids = customers["customer"].astype(str)
    details = (customers["name"].fillna("").astype(str) + " "
               + customers["country"].fillna("").astype(str)).str.strip()
    return prepare_choices(ids, ids.where(details == "", ids + " · " + details))


def product_labels(products: pd.DataFrame) -> pd.Series:
    """Each product as "name (sku)" (the sku alone when it has no name)."""
    names = products["product"].fillna("").astype(str)
    skus = products["sku"].astype(str)
    return skus.where(names == "", names + " (" + skus + ")")


def _serving_choices(serving: Serving) -> tuple[Serving, Choices, Choices]:
    """Runs on a reader thread: the customers with a list, and the products on someone's
    list, each after how many customers it is suggested to."""
    products = serving.products
    counts = products["customers"].map(lambda n: f"{n:,}")
    return (serving, customer_choices(serving.customers),
            prepare_choices(products["sku"], counts.str.cat(product_labels(products), sep=" · ")))


def _product_choices(products: pd.DataFrame) -> Choices:
    """Runs on a reader thread."""
    return prepare_choices(products["sku"], product_labels(products))


class ChoiceModel(QAbstractListModel):
    """Things to choose from (customers, products): a key and a label each, filtered by the
    text typed above the list with a vectorised search of the prepared labels, so typing stays
    quick on long lists."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choices = prepare_choices([], [])
        self._order = np.arange(0)  # positions of the rows shown, ascending

    def set_choices(self, choices: Choices) -> None:
        self.beginResetModel()
        self._choices = choices
        self._order = np.arange(len(choices.keys))
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        text = text.strip().lower()
        self._order = (np.flatnonzero(np.strings.find(self._choices.folded, text) >= 0) if text
                       else np.arange(len(self._choices.keys)))
        self.endResetModel()

    def key(self, row: int) -> str:
        return str(self._choices.keys[self._order[row]])

    def label_of(self, key: str) -> str:
        position = self._choices.rows.get(key)
        return key if position is None else str(self._choices.labels[position])

    def row_of(self, key: str) -> int:
        """The row showing `key`, or -1 when it is filtered out or unknown."""
        position = self._choices.rows.get(key)
        if position is None:
            return -1
        row = int(np.searchsorted(self._order, position))
        return row if row < len(self._order) and self._order[row] == position else -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or (
                not index.isValid()):
            return None
        return str(self._choices.labels[self._order[index.row()]])


class ChoiceList(QWidget):
    """A search box over a list; `chosen` carries the key of the row the user picks."""

    chosen = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("search")  # Ctrl+F comes here (the visible tab's list)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.model = ChoiceModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)  # long lists lay out without measuring every row
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.count.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self._current = ""

    def set_choices(self, choices: Choices, count: str) -> None:
        """Fill the list, keeping the current choice where it is still there (else the first)."""
        self.model.set_choices(choices)
        self.model.set_filter(self.search.text())
        self.count.setText(count)
        self.choose(self._current if self.model.row_of(self._current) >= 0 else
                    (self.model.key(0) if self.model.rowCount() else ""))

    def choose(self, key: str) -> None:
        """Select `key` and announce it (even when it was chosen already: a reload)."""
        row = self.model.row_of(key)
        self._current = key if row >= 0 else ""
        if row < 0:
            self.view.selectionModel().clear()
            return
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)
        self.chosen.emit(key)

    def current_key(self) -> str:
        return self._current

    def _on_search_text_changed(self, text: str) -> None:
        self.model.set_filter(text)
        row = self.model.row_of(self._current)
        if row >= 0:  # still listed: keep it selected (announced already)
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        key = self.model.key(current.row())
        if key != self._current:
            self._current = key
            self.chosen.emit(key)


def _results_table(model: DataFrameModel) -> QTableView:
    view = _table_view(model)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _fit_columns(view: QTableView) -> None:
    """Columns sized to a short table's contents, the last one taking the rest."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    fit_columns(view, widest=300)  # a few hundred rows measured by Qt took 0.1 s and more
    last = view.model().columnCount() - 1
    if last >= 0:  # long reasons are cut to the window; their tooltip has them whole
        header.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)


def _without_empty(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """`frame` without those of `columns` that hold nothing (no categories in this shop)."""
    empty = [c for c in columns if c in frame and not frame[c].fillna("").astype(str).str.strip()
             .any()]
    return frame.drop(columns=empty)


def _similar_lists(similarity: ProductSimilarity, sku: str,
                   ) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """Runs on a reader thread."""
    return sku, similarity.bought_with(sku), similarity.described_alike(sku)


class RecommendationsPage(ShopPage):
    """Three views of the serving run's suggestions, and the choice of the run that serves."""

    reloads_on = (DATA, MODELS)
    models_requested = Signal()  # the empty state's button: the window shows the Models page

    def __init__(self, shop: Shop, parent: QWidget | None = None) -> None:
        super().__init__(shop, parent)
        self._serving: Serving | None = None
        self._similarity: ProductSimilarity | None = None
        self._similarity_asked = False
        layout = self.page_layout(self.tr("Recommendations"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_loading())
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_content())
        layout.addWidget(self.stack, 1)

    # ------------------------------------------------------------------ building

    def _build_loading(self) -> QWidget:
        label = QLabel(self.tr("Reading the recommendations…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _build_empty(self) -> QWidget:
        self.empty_label = QLabel(self.tr(
            "No recommendations yet. Train a model on the Models page to see recommendations "
            "here: it learns from your sales which products each customer is likely to want "
            "next."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.models_button = QPushButton(self.tr("Go to the Models page"))
        self.models_button.clicked.connect(self.models_requested)
        return centred_message(self.empty_label, self.models_button)

    def _build_content(self) -> QWidget:
        self.run_combo = QComboBox()
        self.run_combo.setMinimumContentsLength(40)
        self.run_combo.setToolTip(self.tr("Every model you trained keeps its suggestions; choose "
                                          "the one whose suggestions the app shows."))
        self.run_combo.activated.connect(self._on_run_combo_activated)
        self.run_quality = QLabel()
        self.run_quality.setObjectName("hint")
        self.run_quality.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save every customer's suggestions as a report."))
        self.export_button.clicked.connect(self._on_export_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Suggestions come from")))
        top.addWidget(self.run_combo)
        top.addStretch(1)
        top.addWidget(self.export_button)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_customer_tab(), self.tr("For a customer"))
        self.tabs.addTab(self._build_product_tab(), self.tr("Whom to offer a product"))
        self.tabs.addTab(self._build_similar_tab(), self.tr("Similar products"))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.run_quality)
        layout.addWidget(self.tabs, 1)
        return content

    def _split(self, left: QWidget, right: QWidget) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 760])
        return splitter

    def _build_customer_tab(self) -> QWidget:
        self.customer_list = ChoiceList(self.tr("Search customers…"))
        self.customer_list.chosen.connect(self._on_customer_list_chosen)
        self.customer_title = QLabel()
        self.customer_title.setObjectName("sectionTitle")
        self.profile_button = QPushButton(self.tr("Open profile"))
        self.profile_button.clicked.connect(self._on_profile_clicked)
        heading = QHBoxLayout()
        heading.addWidget(self.customer_title, 1)
        heading.addWidget(self.profile_button)
        self.customer_model = DataFrameModel(headers={
            "rank": self.tr("No."), "product": self.tr("Product"), "sku": self.tr("Code"),
            "category": self.tr("Category"), "reason": self.tr("Why we suggest it"),
            "description": self.tr("Description")}, parent=self)
        self.customer_view = _results_table(self.customer_model)
        hint = QLabel(self.tr("The products this customer is most likely to want next, best "
                              "first; what they already bought is left out."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addLayout(heading)
        layout.addWidget(hint)
        layout.addWidget(self.customer_view, 1)
        return self._split(self.customer_list, right)

    def _build_product_tab(self) -> QWidget:
        self.target_list = ChoiceList(self.tr("Search products…"))
        self.target_list.chosen.connect(self._on_target_list_chosen)
        self.target_title = QLabel()
        self.target_title.setObjectName("sectionTitle")
        self.target_hint = QLabel()
        self.target_hint.setObjectName("hint")
        self.target_hint.setWordWrap(True)
        self.audience_model = DataFrameModel(headers={
            "customer": self.tr("Customer"), "name": self.tr("Name"),
            "country": self.tr("Country"), "rank": self.tr("Place on their list"),
            "reason": self.tr("Why")}, parent=self)
        self.audience_view = _results_table(self.audience_model)
        self.audience_view.doubleClicked.connect(self._on_audience_view_double_clicked)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.target_title)
        layout.addWidget(self.target_hint)
        layout.addWidget(self.audience_view, 1)
        return self._split(self.target_list, right)

    def _build_similar_tab(self) -> QWidget:
        self.similar_list = ChoiceList(self.tr("Search products…"))
        self.similar_list.chosen.connect(self._on_similar_list_chosen)
        self.similar_title = QLabel()
        self.similar_title.setObjectName("sectionTitle")
        headers = {"product": self.tr("Product"), "sku": self.tr("Code"),
                   "category": self.tr("Category"), "similarity": self.tr("Match")}
        self.bought_with_model = DataFrameModel(headers=headers, parent=self)
        self.alike_model = DataFrameModel(headers=headers, parent=self)
        self.bought_with_view = _results_table(self.bought_with_model)
        self.alike_view = _results_table(self.alike_model)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.similar_title)
        for title, hint, view in (
                (self.tr("Bought by the same customers"),
                 self.tr("Products most often bought by the customers who bought this one: "
                         "good to show beside it or in a bundle."), self.bought_with_view),
                (self.tr("Described alike"),
                 self.tr("Products whose name, description and category read most like this "
                         "one's; this needs no sales, so it also works for new products."),
                 self.alike_view)):
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: 600;")
            note = QLabel(hint)
            note.setObjectName("hint")
            note.setWordWrap(True)
            layout.addWidget(heading)
            layout.addWidget(note)
            layout.addWidget(view, 1)
        self.similar_status = QLabel(self.tr("Comparing products… This takes a few seconds on "
                                             "a big shop."))
        self.similar_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.similar_status.setWordWrap(True)
        self.similar_stack = QStackedWidget()
        self.similar_stack.addWidget(self.similar_status)
        self.similar_stack.addWidget(self._split(self.similar_list, right))
        return self.similar_stack

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        self.shop.read("recommendations.serving", recommending.serving, self.shop.db_path,
                       heavy=True, done=self._on_serving_read)

    def _on_shop_changed(self, what: str) -> None:
        if what == DATA:  # similar products depend on the data, not on the serving run
            self._similarity = None
            self._similarity_asked = False
        super()._on_shop_changed(what)

    def _on_serving_read(self, serving: Serving) -> None:
        if serving.runs.empty:
            self.shop.forget_reads("recommendations.choices")  # of a run since deleted
            self._serving = serving
            self.stack.setCurrentIndex(1)
            return
        # The lists' labels, lower-cased for searching, are made on a reader thread: they grow
        # with the shop (100,000 customers take about 0.15 s).
        self.shop.read("recommendations.choices", _serving_choices, serving,
                       done=self._on_serving_prepared)

    def _on_serving_prepared(self, answer: tuple[Serving, Choices, Choices]) -> None:
        serving, customers, products = answer
        self._serving = serving
        self.stack.setCurrentIndex(2)
        self._fill_runs(serving)
        self.customer_list.set_choices(customers, self.tr(
            "{count} customers with suggestions").format(count=f"{len(customers.keys):,}"))
        self.target_list.set_choices(products, self.tr(
            "{count} products suggested to someone, each after how many customers it is "
            "suggested to").format(count=f"{len(products.keys):,}"))
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _fill_runs(self, serving: Serving) -> None:
        self.run_combo.clear()
        for run in serving.runs.itertuples():
            self.run_combo.addItem(self.tr("{model}, trained {when}").format(
                model=model_title(run.model),
                when=dates.moment(pd.Timestamp(run.finished_at))), int(run.id))
        active = serving.active_run
        self.run_combo.setCurrentIndex(self.run_combo.findData(active) if active else -1)
        if active is None:
            self.run_quality.setText(self.tr("No model serves suggestions at the moment: choose "
                                             "one above."))
            return
        run = serving.runs[serving.runs["id"] == active].iloc[0]
        self.run_quality.setText(self._quality(run.metrics, run.split))

    def _quality(self, metrics: dict, split: dict) -> str:
        hit = metrics.get("hitrate@10")
        if hit is None:
            return ""
        tested = {"last days": self.tr("Tested on the last {days} days of sales").format(
                      days=split.get("days", "")),
                  "last basket": self.tr("Tested on each customer's latest order"),
                  "random": self.tr("Tested on a random fifth of the ratings")}.get(
            split.get("kind"), self.tr("Tested on held-back data"))
        return self.tr("{tested}: {share} of customers went on to buy at least one product "
                       "from their top 10.").format(tested=tested, share=f"{hit:.0%}")

    def _active_run(self) -> int | None:
        return self._serving.active_run if self._serving else None

    # ------------------------------------------------------------------ per customer

    def _on_customer_list_chosen(self, customer: str) -> None:
        self.customer_title.setText(self.customer_list.model.label_of(customer))
        self.shop.read("recommendations.customer", recommending.with_reasons_in, ui_language(),
                       recommending.customer_recommendations, self.shop.db_path, customer,
                       self._active_run(), heavy=True, done=self._on_customer_read)

    def _on_customer_read(self, recommended: pd.DataFrame) -> None:
        shown = recommended[["rank", "product", "sku", "category", "reason", "description"]]
        self.customer_model.set_frame(_without_empty(shown, ("category", "description")))
        _fit_columns(self.customer_view)

    def _on_profile_clicked(self) -> None:
        customer = self.customer_list.current_key()
        if customer:
            self.shop.customer_requested.emit(customer)

    # ------------------------------------------------------------------ per product

    def _on_target_list_chosen(self, sku: str) -> None:
        self.shop.read("recommendations.audience", recommending.with_reasons_in, ui_language(),
                       recommending.product_audience, self.shop.db_path, sku,
                       self._active_run(), heavy=True, done=self._on_audience_read)

    def _on_audience_read(self, audience: pd.DataFrame) -> None:
        sku = self.target_list.current_key()
        products = self._serving.products if self._serving else pd.DataFrame()
        row = products[products["sku"] == sku] if len(products) else products
        name = str(row["product"].iloc[0] or sku) if len(row) else sku
        self.target_title.setText(name)
        self.target_hint.setText(self.tr(
            "{count} customers have this product among their top suggestions, strongest match "
            "first. None of them has bought it yet: they are the ones to offer it to. "
            "Double-click a customer to open their profile.").format(
            count=f"{len(audience):,}"))
        shown = audience[["customer", "name", "country", "rank", "reason"]]
        self.audience_model.set_frame(_without_empty(shown, ("name", "country")))
        _fit_columns(self.audience_view)

    def _on_audience_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.shop.customer_requested.emit(
                str(self.audience_model.value(index.row(), "customer")))

    # ------------------------------------------------------------------ similar products

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.similar_stack and not self._similarity_asked:
            self._similarity_asked = True
            self.similar_stack.setCurrentIndex(0)
            self.shop.read("recommendations.similarity", recommending.product_similarity,
                           self.shop.db_path, heavy=True, done=self._on_similarity_read,
                           failed=self._on_similarity_failed)

    def _on_similarity_read(self, similarity: ProductSimilarity) -> None:
        self._similarity = similarity
        if similarity.problem:
            self.similar_status.setText(in_ui_language(similarity.problem))
            return
        self.shop.read("recommendations.similar_choices", _product_choices, similarity.products,
                       done=self._on_similar_choices_prepared)

    def _on_similar_choices_prepared(self, products: Choices) -> None:
        self.similar_list.set_choices(products, self.tr(
            "{count} products, most bought first").format(count=f"{len(products.keys):,}"))
        self.similar_stack.setCurrentIndex(1)

    def _on_similarity_failed(self, message: str) -> None:
        self._similarity_asked = False  # try again when the tab is shown next
        self.similar_status.setText(in_ui_language(message))

    def _on_similar_list_chosen(self, sku: str) -> None:
        if self._similarity is None:
            return
        self.shop.read("recommendations.similar", _similar_lists, self._similarity, sku,
                       done=self._on_similar_read)

    def _on_similar_read(self, lists: tuple[str, pd.DataFrame, pd.DataFrame]) -> None:
        sku, bought_with, alike = lists
        products = self._similarity.products if self._similarity else pd.DataFrame()
        row = products[products["sku"] == sku]
        self.similar_title.setText(product_labels(row).iloc[0] if len(row) else sku)
        for model, view, frame in ((self.bought_with_model, self.bought_with_view, bought_with),
                                   (self.alike_model, self.alike_view, alike)):
            frame = frame.assign(similarity=frame["similarity"].map(lambda s: f"{s:.0%}"))
            model.set_frame(_without_empty(frame[["product", "sku", "category", "similarity"]],
                                           ("category",)))
            _fit_columns(view)

    # ------------------------------------------------------------------ serving run and export

    def _on_run_combo_activated(self, index: int) -> None:
        run_id = self.run_combo.itemData(index)
        active = self._active_run()
        if run_id is None or run_id == active:
            return
        message = self.tr("Switching the model that serves suggestions…")
        started = self.shop.run(functools.partial(call_job, recommending.serve_run,
                                                  self.shop.db_path, int(run_id), message=message),
                                kind="serve", message=message, changes=(MODELS,))
        if not started:
            self.run_combo.setCurrentIndex(self.run_combo.findData(active) if active else -1)

    def _on_export_clicked(self) -> None:
        export_report(self, self.shop, "recommendations")
