"""Every customer of the shop in one searchable list, and the profile of the one selected."""

from __future__ import annotations

import functools

import pandas as pd
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.jobs.customers import (
    CustomerDetails,
    CustomerList,
    customer_list,
    held_customer_details,
    model_recommendations,
)
from engine.jobs.profiles import similar_ids
from gui.customer_profile_panel import CustomerProfilePanel
from gui.customer_table_model import CustomerTableModel, PreparedTable
from gui.engine_text import in_ui_language
from gui.pages.base import ShopPage
from gui.pages.data_page import _table_view, fit_columns
from gui.shop import CHURN, DATA, MODELS, Shop

_WIDEST_COLUMN = 200  # pixels; a longer name or e-mail is elided, its tooltip shows it all


class CustomersPage(ShopPage):
    """The list is read once per data change (engine.jobs.customers.customer_list) by the
    reads process, which keeps the shop's orders: a profile is built there when a customer is
    selected, so clicking through customers never reads the database again, and the orders
    never cross into the window. Churn risk joins the list when the session's scores arrive."""

    reloads_on = (DATA,)
    models_requested = Signal()  # the profile's "Go to the Models page" button
    customers_loaded = Signal(int)  # how many customers the list holds
    profile_shown = Signal(str)  # the customer whose profile is now on screen

    def __init__(self, shop: Shop, parent: QWidget | None = None) -> None:
        super().__init__(shop, parent)
        self.book: CustomerList | None = None
        self._wanted: str | None = None  # asked for by show_customer before the list was read
        self._current: str | None = None  # the customer whose profile is shown or being read
        self._unknown: str | None = None  # the unknown customer the panel is telling about

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")  # Ctrl+F comes here
        self.search_edit.setPlaceholderText(self.tr("Search: number, name, e-mail, country, "
                                                    "segment"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.notes_label = QLabel()  # why a column is empty (too little history for values)
        self.notes_label.setObjectName("hint")
        self.notes_label.setWordWrap(True)
        self.notes_label.hide()
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.count_label)

        self.model = CustomerTableModel(self)
        self.view = _table_view(self.model)
        self.view.setWordWrap(False)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.panel = CustomerProfilePanel()
        self.panel.churn_scoring_requested.connect(self._on_churn_scoring_requested)
        self.panel.models_page_requested.connect(self.models_requested)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        list_side = QWidget()
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(search_row)
        list_layout.addWidget(self.notes_label)
        list_layout.addWidget(self.view, 1)
        self.splitter.addWidget(list_side)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        self.splitter.setChildrenCollapsible(False)

        layout = self.page_layout(self.tr("Customers"))
        layout.addWidget(self.splitter, 1)

        shop.changed.connect(self._on_shop_results_changed)
        shop.job_started.connect(self._on_shop_job_changed)
        shop.job_ended.connect(self._on_shop_job_changed)

    # ------------------------------------------------------------------ what others ask for

    def show_customer(self, customer: str) -> None:
        """Select `customer` and open their profile; before the list has been read, as soon
        as it is; a customer the shop does not know gets a plain message."""
        customer = str(customer).strip()
        if self.book is None:
            self._wanted = customer
            self.panel.show_message(self.tr("Opening customer {id} as soon as the list is "
                                            "read…").format(id=customer))
            return
        if not self.model.knows(customer):
            self._show_unknown(customer, [])
            self.shop.read("customers.similar", similar_ids, customer,
                           self.book.table["customer"],
                           done=functools.partial(self._on_similar_read, customer))
            return
        if self.model.row_of(customer) < 0:  # hidden by the search
            self.search_edit.clear()
        row = self.model.row_of(customer)
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0), self.view.ScrollHint.PositionAtCenter)
        self._open(customer)  # when the row was current already, selecting it opened nothing

    def _on_similar_read(self, customer: str, similar: list[str]) -> None:
        if similar and self._unknown == customer:  # the message is still on screen: add them
            self._show_unknown(customer, similar)

    def _show_unknown(self, customer: str, similar: list[str]) -> None:
        text = self.tr("This shop has no customer “{id}”. Check the number, or search the list "
                       "by number, name or e-mail.").format(id=customer)
        if similar:
            text += "\n\n" + self.tr("Customers with similar numbers: {ids}").format(
                ids=", ".join(similar))
        self._current, self._unknown = None, customer
        self.view.clearSelection()
        self.panel.show_message(text)

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        self.count_label.setText(self.tr("Reading your customers…"))
        # Two steps: the list (pandas over every order) in the reads process, then the table
        # model's arrays, in the window's language, on a reader thread.
        self.shop.read("customers.book", customer_list, self.shop.db_path, heavy=True,
                       done=self._on_book_built, failed=self._on_book_failed)

    def _on_book_built(self, book: CustomerList) -> None:
        self.shop.read("customers.book", self._prepare, book, done=self._on_book_read,
                       failed=self._on_book_failed)

    def _prepare(self, book: CustomerList) -> tuple[CustomerList, PreparedTable]:
        return book, self.model.prepare(book.table)

    def _on_book_failed(self, message: str) -> None:
        self.count_label.setText(self.tr("Could not read your customers."))
        self.panel.show_message(in_ui_language(message))

    def _on_book_read(self, answer: tuple[CustomerList, PreparedTable]) -> None:
        book, prepared = answer
        self.book = book
        self.model.set_prepared(prepared)
        self._apply_churn()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fit_columns(self.view, widest=_WIDEST_COLUMN)  # a long name or id must not take all
        self._update_count()
        self.notes_label.setText(self.tr("No lifetime values: {reason}").format(
            reason=in_ui_language(" ".join(book.notes))))
        self.notes_label.setVisible(bool(book.notes))
        self.customers_loaded.emit(self.model.total())
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.show_customer(wanted)
        elif self._current is not None and self.model.knows(self._current):
            self.view.selectRow(self.model.row_of(self._current))
            self._open(self._current, again=True)  # the data changed: build it again
        elif not self.model.total():
            self.panel.show_message(self.tr("No customers yet. Import your sales on the Data "
                                            "page; every customer in them appears here."))
        else:
            self._current = None
            self.panel.show_message(self.tr("Select a customer in the list to see who they "
                                            "are, what they buy and what to offer them."))

    def _open(self, customer: str, *, again: bool = False) -> None:
        if self.book is None or (customer == self._current and not again):
            return
        self._current, self._unknown = customer, None
        self.panel.show_message(self.tr("Reading customer {id}…").format(id=customer))
        self.shop.read("customers.profile", held_customer_details, self.shop.db_path,
                       customer, heavy=True, done=self._on_details_read,
                       failed=lambda message: self.panel.show_message(in_ui_language(message)))

    def _on_details_read(self, details: CustomerDetails) -> None:
        customer = details.profile.customer
        if self.book is None or customer != self._current:
            return
        self.panel.show_details(details)
        self._show_churn_of_panel()
        self._read_recommendations(customer)
        self.profile_shown.emit(customer)

    def _read_recommendations(self, customer: str) -> None:
        self.shop.read("customers.recommendations", model_recommendations, self.shop.db_path,
                       customer, heavy=True,
                       done=functools.partial(self._on_recommendations_read, customer))

    def _on_recommendations_read(self, customer: str, answer: tuple[bool, pd.DataFrame]) -> None:
        if customer == self.panel.shown_customer():
            self.panel.show_recommendations(*answer)

    # ------------------------------------------------------------------ churn and models

    def _apply_churn(self) -> None:
        churn = self.shop.churn
        self.model.set_churn_risk(None if churn is None else churn.scores["risk"])
        self._show_churn_of_panel()

    def _show_churn_of_panel(self) -> None:
        customer = self.panel.shown_customer()
        if customer is None:
            return
        churn = self.shop.churn
        scoring = self.shop.running_kind() == "churn"
        if churn is None:
            self.panel.show_churn(None, scored=False, scoring=scoring)
            return
        scores = churn.scores
        row = scores.loc[customer] if customer in scores.index else None
        self.panel.show_churn(row, scored=True, scoring=False,
                              horizon_days=churn.report.horizon_days)

    def _on_churn_scoring_requested(self) -> None:
        self.shop.score_churn()
        self._show_churn_of_panel()

    def _on_shop_results_changed(self, what: str) -> None:
        if what == CHURN:
            self._apply_churn()
        elif what == MODELS and self.panel.shown_customer() is not None:
            self._read_recommendations(self.panel.shown_customer())

    def _on_shop_job_changed(self, kind: str, _detail: str) -> None:
        if kind == "churn":
            self._show_churn_of_panel()

    # ------------------------------------------------------------------ list

    def _update_count(self) -> None:
        total, shown = self.model.total(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("{count} customers").format(count=f"{total:,}"))
        else:
            self.count_label.setText(self.tr("{shown} of {count} customers").format(
                shown=f"{shown:,}", count=f"{total:,}"))

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.model.set_search(text)
        self._update_count()
        if self._current is not None and self.model.row_of(self._current) >= 0:
            # Keep the open profile's row selected while it still shows (opens nothing new).
            self.view.selectRow(self.model.row_of(self._current))

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._open(self.model.customer_at(current.row()))
