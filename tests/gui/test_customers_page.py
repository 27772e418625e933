"""The Customers page: the list model at 100k customers, and the real window on the Online
Retail shop (profile, search, sort, churn risk, customers asked for by other pages)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import numpy as np
import pandas as pd
from PySide6.QtCore import QPersistentModelIndex, QPoint, Qt

from engine.churn.models import ChurnReport
from engine.customers.rfm import rfm_table
from engine.jobs.churn import ChurnResult
from engine.jobs.clv import clv_job
from engine.jobs.customers import TABLE_COLUMNS
from gui.customer_table_model import CUSTOMER_ROLE, CustomerTableModel, risk_percent
from gui.pages.data_page import _table_view, fit_columns
from gui.shop import CHURN, MODELS
from tests.conftest import run_job
from tests.gui.conftest import open_window

SEGMENTS = ("Champions", "Loyal", "At Risk", "Lost", "New", "No orders yet")
COUNTRIES = ("Denmark", "France", "Japan", "United Kingdom")


def synthetic_table(n: int, seed: int = 0) -> pd.DataFrame:
    """A customer table shaped like CustomerBook.table, with missing values where a real one
    has them (no name, no purchase, no lifetime value)."""
    rng = np.random.default_rng(seed)
    last = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    frame = pd.DataFrame({
        "customer": [f"C{i:06d}" for i in range(n)],
        "name": np.where(rng.random(n) < 0.1, None,
                         [f"Person {chr(65 + i % 26)}{i % 7}" for i in range(n)]),
        "email": [f"p{i}@shop.example" for i in range(n)],
        "country": rng.choice(COUNTRIES, n),
        "segment": rng.choice(SEGMENTS, n),
        "orders": rng.integers(0, 40, n),
        "revenue": rng.gamma(2.0, 300.0, n).round(2),
        "last_purchase": np.where(rng.random(n) < 0.05, pd.NaT, last),
        "lifetime_value": np.where(rng.random(n) < 0.2, np.nan, rng.gamma(2.0, 200.0, n)),
        "r_score": rng.integers(1, 6, n), "f_score": rng.integers(1, 6, n),
        "m_score": rng.integers(1, 6, n),
    })
    frame["last_purchase"] = pd.to_datetime(frame["last_purchase"])
    return frame[list(TABLE_COLUMNS)]


def shown_customers(model: CustomerTableModel) -> list[str]:
    return [model.customer_at(row) for row in range(model.rowCount())]


def test_model_sorts_and_searches_100k_customers_quickly(qapp):
    table = synthetic_table(100_000)
    model = CustomerTableModel()
    model.set_table(table)
    column = model.column_of("revenue")

    started = time.perf_counter()
    model.sort(column, Qt.SortOrder.DescendingOrder)
    sort_seconds = time.perf_counter() - started
    expected = table.sort_values("revenue", ascending=False, kind="stable")["customer"]
    assert shown_customers(model) == expected.tolist()

    started = time.perf_counter()
    model.set_search("denmark CHAMPIONS")
    search_seconds = time.perf_counter() - started
    wanted = (table["country"] == "Denmark") & (table["segment"] == "Champions")
    assert shown_customers(model) == expected[wanted.reindex(expected.index)].tolist()
    assert model.total() == 100_000
    assert sort_seconds < 0.5 and search_seconds < 0.5  # about 10 ms each

    # Missing values go last in either order; the display leaves them blank.
    model.set_search("")
    value = model.column_of("lifetime_value")
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(value, order)
        missing = int(table["lifetime_value"].isna().sum())
        last_rows = [model.index(model.rowCount() - 1 - i, value) for i in range(missing)]
        assert all(model.data(index) == "" for index in last_rows)
        assert model.data(model.index(0, value)) != ""


def test_model_sorts_numbers_as_numbers_and_keeps_the_selection(qapp):
    table = synthetic_table(50).assign(customer=[str(n) for n in range(1000, 50_000, 980)])
    model = CustomerTableModel()
    model.set_table(table)
    model.sort(model.column_of("customer"), Qt.SortOrder.AscendingOrder)
    assert shown_customers(model)[:3] == ["1000", "1980", "2960"]  # not "10780" second
    kept = model.index(5, 0)
    persistent = QPersistentModelIndex(kept)
    customer = model.data(kept, CUSTOMER_ROLE)
    model.sort(model.column_of("revenue"), Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(persistent.row(), 0), CUSTOMER_ROLE) == customer


def test_columns_fit_the_largest_number_far_down_the_list(qapp):
    table = synthetic_table(2000)
    table.loc[1500, "revenue"] = 1_234_567.89  # one big spender, far below the first rows
    model = CustomerTableModel()
    model.set_table(table)
    view = _table_view(model)
    fit_columns(view)
    spent = model.column_of("revenue")
    needed = view.fontMetrics().horizontalAdvance("1,234,567.89")
    assert view.horizontalHeader().sectionSize(spent) > needed
    assert model.widest_texts(model.column_of("segment")) == []  # text: the first rows tell


def test_risks_never_read_as_certain():
    assert [risk_percent(r) for r in (0.0, 0.004, 0.006, 0.42, 0.99, 0.996, 1.0)] == [
        "<1%", "<1%", "1%", "42%", "99%", ">99%", ">99%"]


def test_a_tiny_risk_reads_as_a_whole_sentence(qtbot):
    from PySide6.QtGui import QTextDocument

    from gui.customer_profile_panel import CustomerProfilePanel

    panel = CustomerProfilePanel()
    qtbot.addWidget(panel)
    row = pd.Series({"risk": 0.001, "at_risk": False, "reasons": [], "action": ""})
    document = QTextDocument()
    document.setHtml(panel._risk_words(row, 70))  # as the rich-text label shows it
    assert document.toPlainText() == ("Likely to come back: only <1% chance they will not buy "
                                      "again within 70 days.")


def test_model_passes_the_model_tester(qtmodeltester):
    model = CustomerTableModel()
    model.set_table(synthetic_table(300, seed=1))
    model.sort(model.column_of("last_purchase"), Qt.SortOrder.DescendingOrder)
    model.set_search("person")
    qtmodeltester.check(model)


# ---------------------------------------------------------------------------- the real window


def open_customers(window, qtbot):
    page = window.customers_page
    with qtbot.waitSignal(page.customers_loaded, timeout=60_000):
        window.show_page(page)
    return page


def active_recommendations(db: Path, customer: str) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [name for name, in connection.execute(
            "SELECT p.name FROM recommendations r JOIN customers c ON c.id = r.customer_id "
            "JOIN products p ON p.id = r.product_id JOIN model_runs m ON m.id = r.run_id "
            "WHERE m.is_active AND m.model = 'itemknn' AND c.external_id = ? ORDER BY r.rank",
            (customer,))]


def all_tiles_show(panel) -> bool:
    """Every key-figure tile is wide enough for its number and lies wholly inside the
    profile's visible width."""
    viewport = panel.scroll.viewport()
    return all(tile.isVisible() and tile.width() >= tile.minimumSizeHint().width()
               and viewport.rect().contains(tile.mapTo(viewport, QPoint(0, 0)))
               and viewport.rect().contains(tile.mapTo(viewport, QPoint(tile.width() - 1, 0)))
               for tile in panel.figures.values())


