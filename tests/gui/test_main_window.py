"""The main window with real widgets, a real temporary database and real files."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from engine.jobs import Progress, importing, shop_data
from gui.main_window import MainWindow
from gui.models import DataFrameModel
from gui.pages import RejectedRowsDialog
from tests.conftest import data_file
from tests.gui import sample_jobs
from tests.gui.conftest import till_export_with_two_bad_rows

SHOPIFY = ("exports", "shopify_orders_export_1.csv")
JOB_TIMEOUT_MS = 60_000


@pytest.fixture
def window(qtbot, gui_db: Path, messages) -> MainWindow:
    """The window as a user first sees it: the database opened and the first page chosen."""
    main = MainWindow(gui_db)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.data_refreshed, timeout=JOB_TIMEOUT_MS):
        main.show()
    return main


def _import(qtbot, window: MainWindow, paths: list[Path]) -> None:
    """Import as the Import… action does, and wait until the pages show the result."""
    with qtbot.waitSignal(window.data_refreshed, timeout=JOB_TIMEOUT_MS):
        assert window.import_files(paths)


def _figure(window: MainWindow, key: str) -> str:
    return window.data_page.figures[key].value.text()


def test_empty_database_opens_on_the_welcome_page(window: MainWindow):
    assert window.current_page() is window.welcome_page
    assert window.welcome_page.demo_button.isEnabled()
    assert window.import_action.isEnabled()
    assert window.progress_panel.isHidden()


def test_status_bar_names_the_database(window: MainWindow):
    from PySide6.QtWidgets import QLabel

    texts = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert any(str(window.db_path) in text for text in texts)


def test_import_updates_the_data_page(qtbot, window: MainWindow, messages):
    path = data_file(*SHOPIFY)
    _import(qtbot, window, [path])
    assert window.current_page() is window.data_page
    assert _figure(window, "orders") == "51"
    assert _figure(window, "order_lines") == "121"
    assert _figure(window, "customers") == "2"
    history = window.data_page.history_model
    assert history.rowCount() == 1
    assert history.value(0, "file") == path.name
    summary = [text for kind, _title, text in messages if kind == "information"]
    assert len(summary) == 1
    assert f"Imported 121 lines from {path.name}" in summary[0]
    assert "51 orders" in summary[0]
    assert window.progress_panel.isHidden()
    assert window.import_action.isEnabled()


def test_importing_the_same_file_again_adds_nothing(qtbot, window: MainWindow, messages):
    path = data_file(*SHOPIFY)
    _import(qtbot, window, [path])
    _import(qtbot, window, [path])
    assert "was imported before" in messages[-1][2]
    assert _figure(window, "orders") == "51"


def test_a_second_job_is_refused_while_one_runs(qtbot, window: MainWindow, messages,
                                                tmp_path: Path):
    release = tmp_path / "release"
    job = functools.partial(sample_jobs.waiting_for, release)
    assert window.shop.run(job, kind="import", message="Importing slow.csv…")
    try:
        assert not window.import_files([Path("other.csv")])
        assert messages[-1][0] == "warning"
        assert "still running: Importing slow.csv" in messages[-1][2]
        assert not window.import_action.isEnabled()
        assert not window.progress_panel.isHidden()
    finally:
        with qtbot.waitSignal(window.shop.jobs.finished, timeout=JOB_TIMEOUT_MS):
            release.touch()


@pytest.fixture
def demo_shop() -> Path:
    if not importing.DEMO_SHOP.is_file():
        pytest.skip(f"demo shop data missing: {importing.DEMO_SHOP}")
    return importing.DEMO_SHOP


def test_cancelling_the_demo_shop_leaves_the_database_empty(qtbot, window: MainWindow,
                                                            demo_shop: Path):
    window.shop.jobs.progressed.connect(lambda _p: window.progress_panel.cancel_button.click())
    with qtbot.waitSignals([window.shop.jobs.cancelled, window.data_refreshed],
                           timeout=JOB_TIMEOUT_MS):
        assert window.open_demo_shop()
    assert window.current_page() is window.welcome_page
    summary = shop_data.summary(window.db_path)  # the window's reads are done: safe to open
    assert not summary["has_data"]
    assert summary["counts"]["imports"] == 0
    assert "Cancelled" in window.statusBar().currentMessage()
    assert window.progress_panel.isHidden()


def test_cancelling_while_saving_rolls_the_import_back(qtbot, window: MainWindow,
                                                        demo_shop: Path):
    """Cancel inside the import's transaction, after some lines were written."""

    def cancel_once_saving(progress: Progress) -> None:
        if progress.message.startswith("Saved"):
            window.shop.jobs.cancel()

    window.shop.jobs.progressed.connect(cancel_once_saving)
    with qtbot.waitSignals([window.shop.jobs.cancelled, window.data_refreshed],
                           timeout=JOB_TIMEOUT_MS):
        assert window.open_demo_shop()
    assert window.current_page() is window.welcome_page
    counts = shop_data.summary(window.db_path)["counts"]
    assert counts == dict.fromkeys(counts, 0)


