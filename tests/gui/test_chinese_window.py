"""The window in Simplified Chinese shows in Chinese what the engine writes in English (churn
reasons, suggested actions, recommendation reasons), segment names and dates."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QCoreApplication

from engine.churn.models import ChurnReport
from engine.jobs.churn import ChurnResult
from engine.jobs.training import recommendations_for
from engine.recommenders.names import model_title
from engine.reports.phrases import phrase
from gui import settings
from gui.app import ensure_chinese_font

LATIN = re.compile(r"[A-Za-z]")
CHINESE_DAY = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def read_done(qtbot, shop, key: str):
    return qtbot.waitSignal(shop.reader.read_finished, timeout=30_000,
                            check_params_cb=lambda answered, _result: answered == key)


@pytest.fixture
def chinese(qapp):
    """The window's language switched to Simplified Chinese, and back to the setting after."""
    ensure_chinese_font()  # as the app does, for the charts
    settings.install_translations(qapp, "zh_CN")
    yield
    settings.install_translations(qapp)


def test_engine_sentences_segments_and_dates_are_chinese(qtbot, shop_window, shop_db: Path,
                                                          chinese):
    # Churn scores as engine.churn.reasons writes them; set before the pages are built again
    # in Chinese, so that nothing starts scoring.
    reason = "no order for 75 days; usually orders every 30 days"
    action = "Send a win-back offer on what they bought before."
    scores = pd.DataFrame({
        "risk": [0.81, 0.75], "value": [900.0, 80.0], "value_at_risk": [729.0, 60.0],
        "recency_days": [75.0, 200.0], "at_risk": [True, True], "high_value": [True, False],
        "segment": ["Loyal", "Lost"], "reasons": [[reason], ["returned 40% of what they bought"]],
        "action": [action, action],
    }, index=pd.Index(["12348", "12346"], name="customer"))
    report = ChurnReport(pd.Timestamp("2011-09-30"), 70, "out-of-time", 2, 0.5, {}, "gbm", {})
    shop_window.shop.churn = ChurnResult(report, scores, pd.Timestamp("2011-12-09"), 0.3, 1.0)
    # (The English pages' reads done first: an answer for a page that is gone cannot be shown.)
    qtbot.waitUntil(lambda: shop_window.overview_page.overview is not None, timeout=30_000)
    shop_window.rebuild_ui()

    overview = shop_window.overview_page
    qtbot.waitUntil(lambda: overview.overview is not None, timeout=30_000)
    assert "2010年12月" in overview.period_label.text()
    assert CHINESE_DAY.search(overview.period_label.text())
    ax = overview.revenue_chart.figure.axes[0]
    months = ax.xaxis.get_major_formatter().format_ticks(ax.get_xticks())
    assert "2011" in months and "3月" in months and not any(LATIN.search(m) for m in months)

    shop_window.show_page(shop_window.churn_page)
    page = shop_window.churn_page
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1)  # the new pages are shown
    model = page.model
    cells = {name: model.data(model.index(0, i)) for i, name in enumerate(model.COLUMNS)}
    assert cells["customer"] == "12348"
    assert cells["reasons"] == phrase(reason, "zh_CN") and not LATIN.search(cells["reasons"])
    assert cells["action"] == phrase(action, "zh_CN") and not LATIN.search(cells["action"])
    assert cells["segment"] == QCoreApplication.translate("Segments", "Loyal") != "Loyal"
    assert CHINESE_DAY.search(page.summary.text())
    page.view.selectRow(0)
    assert phrase(reason, "zh_CN") in page.detail.text() and reason not in page.detail.text()
    # The segment filter lists Chinese names and still filters on the engine's.
    lost = page.segment_combo.findData("Lost")
    assert page.segment_combo.itemText(lost) == QCoreApplication.translate("Segments", "Lost")
    page.segment_combo.setCurrentIndex(lost)
    assert model.rowCount() == 1 and model.customer(0) == "12346"
    assert model.data(model.index(0, model.COLUMNS.index("reasons"))) == "退回了所购商品的 40%"

    recommendations = shop_window.recommendations_page
    with read_done(qtbot, shop_window.shop, "recommendations.customer"):
        shop_window.show_page(recommendations)
    customer = recommendations.customer_list.current_key()
    stored = list(recommendations_for(shop_db, customer, 10)["reason"])
    table = recommendations.customer_model
    shown = [table.value(row, "reason") for row in range(table.rowCount())]
    assert shown == [phrase(r, "zh_CN") for r in stored] and shown != stored
    assert CHINESE_DAY.search(recommendations.run_combo.currentText())
    # The model named as the reports name it: one name everywhere.
    assert recommendations.run_combo.currentText().startswith(
        model_title("itemknn", "zh_CN"))


def test_job_progress_and_problems_are_chinese(qtbot, chinese, gui_db: Path, messages,
                                               tmp_path: Path):
    """What the engine says while a job runs, and why a file cannot be imported, are shown in
    Chinese (engine.messages), with the file's name as it is."""
    from engine.messages import message
    from gui.main_window import MainWindow
    from tests.conftest import data_file

    window = MainWindow(gui_db)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_refreshed, timeout=60_000):
        window.show()
    shown: list[tuple[str, str]] = []  # (what the job said, what the progress line shows)
    window.shop.job_progressed.connect(
        lambda progress: shown.append((progress.message, window.progress_panel.message.text())))
    with qtbot.waitSignal(window.data_refreshed, timeout=60_000):
        assert window.import_files([data_file("exports", "shopify_orders_export_1.csv")])
    assert shown
    for said, line in shown:
        assert line == message(said, "zh_CN") != said
        assert "shopify_orders_export_1.csv" in line or not LATIN.search(line)

    empty = tmp_path / "我的导出.csv"
    empty.write_text("")
    assert window.import_files([empty])
    qtbot.waitUntil(lambda: any(kind == "warning" for kind, _title, _text in messages),
                    timeout=60_000)
    _kind, title, text = next(m for m in messages if m[0] == "warning")
    assert title == QCoreApplication.translate("MainWindow", "Import failed") != "Import failed"
    assert text == "我的导出.csv：文件是空的。请从店铺系统重新导出数据，再导入。"
    window.shop.shutdown()