def net_revenue_by_customer(db: Path) -> pd.Series:
    """Paid for completed orders, less returns (whatever order carries them), per customer."""
    with sqlite3.connect(db) as connection:
        lines = pd.read_sql_query(
            "SELECT c.external_id AS customer, l.quantity, l.amount, o.status "
            "FROM order_lines l JOIN orders o ON o.id = l.order_id "
            "JOIN customers c ON c.id = o.customer_id", connection)
    counted = (((lines["quantity"] > 0) & (lines["status"] == "completed"))
               | ((lines["quantity"] < 0) & (lines["status"] != "refunded")))
    return lines.loc[counted].groupby("customer")["amount"].sum()


def test_search_sort_and_open_a_profile(shop_window, shop_db, retail_lines, qtbot,
                                        qtmodeltester):
    page = open_customers(shop_window, qtbot)
    total = page.model.rowCount()
    assert total == 4372 and page.count_label.text() == "4,372 customers"
    qtmodeltester.check(page.model)  # the real model, on the real shop

    qtbot.keyClicks(page.search_edit, "1234")
    ids = pd.Series(shown_customers(page.model))
    with sqlite3.connect(shop_db) as connection:
        known = pd.read_sql_query("SELECT external_id FROM customers", connection)["external_id"]
    assert sorted(ids) == sorted(known[known.str.contains("1234")])
    assert page.count_label.text() == f"{len(ids)} of 4,372 customers"

    page.search_edit.clear()
    assert page.model.rowCount() == total
    page.view.sortByColumn(page.model.column_of("revenue"), Qt.SortOrder.DescendingOrder)
    spenders = net_revenue_by_customer(shop_db).sort_values(ascending=False)
    assert shown_customers(page.model)[:5] == spenders.index[:5].tolist()
    first = page.model.index(0, page.model.column_of("revenue"))
    assert page.model.data(first) == f"{spenders.iloc[0]:,.2f}"

    # Selecting a customer opens their profile beside the list.
    customer = "12347"
    with qtbot.waitSignal(page.profile_shown, timeout=30_000):
        page.view.selectRow(page.model.row_of(customer))
    panel = page.panel
    assert panel.title_label.text() == "Customer 12347"
    segment = rfm_table(retail_lines).loc[customer, "segment"]
    assert panel.segment_label.text().startswith(f"<b>{segment}</b>")
    clv = run_job(clv_job(shop_db)).values.loc[customer, "clv"]
    assert panel.figures["lifetime"].value.text() == f"{clv:,.2f}"
    recommended = active_recommendations(shop_db, customer)
    assert recommended
    qtbot.waitUntil(lambda: recommended[0] in panel.recommendations_label.text(),
                    timeout=10_000)
    assert panel.models_button.isHidden()
    # However narrow the splitter makes the profile, every key figure shows whole: two to a row
    # when three do not fit, three when they do.
    shop_window.resize(1200, 780)
    page.splitter.setSizes([10_000, 1])
    qtbot.waitUntil(lambda: panel.tiles.columns() == 2 and all_tiles_show(panel))
    page.splitter.setSizes([1, 10_000])
    qtbot.waitUntil(lambda: panel.tiles.columns() == 3 and all_tiles_show(panel))
    # No churn scores yet in this session: the panel offers to score them.
    assert panel.figures["risk"].value.text() == "—"
    assert not panel.score_button.isHidden()

    # 12346 bought 74,215 of one product and returned them all: one order, nothing spent.
    with qtbot.waitSignal(page.profile_shown, timeout=30_000):
        page.show_customer("12346")
    assert page.model.customer_at(page.view.currentIndex().row()) == "12346"
    assert panel.figures["orders"].value.text() == "1"
    assert panel.figures["spent"].value.text() == "0.00"
    assert "Returned 74,215 of 74,215 items (100%)." in panel.habits_label.text()


