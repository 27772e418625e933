"""The Models page on the real window and a real shop: training from the form with live
curves, cancelling, the run history, and the churn model charts.

The shop is a 40,000-line slice of Online Retail rather than `shop_db`: training and churn
scoring run for real, and on the whole data set they would take a minute on 2 shared cores.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.churn.models import MODEL_NAMES as CHURN_MODELS
from engine.jobs import Progress
from engine.jobs.training import TrainOptions, train_job
from gui.main_window import MainWindow
from gui.pages.models_page import ModelsPage
from storage.database import create_db_engine
from storage.importer import import_file
from tests.conftest import data_file, run_job
from tests.gui.conftest import open_window

JOB_TIMEOUT_MS = 120_000
ITEMKNN = "Bought together (item-kNN)"  # the run the shop serves recommendations from
SVDPP = "Customer tastes (SVD++)"


@pytest.fixture(scope="module")
def small_trained_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Online Retail sample with an item-kNN run serving recommendations (a few seconds
    once per module). Read-only: tests use `shop_window`'s copy."""
    source = data_file("online-retail", "online_retail_sample_40k.xlsx")
    path = tmp_path_factory.mktemp("small-shop") / "shop.sqlite3"
    engine = create_db_engine(path)
    try:
        run_job(import_file(engine, source))
    finally:
        engine.dispose()
    run_job(train_job(path, TrainOptions("itemknn")))
    return path


@pytest.fixture
def shop_window(qtbot, small_trained_db: Path, tmp_path: Path, messages):
    """The real main window on a private copy of the small shop, shown, data loaded."""
    path = tmp_path / "shop" / "shop.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(small_trained_db, path)
    window = open_window(qtbot, path)
    yield window
    window.shop.shutdown()


def _page(qtbot, window: MainWindow) -> ModelsPage:
    page = window.models_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.history_model.rowCount() > 0, timeout=30_000)
    return page


def _lines(chart) -> dict[str, object]:
    return {line.get_gid(): line for ax in chart.figure.axes for line in ax.lines
            if line.get_gid()}


def _plotted(chart, gid: str) -> int:
    line = _lines(chart).get(gid)
    return 0 if line is None else len(line.get_xdata())


def _in_view(chart, gid: str) -> bool:
    """Every point of the line lies within its axes' limits."""
    line = _lines(chart)[gid]
    (x_low, x_high), (y_low, y_high) = line.axes.get_xlim(), line.axes.get_ylim()
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    return bool(len(x)) and x_low <= x.min() and x.max() <= x_high and (
        y_low <= np.nanmin(y) and np.nanmax(y) <= y_high)


def _choose_svdpp(page: ModelsPage, epochs: int) -> None:
    form = page.form
    form.choose(form.model_box, "svdpp")
    form.advanced_button.click()
    form.epochs_box.setValue(epochs)
    form.choose(form.device_box, "cpu")


def _active_models(page: ModelsPage) -> list[str]:
    model = page.history_model
    return [model.value(row, "model") for row in range(model.rowCount())
            if model.value(row, "is_active")]


def test_training_from_the_form_draws_live_curves_and_lands_in_history(
        qtbot, qtmodeltester, shop_window: MainWindow):
    page = _page(qtbot, shop_window)
    shop = shop_window.shop
    assert _active_models(page) == [ITEMKNN]
    details: list[dict] = []
    shop.job_progressed.connect(lambda p: p.detail and details.append(p.detail))
    _choose_svdpp(page, epochs=3)

    def holdout() -> list[dict]:
        return [d for d in details if d["stage"] == "holdout"]

    with qtbot.waitSignal(shop.job_ended, timeout=JOB_TIMEOUT_MS) as ended:
        qtbot.mouseClick(page.form.start_button, Qt.MouseButton.LeftButton)
        assert page.form.cancel_button.isEnabled()
        assert not page.form.start_button.isEnabled()
        # While it trains, the chart catches up with every epoch reported so far.
        qtbot.waitUntil(lambda: shop.running_kind() == "training" and 0 < len(holdout())
                        == _plotted(page.training_chart, "holdout-train"),
                        timeout=JOB_TIMEOUT_MS)
    assert ended.args == ["training", "finished"]

    assert [d["epoch"] for d in holdout()] == [1, 2, 3]
    final = [d for d in details if d["stage"] == "final"]
    assert final and [d["epoch"] for d in final] == list(range(1, len(final) + 1))
    for gid, points in (("holdout-train", holdout()), ("holdout-validation", holdout()),
                        ("holdout-score", holdout()), ("final-train", final)):
        assert _plotted(page.training_chart, gid) == len(points), gid
        assert _in_view(page.training_chart, gid), gid
    assert page.stage_label.text() == "Training finished"
    assert f"now come from “{SVDPP}”" in page.result_label.text()
    assert ITEMKNN in page.result_label.text()
    assert page.form.start_button.isEnabled() and not page.form.cancel_button.isEnabled()

    model = page.history_model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert model.value(0, "model") == SVDPP
    assert model.value(0, "status") == "finished"
    assert model.value(0, "ndcg@10") > 0 and model.value(0, "recall@20") > 0
    assert model.value(0, "device") == "CPU"
    assert _active_models(page) == [SVDPP]
    qtmodeltester.check(model)

    # The newest run is selected, and its stored curves are the ones drawn live.
    page.tabs.setCurrentWidget(page.history_tab)
    assert page.selected_run()[1] == SVDPP
    assert _plotted(page.run_chart, "holdout-train") == 3
    assert _in_view(page.run_chart, "holdout-train") and _in_view(page.run_chart,
                                                                  "holdout-score")

    page.tabs.setCurrentWidget(page.compare_tab)  # its charts are built one per turn
    qtbot.waitUntil(lambda: len(page.scores_chart.figure.axes) == 1, timeout=JOB_TIMEOUT_MS)
    (bars,) = page.scores_chart.figure.axes
    assert {label.get_text() for label in bars.get_yticklabels()} == {SVDPP, ITEMKNN}
    assert page.baseline_hint.isHidden()


