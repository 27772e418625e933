"""The Overview page on the real Online Retail shop: key figures against the database, charts,
and churn scoring started for the at-risk count."""

from __future__ import annotations

import sqlite3

import pandas as pd

from engine.churn.models import ChurnReport
from engine.jobs import shop_data
from engine.jobs.churn import ChurnResult
from gui.shop import CHURN


def test_key_figures_charts_and_churn_scoring(shop_window, shop_db, qtbot):
    page = shop_window.overview_page
    with qtbot.waitSignal(page.figures_shown, timeout=60_000):
        shop_window.show_page(page)
    figures = {key: figure.value.text() for key, figure in page.figures.items()}

    summary = shop_data.summary(shop_db)
    with sqlite3.connect(shop_db) as db:
        orders, = db.execute(
            "SELECT COUNT(DISTINCT l.order_id) FROM order_lines l JOIN orders o "
            "ON o.id = l.order_id WHERE o.status = 'completed' AND l.quantity > 0 "
            "AND NOT l.is_non_product").fetchone()
        sold = pd.read_sql_query(
            "SELECT o.customer_id, o.placed_at FROM order_lines l JOIN orders o "
            "ON o.id = l.order_id WHERE o.status = 'completed' AND l.quantity > 0 "
            "AND NOT l.is_non_product", db, parse_dates=["placed_at"])
    assert figures["customers"] == f"{summary['counts']['customers']:,}" == "4,372"
    assert figures["orders"] == f"{orders:,}"
    # Online Retail books returns as negative lines: the net revenue is the sum of all lines.
    assert figures["revenue"] == f"{summary['revenue']:,.0f}"

    days = page.overview.active_days
    last_day = sold["placed_at"].max().normalize()
    last_by_customer = sold.dropna().groupby("customer_id")["placed_at"].max().dt.normalize()
    active = int((last_by_customer > last_day - pd.Timedelta(days=days)).sum())
    assert figures["active"] == f"{active:,}"

    # One bar per month of data, and one bar per segment.
    months = sold["placed_at"].dt.to_period("M").nunique()
    assert len(page.revenue_chart.figure.axes[0].patches) == months
    assert len(page.segments_chart.figure.axes[0].patches) == 11

    # Nobody had scored churn: the page started it, and says so until the scores arrive.
    assert shop_window.shop.running_kind() == "churn"
    assert figures["at_risk"] == "scoring…"
    with qtbot.waitSignal(shop_window.shop.job_ended, timeout=30_000):
        shop_window.shop.cancel()
    assert page.figures["at_risk"].value.text() == "—"
    assert not shop_window.shop.is_busy()  # a cancelled scoring is not started again

    # Two above the model's threshold (0.3), one of them in the high band (70 % or more).
    scores = pd.DataFrame({"risk": [0.9, 0.5, 0.1], "at_risk": [True, True, False]},
                          index=pd.Index(["12346", "12347", "12348"], name="customer"))
    report = ChurnReport(pd.Timestamp("2011-09-30"), 70, "out-of-time", 3, 0.5, {}, "gbm", {})
    shop_window.shop.churn = ChurnResult(report, scores, pd.Timestamp("2011-12-09"), 0.3, 1.0)
    shop_window.shop.changed.emit(CHURN)
    assert page.figures["at_risk"].value.text() == "1"