def test_other_pages_churn_scores_and_models_reach_the_profile(shop_window, shop_db, qtbot):
    page = shop_window.customers_page
    # Asked for before the list is read: remembered, then opened.
    with qtbot.waitSignal(page.profile_shown, timeout=60_000,
                          check_params_cb=lambda customer: customer == "12352"):
        shop_window.show_customer("12352")
        assert "12352" in page.panel.message_label.text()
    assert shop_window.current_page() is page
    assert page.model.customer_at(page.view.currentIndex().row()) == "12352"

    # A customer the shop does not know: said plainly, nothing selected.
    shop_window.shop.customer_requested.emit("99999")
    assert page.panel.currentWidget() is page.panel.message_label
    assert page.panel.message_label.text().startswith("This shop has no customer “99999”.")
    assert not page.view.selectionModel().hasSelection()

    # Churn scores arrive (as engine.churn.reasons gives them, for two customers): the list
    # and the open profile show them.
    with qtbot.waitSignal(page.profile_shown, timeout=30_000):
        page.show_customer("12348")
    scores = pd.DataFrame({
        "risk": [0.81, 0.12], "value": [900.0, 50.0], "value_at_risk": [729.0, 6.0],
        "at_risk": [True, False], "high_value": [True, False], "segment": ["Loyal", "Lost"],
        "reasons": [["no order for 75 days; usually orders every 30 days"], ["few orders"]],
        "action": ["Call them personally.", "Send an offer."],
    }, index=pd.Index(["12348", "12346"], name="customer"))
    report = ChurnReport(pd.Timestamp("2011-09-30"), 70, "out-of-time", 2, 0.5, {}, "gbm", {})
    shop_window.shop.churn = ChurnResult(report, scores, pd.Timestamp("2011-12-09"), 0.3, 1.0)
    shop_window.shop.changed.emit(CHURN)

    risk = page.model.column_of("churn_risk")
    assert page.model.data(page.model.index(page.model.row_of("12348"), risk)) == "81%"
    assert page.model.data(page.model.index(page.model.row_of("12347"), risk)) == ""
    panel = page.panel
    assert panel.figures["risk"].value.text() == "81%"
    assert "no order for 75 days" in panel.churn_label.text()
    assert "Call them personally." in panel.churn_label.text()
    assert "70 days" in panel.churn_label.text()
    assert panel.score_button.isHidden()

    # Without an active model: the popular fallback, and the way to the Models page.
    with sqlite3.connect(shop_db) as connection:
        connection.execute("UPDATE model_runs SET is_active = 0")
    shop_window.shop.changed.emit(MODELS)
    qtbot.waitUntil(lambda: "Train a model" in panel.recommendations_label.text(),
                    timeout=10_000)
    assert "Popular products they have not bought yet" in panel.recommendations_label.text()
    qtbot.mouseClick(panel.models_button, Qt.MouseButton.LeftButton)
    assert shop_window.current_page() is shop_window.models_page


def test_browsing_fills_the_profile_with_interests_and_latent_needs(qtbot, tmp_path, messages):
    """A REES46 click log (views, carts, purchases; no orders): the profile shows what the
    customer looks at, as a chart, and what they looked at often but never bought."""
    from engine.jobs.importing import import_files
    from tests.conftest import data_file

    db = tmp_path / "clicks.sqlite3"
    run_job(import_files(db, [data_file("clickstream-rees46", "2019-Oct_first17434.csv")]))
    window = open_window(qtbot, db)
    try:
        page = open_customers(window, qtbot)
        assert page.model.rowCount() == 4504
        panel = page.panel
        with qtbot.waitSignals([page.profile_shown, panel.favourites_chart.rendered],
                               timeout=30_000):
            page.show_customer("512742880")
        assert panel.needs_label.text().splitlines()[:2] == [
            "1480456 (looked at 3 times)", "1480731 (looked at 3 times)"]
        assert panel.favourites_title.text() == "Favourite categories"
        ax = panel.favourites_chart.figure.axes[0]
        assert [t.get_text() for t in ax.get_yticklabels()][-1].startswith("computers.desktop")
        assert ax.get_xlabel() == "% of what they looked at, carted or rated"
        assert panel.figures["orders"].value.text() == "0"
    finally:
        window.shop.shutdown()
