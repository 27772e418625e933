"""The import wizard on real files: preview, mapping changed by hand, progress, summary."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QTranslator, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QWizard

from engine.jobs.shop_data import ImportOptions
from engine.messages import message
from gui.import_wizard import ImportWizard
from gui.main_window import MainWindow
from gui.pages import RejectedRowsDialog
from storage.mapping import GENERIC, PRESETS
from tests.conftest import data_file
from tests.gui.conftest import till_export_with_two_bad_rows
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
    assert wizard.button(wizard.WizardButton.CommitButton).isEnabled()
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
    assert not wizard.button(wizard.WizardButton.CommitButton).isEnabled()
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
    assert not wizard.button(wizard.WizardButton.CommitButton).isEnabled()
    wizard.mapping_page.day_first.setChecked(True)
    assert wizard.button(wizard.WizardButton.CommitButton).isEnabled()
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
    assert wizard.button(wizard.WizardButton.CommitButton).isEnabled()
    _finish(qtbot, window, wizard)
    assert wizard.outcome[0] == "finished"
    assert "Imported" in wizard.summary_page.text.text()


def _preview_done(qtbot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: wizard.preview is not None and not wizard.previewing,
                    timeout=JOB_TIMEOUT_MS)


def _close_by_cancel_button(qtbot, wizard: ImportWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)


def _close_by_escape(qtbot, wizard: ImportWizard) -> None:
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)


def _close_by_window_close(_qtbot, wizard: ImportWizard) -> None:
    wizard.close()


@pytest.mark.parametrize("close", [_close_by_cancel_button, _close_by_escape,
                                   _close_by_window_close])
def test_closing_the_wizard_during_the_import_cancels_it(qtbot, window: MainWindow, close):  # noqa: F811
    """Cancel, Esc or the window's close button while the file is imported stop the import;
    the wizard goes once nothing runs any more, and only then does the next file's open."""
    retail = data_file("online-retail", "online_retail_sample_40k.xlsx")
    window.open_import_wizard([retail, data_file(*SHOPIFY)])
    wizard = window._wizard
    _preview_done(qtbot, wizard)
    wizard.next()
    busy_when_closed: list[bool] = []
    wizard.finished.connect(lambda _result: busy_when_closed.append(window.shop.is_busy()))
    with qtbot.waitSignal(window.shop.job_progressed, timeout=JOB_TIMEOUT_MS):
        wizard.next()  # mapping → import
    assert wizard.currentPage() is wizard.import_page
    with qtbot.waitSignal(window.shop.job_ended, timeout=JOB_TIMEOUT_MS) as ended:
        close(qtbot, wizard)
        assert not wizard.import_page.cancel_button.isEnabled()  # as if it had been clicked
    assert ended.args == ["import", "cancelled"]
    qtbot.waitUntil(lambda: busy_when_closed == [False], timeout=JOB_TIMEOUT_MS)
    following = window._wizard
    assert following is not None and following is not wizard
    assert following.path.name == SHOPIFY[1]
    with sqlite3.connect(window.db_path) as db:
        assert db.execute("SELECT count(*) FROM order_lines").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
    _preview_done(qtbot, following)
    following.reject()


def test_the_job_ending_after_its_wizard_is_gone_raises_nothing(qtbot, window: MainWindow):  # noqa: F811
    wizard = _wizard_for(qtbot, window, data_file(*SHOPIFY))
    wizard.next()
    wizard.next()  # mapping → import: the job runs
    assert window.shop.is_busy()
    with qtbot.waitSignal(wizard.destroyed, timeout=JOB_TIMEOUT_MS):
        wizard.deleteLater()
    with qtbot.waitSignal(window.shop.job_ended, timeout=JOB_TIMEOUT_MS):
        pass  # pytest-qt fails the test on an exception raised in a slot or callback
    assert not window.shop.is_busy()


def test_closing_the_wizard_before_its_preview_arrives_raises_nothing(
        qtbot, window: MainWindow):  # noqa: F811
    wizard = window.open_import_wizard([data_file(*SHOPIFY)])
    assert wizard.previewing
    key = f"wizard.{id(wizard)}"
    with (qtbot.waitSignal(window.shop.reader.read_finished, timeout=JOB_TIMEOUT_MS,
                           check_params_cb=lambda answered, _preview: answered == key),
          qtbot.waitSignal(wizard.destroyed, timeout=JOB_TIMEOUT_MS)):
        wizard.reject()
    assert window._wizard is None


def test_there_is_no_way_back_once_the_import_started(qtbot, window: MainWindow, messages):  # noqa: F811
    wizard = _wizard_for(qtbot, window, data_file(*SHOPIFY))
    wizard.next()
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert back.isEnabled()  # while choosing the mapping, the preview is a click away
    with qtbot.waitSignal(window.data_refreshed, timeout=JOB_TIMEOUT_MS):
        wizard.next()  # mapping → import
        assert wizard.currentPage() is wizard.import_page
        assert not back.isEnabled()
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
        assert wizard.currentPage() is wizard.import_page
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=JOB_TIMEOUT_MS)
    assert wizard.outcome[0] == "finished"
    assert wizard.summary_page.title() == "Imported"
    assert not [m for m in messages if m[1] == "Please wait"]