def test_cancelling_keeps_the_run_as_cancelled_and_the_model_in_use(
        qtbot, shop_window: MainWindow):
    page = _page(qtbot, shop_window)
    shop = shop_window.shop
    _choose_svdpp(page, epochs=200)
    epochs_seen: list[int] = []

    def cancel_after_first_epoch(progress: Progress) -> None:
        if progress.detail and not epochs_seen:
            qtbot.mouseClick(page.form.cancel_button, Qt.MouseButton.LeftButton)
        if progress.detail:
            epochs_seen.append(progress.detail["epoch"])

    shop.job_progressed.connect(cancel_after_first_epoch)
    with qtbot.waitSignal(shop.job_ended, timeout=JOB_TIMEOUT_MS) as ended:
        qtbot.mouseClick(page.form.start_button, Qt.MouseButton.LeftButton)
    assert ended.args == ["training", "cancelled"]
    assert epochs_seen and len(epochs_seen) < 200

    model = page.history_model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert model.value(0, "model") == SVDPP
    assert model.value(0, "status") == "cancelled"
    assert _active_models(page) == [ITEMKNN]
    assert page.stage_label.text() == "Training stopped"
    assert "cancelled" in page.result_label.text()
    assert f"recommendations still come from “{ITEMKNN}”" in page.result_label.text()
    assert page.form.start_button.isEnabled() and not page.form.cancel_button.isEnabled()


def test_gpu_choices_follow_the_device_found(qtbot, shop_window: MainWindow):
    page = _page(qtbot, shop_window)
    box = page.form.device_box

    def enabled(value: str) -> bool:
        return box.model().item(box.findData(value)).isEnabled()

    shop_window.shop.announce_device("CPU")
    assert enabled("auto") and enabled("cpu")
    assert not enabled("cuda") and not enabled("mps")
    assert "no such GPU" in box.itemData(box.findData("cuda"), Qt.ItemDataRole.ToolTipRole)
    shop_window.shop.announce_device("GPU: NVIDIA H100 80GB HBM3")
    assert enabled("cuda") and not enabled("mps")
    assert page.form.options().device == "auto"  # the setting's default
    page.form.choose(box, "cuda")
    shop_window.shop.announce_device("GPU: NVIDIA H100 80GB HBM3")  # probed again
    assert page.form.options().device == "cuda"  # the user's choice stands
    shop_window.shop.announce_device("CPU")
    assert page.form.options().device == "auto"  # but never a GPU that is not there


def test_churn_charts_appear_once_churn_is_scored(qtbot, shop_window: MainWindow):
    page = _page(qtbot, shop_window)
    page.tabs.setCurrentWidget(page.churn_tab)
    assert page.churn_stack.currentIndex() == 0
    assert page.score_churn_button.isVisible()

    with qtbot.waitSignal(page.churn_charts_built, timeout=JOB_TIMEOUT_MS), \
            qtbot.waitSignal(shop_window.shop.job_ended, timeout=JOB_TIMEOUT_MS) as ended:
        qtbot.mouseClick(page.score_churn_button, Qt.MouseButton.LeftButton)
    assert ended.args == ["churn", "finished"]
    report = shop_window.shop.churn.report

    assert page.churn_stack.currentIndex() == 1
    compared = [name for name in CHURN_MODELS if name in report.curves]
    assert len(compared) >= 2
    roc = _lines(page.roc_chart)
    assert {f"roc-{name}" for name in compared} <= set(roc)
    for name in compared:
        assert len(roc[f"roc-{name}"].get_xdata()) == len(report.curves[name].fpr)
    assert {f"pr-{name}" for name in compared} <= set(_lines(page.pr_chart))
    assert _plotted(page.gains_chart, "gains") == len(report.curves[report.chosen].tpr)
    (calibration,) = page.calibration_chart.figure.axes
    points = [c for c in calibration.collections if c.get_gid() == "calibration"]
    assert len(points[0].get_offsets()) == len(report.curves[report.chosen].predicted)
    assert "riskiest 10%" in page.gains_caption.text()
    assert f"{report.customers:,} customers" in page.churn_summary.text()
