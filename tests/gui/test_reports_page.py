"""The Reports page and the export dialog, driven as a shop owner drives them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.export_dialog import ExportDialog, export_report
from gui.pages.reports_page import ReportsPage
from gui.shop import Shop


@pytest.fixture(autouse=True)
def _no_saved_reports() -> None:
    """Settings live for the whole session: start each test with no reports saved."""
    QSettings().remove("reports")


@pytest.fixture
def opened(monkeypatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def save_as(monkeypatch, path: Path) -> list[str]:
    """Answer the save-file dialog with `path`; returns the names it was offered."""
    offered: list[str] = []

    def answer(_parent, _title, suggested, _filter):
        offered.append(suggested)
        return str(path), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return offered


def ready(page: ReportsPage) -> bool:
    return page.recommendations_card.buttons["xlsx"].isEnabled()


def test_page_says_what_each_report_holds(qtbot, shop_window):
    page = shop_window.reports_page
    shop_window.show_page(page)
    qtbot.waitUntil(lambda: ready(page), timeout=30_000)
    assert "Bought together (item-kNN)" in page.recommendations_card.status.text()
    assert page.churn_card.buttons["pdf"].isEnabled()
    assert "worked out when you save" in page.churn_card.status.text()
    assert page.recent_list.count() == 0 and page.recent_empty.isVisibleTo(page)
    assert not page.open_button.isEnabled()


def test_untrained_shop_says_to_train_first(qtbot, retail_db, tmp_path):
    path = tmp_path / "shop.sqlite3"
    shutil.copyfile(retail_db, path)  # imported, never trained
    shop = Shop(path)
    page = ReportsPage(shop)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.churn_card.buttons["xlsx"].isEnabled(), timeout=30_000)
    assert not ready(page)
    assert "train one on the Models page" in page.recommendations_card.status.text()
    shop.shutdown()


def test_export_dialog_saves_the_report_and_offers_to_open_it(qtbot, shop_window, monkeypatch,
                                                              opened, tmp_path):
    page = shop_window.reports_page
    shop_window.show_page(page)
    offered = save_as(monkeypatch, tmp_path / "champions")  # no extension typed
    export = page.export("recommendations", "csv")
    dialog = export.dialog
    assert dialog.isVisible() and dialog.fmt() == "csv"
    dialog.top_spin.setValue(3)
    dialog.segment_combo.setCurrentIndex(dialog.segment_combo.findData("Champions"))
    dialog.anonymize_check.setChecked(True)
    with qtbot.waitSignal(shop_window.shop.job_ended, timeout=60_000) as ended:
        dialog.save_button.click()
    assert ended.args == ["export", "finished"]
    assert offered[0].endswith(".csv") and "recommended-products-" in offered[0]

    saved = tmp_path / "champions.csv"
    frame = pd.read_csv(saved, encoding="utf-8-sig", dtype=str)
    assert set(frame["Segment"]) == {"Champions"} and set(frame["Rank"]) == {"1", "2", "3"}
    assert frame["Customer"].str.fullmatch(r"C-[0-9a-f]{10}").all()
    assert len(frame) == 3 * frame["Customer"].nunique()

    box = page.findChild(QMessageBox, "reportSavedBox")
    assert box is not None and "champions.csv" in box.text()
    buttons = {b.text(): b for b in box.buttons()}
    buttons["Open the file"].click()
    buttons["Show in folder"].click()
    assert [url.toLocalFile() for url in opened] == [str(saved), str(tmp_path)]
    assert page.recent_list.item(0).toolTip() == str(saved)
    page.open_button.click()
    assert opened[-1].toLocalFile() == str(saved)


def test_churn_export_starts_from_the_segment_shown(qtbot, shop_window, messages, monkeypatch,
                                                     tmp_path):
    page = shop_window.churn_page
    export_report(page, shop_window.shop, "churn", segment="At Risk")
    dialog = page.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.segment() == "At Risk" and dialog.top() is None
    assert dialog.top_spin.text() == "Everyone at risk"
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("pdf"))
    save_as(monkeypatch, tmp_path / "missing-folder" / "churn.pdf")
    with qtbot.waitSignal(shop_window.shop.job_ended, timeout=30_000) as ended:
        dialog.save_button.click()
    assert ended.args == ["export", "failed"]
    kind, title, text = messages[-1]
    assert kind == "warning" and title == "The report was not saved"
    assert "does not exist" in text and "Choose an existing folder" in text


def test_cancelling_the_dialog_runs_nothing(qtbot, shop_window):
    page = shop_window.reports_page
    export = page.export("churn", "xlsx")
    export.dialog.reject()
    qtbot.waitUntil(lambda: page.findChild(ExportDialog) is None)
    assert not shop_window.shop.is_busy()