def _decimal_comma_file(tmp_path: Path) -> Path:
    """Prices such as 1,250: one thousand two hundred and fifty, or one and a quarter."""
    path = tmp_path / "till.csv"
    path.write_text('order,customer,date,sku,quantity,price\n'
                    '1,ann,2024-03-04,A,1,"1,250"\n2,bob,2024-03-05,B,2,"2,500"\n'
                    '3,ann,2024-03-06,A,1,"1,250"\n')
    return path


def _choose_decimal_separator(qtbot, window: MainWindow, path: Path,  # noqa: F811
                              choose: str) -> ImportWizard:
    wizard = _wizard_for(qtbot, window, path)
    wizard.next()
    page = wizard.mapping_page
    assert page.decimal_group.isVisibleTo(page)
    assert not page.date_group.isVisibleTo(page)
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert not commit.isEnabled()  # until the owner says which it is
    getattr(page, choose).setChecked(True)
    assert commit.isEnabled()
    _finish(qtbot, window, wizard)
    assert wizard.outcome[0] == "finished"
    return wizard


@pytest.mark.parametrize(("choose", "comma"), [("decimal_comma", True),
                                               ("decimal_point", False)])
def test_the_decimal_separator_chosen_goes_to_the_import(qtbot, window: MainWindow,  # noqa: F811
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         choose: str, comma: bool):
    jobs = []
    run = window.shop.run

    def spy(job, **kwargs):
        jobs.append(job)
        return run(job, **kwargs)

    monkeypatch.setattr(window.shop, "run", spy)
    _choose_decimal_separator(qtbot, window, _decimal_comma_file(tmp_path), choose)
    [job] = jobs
    [options] = [arg for arg in job.args if isinstance(arg, ImportOptions)]
    assert options.decimal_comma is comma


@pytest.mark.parametrize(("choose", "prices"), [
    ("decimal_comma", [1.25, 2.5, 1.25]),
    ("decimal_point", [1250.0, 2500.0, 1250.0]),
])
def test_the_decimal_separator_chosen_decides_the_prices(qtbot, window: MainWindow,  # noqa: F811
                                                         tmp_path: Path, choose: str,
                                                         prices: list[float]):
    _choose_decimal_separator(qtbot, window, _decimal_comma_file(tmp_path), choose)
    with sqlite3.connect(window.db_path) as db:
        stored = [price for (price,) in db.execute(
            "SELECT unit_price FROM order_lines ORDER BY source_row")]
    assert stored == prices


def test_the_rejected_rows_can_be_saved_from_the_summary(qtbot, window: MainWindow,  # noqa: F811
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    sales = till_export_with_two_bad_rows(tmp_path)
    wizard = _wizard_for(qtbot, window, sales)
    wizard.next()
    _finish(qtbot, window, wizard)
    assert wizard.outcome[0] == "finished"
    assert "2 rows rejected" in wizard.summary_page.text.text()
    button = wizard.summary_page.rejected_button
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(RejectedRowsDialog) is not None,
                    timeout=JOB_TIMEOUT_MS)
    dialog = window.findChild(RejectedRowsDialog)
    assert dialog.model.rowCount() == 2
    saved = tmp_path / "rejected.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args, **_kwargs: (str(saved), "CSV files (*.csv)"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Saved {saved}",
                    timeout=JOB_TIMEOUT_MS)
    rejected = pd.read_csv(saved, encoding="utf-8-sig")
    assert rejected["row_number"].tolist() == [5, 9]  # the header is row 1
    assert rejected["column"].tolist() == ["InvoiceDate", "UnitPrice"]
    assert "not a date" in rejected.loc[0, "reason"]
    assert "abc" in rejected.loc[1, "reason"]
    assert "Mug 7" in rejected.loc[1, "raw"]


class _MarkingTranslator(QTranslator):
    """Translates every string into ⟦itself⟧: what went through tr() shows."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return f"⟦{source}⟧"

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def marking_translator(qapp):
    translator = _MarkingTranslator(qapp)
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_the_preset_title_and_the_columns_shopsense_adds_are_translated(
        qtbot, window: MainWindow, tmp_path: Path, marking_translator):  # noqa: F811
    sales = tmp_path / "till_export.csv"
    sales.write_text("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
                     "CustomerID,Country\n"
                     "1000,SKU1,Mug,2,2024-03-01 10:00:00,2.50,C1,United Kingdom\n"
                     "C1001,SKU1,Mug,-1,2024-03-02 10:00:00,2.50,C1,United Kingdom\n")
    wizard = _wizard_for(qtbot, window, sales)
    assert wizard.preview.preset_title == "UCI Online Retail"
    assert "⟦UCI Online Retail⟧" in wizard.preview_page.status.text()
    wizard.next()
    assert "⟦UCI Online Retail⟧" in wizard.mapping_page.status.text()
    status = wizard.mapping_page.boxes["status"]
    derived = "Status (C invoices are cancellations)"
    assert status.currentData() == derived
    assert status.currentText() == f"⟦{derived}⟧"
    country = wizard.mapping_page.boxes["country"]
    assert country.currentText() == "Country"  # the file's own columns keep their names
    for name, preset in PRESETS.items():
        assert wizard.preset_title(name, preset.title) == f"⟦{preset.title}⟧", name
    assert wizard.preset_title(GENERIC, "your own columns") == "⟦your own columns⟧"
    wizard.reject()
