"""The import wizard on real files: preview, mapping changed by hand, progress, summary."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from engine.messages import message
from gui.import_wizard import ImportWizard
from gui.main_window import MainWindow
from tests.conftest import data_file
from tests.gui.test_chinese_window import chinese  # noqa: F401
from tests.gui.test_main_window import JOB_TIMEOUT_MS, SHOPIFY, window  # noqa: F401


def _wizard_for(qtbot, window: MainWindow, path: Path) -> ImportWizard:  # noqa: F811
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    wizard = window._wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.preview is not None and not wizard.previewing,
                    timeout=JOB_TIMEOUT_MS)
    return wizard


def _finish(qtbot, window: MainWindow, wizard: ImportWizard) -> None:  # noqa: F811
    with qtbot.waitSignal(window.data_refreshed, timeout=JOB_TIMEOUT_MS):
        wizard.next()  # mapping → import
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=JOB_TIMEOUT_MS)


def test_dropped_file_is_previewed_with_its_preset(qtbot, window: MainWindow):  # noqa: F811
    wizard = _wizard_for(qtbot, window, data_file(*SHOPIFY))
    assert "121 rows" in wizard.preview_page.status.text()
    assert "Shopify" in wizard.preview_page.status.text()
    assert wizard.preview_page.model.rowCount() == 50
    wizard.next()
    assert wizard.mapping_page.boxes["name"].currentData() == "Billing Name"
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()
    wizard.reject()


def test_import_with_a_mapping_changed_by_hand(qtbot, window: MainWindow):  # noqa: F811
    """The owner says the Country column is not the customer's (it is the shipping zone,
    say): customers are imported without a country."""
    path = data_file("online-retail", "online_retail_sample_40k.xlsx")
    wizard = _wizard_for(qtbot, window, path)
    wizard.next()
    assert wizard.mapping_page.boxes["country"].currentData() == "Country"
    with qtbot.waitSignal(wizard.preview_shown, timeout=JOB_TIMEOUT_MS):
        wizard.mapping_page.choose("country", "")
    assert wizard.preview.problem is None
    _finish(qtbot, window, wizard)
    assert wizard.outcome[0] == "finished"
    source = pd.read_excel(path, engine="calamine")
    lines = len(source.drop_duplicates())  # exact duplicate rows are skipped
    assert f"Imported {lines:,} lines" in wizard.summary_page.text.text()
    assert source["Country"].notna().all()  # the file has countries; the mapping left them out
    with sqlite3.connect(window.db_path) as db:
        customers, with_country = db.execute(
            "SELECT count(*), count(country) FROM customers").fetchone()
        order_countries = db.execute("SELECT count(country) FROM orders").fetchone()[0]
    assert customers == source["CustomerID"].nunique()
    assert with_country == 0
    assert order_countries == 0


def test_a_mapping_that_cannot_work_says_why_and_blocks_next(qtbot, window: MainWindow):  # noqa: F811
    wizard = _wizard_for(qtbot, window, data_file(*SHOPIFY))
    wizard.next()
    with qtbot.waitSignal(wizard.preview_shown, timeout=JOB_TIMEOUT_MS):
        wizard.mapping_page.choose("date", "")
    assert wizard.preview.problem
    assert "date" in wizard.mapping_page.status.text()
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
    wizard.reject()


def test_in_chinese_the_wizard_says_why_and_how_the_import_goes(qtbot, window: MainWindow,  # noqa: F811
                                                                chinese):  # noqa: F811
    wizard = _wizard_for(qtbot, window, data_file(*SHOPIFY))
    wizard.next()
    with qtbot.waitSignal(wizard.preview_shown, timeout=JOB_TIMEOUT_MS):
        wizard.mapping_page.choose("date", "")
    problem = wizard.preview.problem
    assert wizard.mapping_page.status.text() == message(problem, "zh_CN") != problem
    assert "ShopSense 无法判断哪些列是日期" in wizard.mapping_page.status.text()
    wizard.reject()
    wizard = _wizard_for(qtbot, window, data_file(*SHOPIFY))
    wizard.next()
    lines: list[str] = []
    window.shop.job_progressed.connect(
        lambda _progress: lines.append(wizard.import_page.message.text()))
    _finish(qtbot, window, wizard)
    assert wizard.outcome[0] == "finished"
    assert lines and all(re.search(r"[\u4e00-\u9fff]", line) for line in lines), lines


def test_ambiguous_dates_must_be_chosen(qtbot, window: MainWindow, tmp_path: Path):  # noqa: F811
    path = tmp_path / "till.csv"
    path.write_text("order,customer,date,sku,quantity,price\n"
                    "1,ann,03/04/2024,A,1,2.50\n2,bob,05/06/2024,B,2,3.00\n"
                    "3,ann,07/08/2024,A,1,2.50\n")
    wizard = _wizard_for(qtbot, window, path)
    wizard.next()
    assert wizard.mapping_page.date_group.isVisibleTo(wizard.mapping_page)
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
    wizard.mapping_page.day_first.setChecked(True)
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()
    _finish(qtbot, window, wizard)
    with sqlite3.connect(window.db_path) as db:
        first = db.execute("SELECT min(placed_at) FROM orders").fetchone()[0]
    assert first.startswith("2024-04-03")


def test_cancel_in_the_wizard_imports_nothing(qtbot, window: MainWindow):  # noqa: F811
    wizard = _wizard_for(qtbot, window, data_file("online-retail",
                                                  "online_retail_sample_40k.xlsx"))
    wizard.next()
    window.shop.job_progressed.connect(
        lambda _p: wizard.import_page.cancel_button.isEnabled()
        and wizard.import_page.cancel_button.click())
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=JOB_TIMEOUT_MS)
    assert wizard.outcome[0] == "cancelled"
    assert wizard.summary_page.retry_button.isVisible()
    with sqlite3.connect(window.db_path) as db:
        assert db.execute("SELECT count(*) FROM order_lines").fetchone()[0] == 0


SHOPIFY_ROUND_TRIPS = [
    # (field, column chosen for a while, column chosen back: the detected one)
    ("date", "", "Created at"),  # a required field left out: a problem until it comes back
    ("country", "", "Billing Country"),
    ("date", "Paid at", "Created at"),
    ("customer", "Billing Name", "Email"),  # takes the customer name's column meanwhile
]


@pytest.mark.parametrize(("field", "meanwhile", "back"), SHOPIFY_ROUND_TRIPS)
def test_choosing_the_detected_column_back_restores_the_detected_mapping(
        qtbot, window: MainWindow, field: str, meanwhile: str, back: str):  # noqa: F811
    wizard = _wizard_for(qtbot, window, data_file(*SHOPIFY))
    wizard.next()
    page = wizard.mapping_page
    detected = page.mapping()
    with qtbot.waitSignal(wizard.preview_shown, timeout=JOB_TIMEOUT_MS):
        page.choose(field, meanwhile)
    assert page.mapping()[field] == meanwhile
    others = {k: v for k, v in page.mapping().items() if k not in (field, "name")}
    assert others == {k: v for k, v in detected.items() if k not in (field, "name")}
    with qtbot.waitSignal(wizard.preview_shown, timeout=JOB_TIMEOUT_MS):
        page.choose(field, back)
    assert wizard.preview.problem is None
    assert wizard.preview.preset == "shopify_orders"
    assert page.mapping() == detected
    assert page.status.text() == "Ready to import as Shopify orders export."
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()
    _finish(qtbot, window, wizard)
    assert wizard.outcome[0] == "finished"
    assert "Imported" in wizard.summary_page.text.text()
