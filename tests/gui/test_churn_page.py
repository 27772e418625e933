"""The Churn page on the real window and the Online Retail shop: scoring, filters, sorting, and
opening a customer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from engine.jobs.churn import HIGH_RISK, ChurnResult, churn_job
from gui.shop import CHURN
from tests.conftest import run_job


@pytest.fixture(scope="module")
def scored() -> dict[str, ChurnResult]:
    """The one scoring of this module's shop, whichever test makes it first (8 s or more)."""
    return {}


@pytest.fixture
def churn(scored: dict[str, ChurnResult], retail_trained_db: Path) -> ChurnResult:
    """The churn risk of the shop every shop_db copies (scoring is seeded: always the same)."""
    if "result" not in scored:
        scored["result"] = run_job(churn_job(retail_trained_db))
    return scored["result"]


def show_scored(window, churn: ChurnResult):
    window.shop.churn = churn  # as the session keeps it once scored
    window.show_page(window.churn_page)
    page = window.churn_page
    assert page.stack.currentIndex() == 1
    return page


def shown(page, column: int = 0) -> list[str]:
    model = page.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def amounts(texts: list[str]) -> list[float]:
    return [float(text.replace(",", "")) for text in texts]


def test_scoring_starts_when_the_page_is_first_shown(qtbot, shop_window, scored):
    page = shop_window.churn_page
    with qtbot.waitSignal(shop_window.shop.changed, timeout=180_000,
                          check_params_cb=lambda what: what == CHURN):
        shop_window.show_page(page)
        assert shop_window.shop.running_kind() == "churn"
        assert page.stack.currentIndex() == 0 and "Scoring" in page.message.text()
    scored["result"] = shop_window.shop.churn
    scores = shop_window.shop.churn.scores
    high = scores["risk"] >= max(HIGH_RISK, shop_window.shop.churn.threshold)
    assert page.stack.currentIndex() == 1
    assert page.model.rowCount() == high.sum() > 0
    assert page.figures["high"].value.text() == f"{high.sum():,}"
    assert page.figures["at_risk"].value.text() == f"{scores['at_risk'].sum():,}"
    assert "ROC-AUC" in page.summary.text() and "Brier" in page.summary.text()


def test_filters_show_what_pandas_selects(shop_window, churn, qtmodeltester):
    page = show_scored(shop_window, churn)
    qtmodeltester.check(page.model)
    scores, threshold = churn.scores, churn.threshold
    high = max(HIGH_RISK, threshold)
    by_value = scores.sort_values("value_at_risk", ascending=False, kind="stable")
    assert shown(page) == list(by_value.index[by_value["risk"] >= high])  # the default band

    page.segment_combo.setCurrentIndex(page.segment_combo.findText("Champions"))
    page.band_combo.setCurrentIndex(page.band_combo.findData("medium"))
    page.minimum_spin.setValue(100)
    expected = by_value[(by_value["segment"] == "Champions") & (by_value["risk"] >= threshold)
                        & (by_value["risk"] < high) & (by_value["value_at_risk"] >= 100)]
    assert 0 < len(expected) < len(scores) // 10
    assert shown(page) == list(expected.index)
    assert set(shown(page, 1)) == {"Champions"}
    assert f"{len(expected):,} customers shown" in page.shown_label.text()
    qtmodeltester.check(page.model)

    page.band_combo.setCurrentIndex(page.band_combo.findData("low"))
    page.segment_combo.setCurrentIndex(0)  # all segments
    page.minimum_spin.setValue(0)
    assert shown(page) == list(by_value.index[by_value["risk"] < threshold])


def test_rows_are_sorted_by_value_at_risk_and_by_any_column_clicked(qtbot, shop_window, churn):
    page = show_scored(shop_window, churn)
    page.band_combo.setCurrentIndex(page.band_combo.findData("all"))
    values = amounts(shown(page, 3))
    assert len(values) == len(churn.scores) and values == sorted(values, reverse=True)

    header = page.view.horizontalHeader()
    risk_column = 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(risk_column) + 10,
                                header.height() // 2))
    assert header.sortIndicatorSection() == risk_column
    risks = page.model.column("risk")[page.model.shown_rows()]
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert list(risks) == sorted(risks, reverse=descending)


def test_double_clicking_a_customer_asks_for_their_profile(qtbot, shop_window, churn):
    page = show_scored(shop_window, churn)
    # This test is about the page's request; the window's answer is tested with the window.
    shop_window.shop.customer_requested.disconnect(shop_window.show_customer)
    third = churn.scores[churn.scores["risk"] >= max(HIGH_RISK, churn.threshold)].index[2]
    rect = page.view.visualRect(page.model.index(2, 1))
    with qtbot.waitSignal(shop_window.shop.customer_requested, timeout=5000) as request:
        # As a person does it: Qt's item views take a double-click only after a press.
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert request.args == [str(third)]
    assert str(third) in page.detail.text()  # the click also shows their reasons and action
