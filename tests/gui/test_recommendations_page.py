"""The Recommendations page on the real window: a customer's list, whom to offer a product to,
similar products, the serving run, the page of a shop with no model yet, and searching a list
of 100k customers."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from engine.jobs.training import TrainOptions, recommendations_for, runs, train_job
from gui.pages.recommendations_page import ChoiceModel, customer_choices
from gui.shop import MODELS
from storage.database import create_db_engine
from storage.importer import import_file
from tests.conftest import data_file, run_job
from tests.gui.conftest import open_window


def read_done(qtbot, shop, key: str, timeout: int = 30_000):
    """Wait for the page's read `key` to be answered (and shown: the page's slot runs first)."""
    return qtbot.waitSignal(shop.reader.read_finished, timeout=timeout,
                            check_params_cb=lambda answered, _result: answered == key)


def open_page(qtbot, window):
    page = window.recommendations_page
    with read_done(qtbot, window.shop, "recommendations.customer"):
        window.show_page(page)
    assert page.stack.currentIndex() == 2
    return page


def click(qtbot, view, row: int, *, double: bool = False) -> None:
    centre = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def column(model, name: str) -> list:
    return [model.value(row, name) for row in range(model.rowCount())]


def choose_customer(qtbot, page, customer: str) -> None:
    qtbot.keyClicks(page.customer_list.search, customer)
    assert page.customer_list.model.rowCount() >= 1
    with read_done(qtbot, page.shop, "recommendations.customer"):
        click(qtbot, page.customer_list.view, page.customer_list.model.row_of(customer))


def test_a_customers_list_is_the_stored_one_with_names_and_reasons(qtbot, shop_window,
                                                                   shop_db, qtmodeltester):
    page = open_page(qtbot, shop_window)
    qtmodeltester.check(page.customer_list.model)
    assert page.customer_list.model.rowCount() == 4_372
    choose_customer(qtbot, page, "12347")
    stored = recommendations_for(shop_db, "12347", 10)
    assert column(page.customer_model, "product") == list(stored["product"])
    assert column(page.customer_model, "reason") == list(stored["reason"])
    assert column(page.customer_model, "rank") == list(range(1, 11))
    assert "12347" in page.customer_title.text()
    qtmodeltester.check(page.customer_model)
    assert "Bought together" in page.run_combo.currentText()
    assert "%" in page.run_quality.text()


def test_whom_to_offer_a_product_lists_every_customer_whose_list_holds_it(
        qtbot, shop_window, shop_db, qtmodeltester):
    page = open_page(qtbot, shop_window)
    with read_done(qtbot, shop_window.shop, "recommendations.audience"):
        page.tabs.setCurrentIndex(1)
        click(qtbot, page.target_list.view, 3)
    sku = page.target_list.current_key()
    engine = create_db_engine(shop_db)
    try:
        stored = pd.read_sql_query(
            "SELECT c.external_id AS customer, p.sku, r.rank, r.score FROM recommendations r "
            "JOIN customers c ON c.id = r.customer_id JOIN products p ON p.id = r.product_id",
            engine)
    finally:
        engine.dispose()
    holding = stored[stored["sku"] == sku].sort_values("score", ascending=False, kind="stable")
    assert len(holding) > 100
    assert sorted(column(page.audience_model, "customer")) == sorted(holding["customer"])
    assert column(page.audience_model, "customer")[:5] == list(holding["customer"][:5])
    assert f"{len(holding):,} customers" in page.target_hint.text()
    qtmodeltester.check(page.audience_model)

    shop_window.shop.customer_requested.disconnect(shop_window.show_customer)  # the page's part
    with qtbot.waitSignal(shop_window.shop.customer_requested, timeout=5000) as request:
        click(qtbot, page.audience_view, 1, double=True)
    assert request.args == [column(page.audience_model, "customer")[1]]


def test_similar_products_leave_the_product_out(qtbot, shop_window, qtmodeltester):
    page = open_page(qtbot, shop_window)
    with read_done(qtbot, shop_window.shop, "recommendations.similar", timeout=120_000):
        page.tabs.setCurrentIndex(2)  # works out the similarities, then shows the first product
    assert page.similar_stack.currentIndex() == 1
    qtbot.keyClicks(page.similar_list.search, "white hanging heart t-light")
    with read_done(qtbot, shop_window.shop, "recommendations.similar"):
        click(qtbot, page.similar_list.view, 0)
    assert page.similar_list.current_key() == "85123A"
    bought_with = column(page.bought_with_model, "sku")
    alike = column(page.alike_model, "product")
    assert len(bought_with) == 10 and "85123A" not in bought_with
    assert len(alike) == 10 and "WHITE HANGING HEART T-LIGHT HOLDER" not in alike
    assert sum("T-LIGHT" in name for name in alike) >= 5
    matches = [int(m.rstrip("%")) for m in column(page.bought_with_model, "similarity")]
    assert matches == sorted(matches, reverse=True) and matches[0] <= 100
    qtmodeltester.check(page.similar_list.model)
    qtmodeltester.check(page.bought_with_model)


def test_choosing_another_run_changes_what_is_shown(qtbot, shop_db, messages):
    popularity = run_job(train_job(shop_db, TrainOptions("popularity")))  # now serving
    window = open_window(qtbot, shop_db)
    try:
        page = open_page(qtbot, window)
        choose_customer(qtbot, page, "12347")
        assert column(page.customer_model, "product") == list(
            recommendations_for(shop_db, "12347", 10, run_id=popularity.run_id)["product"])
        assert page.run_combo.currentData() == popularity.run_id
        with qtbot.waitSignal(window.shop.changed, timeout=30_000,
                              check_params_cb=lambda what: what == MODELS):
            page.run_combo.setFocus()
            qtbot.keyClick(page.run_combo, Qt.Key.Key_Down)  # the older item-kNN run
        with read_done(qtbot, window.shop, "recommendations.customer"):
            pass  # the page reloads and reads the customer's list again
        itemknn = runs(shop_db).query("model == 'itemknn'")["id"].item()
        assert runs(shop_db).set_index("id")["is_active"][itemknn]
        assert page.run_combo.currentData() == itemknn
        assert page.customer_list.current_key() == "12347"
        assert column(page.customer_model, "product") == list(
            recommendations_for(shop_db, "12347", 10, run_id=itemknn)["product"])
    finally:
        window.shop.shutdown()


@pytest.fixture
def untrained_db(gui_db: Path) -> Path:
    """A real shop with sales but no model: the first Shopify orders export."""
    gui_db.parent.mkdir(parents=True, exist_ok=True)
    engine = create_db_engine(gui_db)
    run_job(import_file(engine, data_file("exports", "shopify_orders_export_1.csv")))
    engine.dispose()
    return gui_db


def test_without_a_model_the_page_says_where_to_train_one(qtbot, untrained_db, messages):
    window = open_window(qtbot, untrained_db)
    try:
        page = window.recommendations_page
        with read_done(qtbot, window.shop, "recommendations.serving"):
            window.show_page(page)
        assert page.stack.currentIndex() == 1
        assert "Models page" in page.empty_label.text()
        with qtbot.waitSignal(page.models_requested, timeout=5000):
            qtbot.mouseClick(page.models_button, Qt.MouseButton.LeftButton)
    finally:
        window.shop.shutdown()


def test_searching_100k_customers_is_quick(qapp, qtmodeltester):
    n = 100_000
    countries = ("Denmark", "France", "United Kingdom", None)
    customers = pd.DataFrame({
        "customer": [str(100_000 + i) for i in range(n)],
        "name": [None if i % 10 == 9 else f"Person {chr(65 + i % 26)}{i % 7}" for i in range(n)],
        "country": [countries[i % 4] for i in range(n)],
    })
    choices = customer_choices(customers)  # the page makes them on a reader thread
    model = ChoiceModel()
    gc.collect()  # time the model, not a collection of the 100k labels just made
    started = time.perf_counter()
    model.set_choices(choices)
    filled = time.perf_counter() - started
    assert model.rowCount() == n and model.label_of("100001") == "100001 · Person B1 France"
    assert model.label_of("100019") == "100019"  # nothing known but the id
    assert model.label_of("100003") == "100003 · Person D3"

    labels = pd.Series(choices.labels)
    searched = []
    for text in ("1234", " DENMARK ", "no such customer", "1000", "person q3 fr"):
        started = time.perf_counter()
        model.set_filter(text)
        row = model.row_of("101234")
        searched.append(time.perf_counter() - started)
        wanted = labels.str.lower().str.contains(text.strip().lower(), regex=False)
        keys = [model.key(r) for r in range(model.rowCount())]
        assert keys == list(customers["customer"][wanted]), text
        assert row == (keys.index("101234") if "101234" in keys else -1)
    qtmodeltester.check(model)
    # Filling is instant (the labels come prepared); each search takes about 2 ms.
    assert filled < 0.02 and max(searched) < 0.15, (filled, searched)