def test_a_file_that_cannot_be_imported_shows_why(qtbot, window: MainWindow, messages,
                                                  tmp_path: Path):
    empty = tmp_path / "my_empty_export.csv"
    empty.write_text("")
    with qtbot.waitSignal(window.shop.jobs.failed, timeout=JOB_TIMEOUT_MS):
        assert window.import_files([empty])
    warnings = [(title, text) for kind, title, text in messages if kind == "warning"]
    assert len(warnings) == 1
    title, text = warnings[0]
    assert title == "Import failed"
    assert "my_empty_export.csv" in text and "empty" in text
    assert "Traceback" not in text
    assert window.import_action.isEnabled()
    assert window.progress_panel.isHidden()


def test_undo_removes_the_import(qtbot, window: MainWindow, messages):
    _import(qtbot, window, [data_file(*SHOPIFY)])
    page = window.data_page
    assert not page.undo_button.isEnabled()  # nothing selected yet
    _select_first_import(window)
    assert page.undo_button.isEnabled()
    with qtbot.waitSignal(window.data_refreshed, timeout=JOB_TIMEOUT_MS):
        page.undo_button.click()
    assert any(kind == "question" and "shopify_orders_export_1.csv" in text
               for kind, _title, text in messages)
    assert window.current_page() is window.welcome_page
    assert page.history_model.rowCount() == 0
    assert _figure(window, "orders") == "0"
    assert not shop_data.summary(window.db_path)["has_data"]


def _select_first_import(window: MainWindow) -> None:
    page = window.data_page
    page.history_view.selectionModel().select(
        page.history_model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)


def test_rejected_rows_are_shown_in_file_order(qtbot, window: MainWindow, messages,
                                               tmp_path: Path):
    sales = till_export_with_two_bad_rows(tmp_path)
    _import(qtbot, window, [sales])
    assert "2 rows rejected" in messages[-1][2]
    page = window.data_page
    assert not page.rejected_button.isEnabled()
    _select_first_import(window)
    assert page.rejected_button.isEnabled()
    page.rejected_button.click()
    qtbot.waitUntil(lambda: window.findChild(RejectedRowsDialog) is not None,
                    timeout=JOB_TIMEOUT_MS)
    model = window.findChild(RejectedRowsDialog).model
    assert model.rowCount() == 2
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["5", "9"]  # header is row 1
    assert "not a date" in model.data(model.index(0, 2))


def test_dataframe_model_passes_the_model_tester(qtmodeltester):
    frame = pd.DataFrame({
        "id": np.arange(5, dtype=np.int64),
        "name": ["b", None, "a", "c", "a"],
        "amount": [1.5, np.nan, -2.0, 1e6, 0.0],
        "when": pd.to_datetime(["2024-01-02", None, "2023-05-06", "2024-01-01", "2022-01-01"]),
        "returned": [True, False, True, False, False],
    })
    model = DataFrameModel(frame, headers={"id": "No."})
    qtmodeltester.check(model)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    assert [model.value(r, "id") for r in range(5)] == [3, 0, 4, 2, 1]  # NaN last
    assert model.data(model.index(0, 2)) == "1,000,000.00"
    assert model.data(model.index(4, 1)) == ""
    assert model.headerData(0, Qt.Orientation.Horizontal) == "No."
    model.sort(1)
    assert [model.data(model.index(r, 1)) for r in range(5)] == ["a", "a", "b", "c", ""]
    model.set_frame(frame.iloc[::-1])  # a refresh keeps the user's sort
    assert [model.data(model.index(r, 1)) for r in range(5)] == ["a", "a", "b", "c", ""]
    model.sort(-1)  # back to the frame's own order
    assert [model.value(r, "id") for r in range(5)] == [4, 3, 2, 1, 0]
    model.set_frame(frame.iloc[:0])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_window_geometry_is_remembered(qtbot, gui_db: Path, messages):
    first = MainWindow(gui_db)
    qtbot.addWidget(first)
    first.show()
    first.resize(710, 530)  # the offscreen screen is small: stay inside it
    qtbot.waitUntil(lambda: first.size().width() == 710)
    first.close()
    second = MainWindow(gui_db)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (710, 530)


def test_command_line_names_the_database_and_passes_qt_options_on():
    from gui.app import parse_args

    args, qt_args = parse_args(["--db", "/tmp/x.sqlite3", "-platform", "offscreen"])
    assert args.db == Path("/tmp/x.sqlite3")
    assert qt_args == ["-platform", "offscreen"]


def test_the_demo_shop_opens_on_the_overview(qtbot, window: MainWindow, demo_shop: Path):
    assert window.current_page() is window.welcome_page
    with qtbot.waitSignals([window.shop.jobs.finished, window.data_refreshed],
                           timeout=JOB_TIMEOUT_MS):
        assert window.open_demo_shop()
    assert window.current_page() is window.overview_page
    summary = shop_data.summary(window.db_path)
    assert summary["counts"]["customers"] == 4372 and summary["counts"]["imports"] == 1
