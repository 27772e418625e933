"""Models: train a recommender while watching it learn, look back at every run, and see how
the recommenders and the churn models compare, in charts a shop owner can read.

All database and model work runs off the UI thread (the training job in the jobs process, the
history on the Shop's reader), and so does drawing the charts (gui.charts); the UI thread only
builds them. The live training chart is updated at most every REDRAW_MS however fast the
epochs come, so the window stays responsive while a model trains.
"""

from __future__ import annotations

import functools

import pandas as pd
from PySide6.QtCore import QElapsedTimer, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.jobs import Progress
from engine.jobs.training import MODEL_NAMES, TrainOptions, TrainResult
from gui import settings
from gui.charts import ChartWidget, in_turns
from gui.churn_charts import (
    churn_titles,
    draw_calibration,
    draw_gains,
    draw_precision_recall,
    draw_roc,
)
from gui.engine_text import model_title
from gui.model_charts import LiveTraining, draw_rating_error, draw_scores, draw_training
from gui.model_history import RunHistory, read_history
from gui.models import DataFrameModel
from gui.pages.base import ShopPage
from gui.pages.data_page import _table_view
from gui.shop import CHURN, DATA, MODELS, SETTINGS, Shop
from gui.training_form import BASELINES, TrainingForm

REDRAW_MS = 200  # the live chart's redraws, at most this often


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _minutes(milliseconds: int) -> str:
    seconds = milliseconds // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class ModelsPage(ShopPage):
    reloads_on = (DATA, MODELS, CHURN)

    churn_charts_built = Signal()  # the churn tab's four charts are built (one per turn)

    def __init__(self, shop: Shop, parent: QWidget | None = None) -> None:
        super().__init__(shop, parent)
        self._titles = {name: model_title(name) for name in MODEL_NAMES}
        self._history: RunHistory | None = None
        self._live: dict[str, list[dict]] = {"holdout": [], "final": []}
        self._phase = ""
        self._epochs = 0  # planned in the current fit
        self._replaced: tuple[str, float] | None = None  # the model serving before, its NDCG
        self._clock = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._draw_live)
        self._undrawn: set[QWidget] = set()

        layout = self.page_layout(self.tr("Models"))
        layout.addWidget(_label(self.tr(
            "The models that choose each customer's recommendations and spot customers about "
            "to leave: train one, watch it learn, and compare it with simple rules."), "hint"))
        self.tabs = QTabWidget()
        self.train_tab = self._build_train_tab()
        self.history_tab = self._build_history_tab()
        self.compare_tab = self._build_compare_tab()
        self.churn_tab = self._build_churn_tab()
        self.tabs.addTab(self.train_tab, self.tr("Train"))
        self.tabs.addTab(self.history_tab, self.tr("History"))
        self.tabs.addTab(self.compare_tab, self.tr("Compare recommenders"))
        self.tabs.addTab(self.churn_tab, self.tr("Churn models"))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout.addWidget(self.tabs, 1)

        shop.job_started.connect(self._on_shop_job_started)
        shop.job_progressed.connect(self._on_shop_job_progressed)
        shop.job_ended.connect(self._on_shop_job_ended)
        shop.device_found.connect(self._on_shop_device_found)
        shop.changed.connect(self._on_shop_settings_changed)
        self.form.set_available_device(shop.device, settings.device())
        self._update_form()
        draw_training(self.training_chart, [])
        if shop.running_kind() == "training":  # rebuilt (new language) while a model trains
            self._on_shop_job_started("training", "")

    # ------------------------------------------------------------------ building

    def _build_train_tab(self) -> QWidget:
        self.form = TrainingForm()
        self.form.setMaximumWidth(380)
        self.form.start_requested.connect(self._on_form_start_requested)
        self.form.cancel_requested.connect(self.shop.cancel)
        self.serving_label = _label()
        self.stage_label = _label(self.tr("Not training"), "sectionTitle")
        self.epoch_label = _label()
        self.elapsed_label = _label()
        self.result_label = _label()
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.training_chart = ChartWidget(height=3.6)
        self.training_chart.setMinimumWidth(340)  # on a small screen, scroll rather than squash
        self.live = LiveTraining(self.training_chart)
        status = QHBoxLayout()
        status.addWidget(self.epoch_label)
        status.addStretch(1)
        status.addWidget(self.elapsed_label)
        right = QVBoxLayout()
        right.addWidget(self.stage_label)
        right.addLayout(status)
        right.addWidget(self.result_label)
        right.addWidget(self.training_chart, 1)
        right.addWidget(_label(self.tr(
            "Good: the mistakes go down and the ranking score goes up, then both level off. "
            "If the held-back line turns up again, more epochs will not help."), "hint"))
        left = QVBoxLayout()
        left.addWidget(self.form, 1)
        left.addWidget(self.serving_label)
        tab = QWidget()
        row = QHBoxLayout(tab)
        row.addLayout(left)
        row.addSpacing(12)
        row.addLayout(right, 1)
        return tab

    def _build_history_tab(self) -> QWidget:
        self.history_model = DataFrameModel(headers={
            "id": self.tr("No."), "model": self.tr("Model"), "status": self.tr("Status"),
            "is_active": self.tr("In use"), "started_at": self.tr("Started"),
            "fit_seconds": self.tr("Seconds\nto train"),
            "ndcg@10": self.tr("Ranking\nquality %"), "recall@20": self.tr("Found in\ntop 20 %"),
            "precision@10": self.tr("Right in\ntop 10 %"),
            "coverage": self.tr("Catalogue\nused %"),
            "rmse": self.tr("Rating error\n(RMSE)"), "mae": self.tr("Rating error\n(MAE)"),
            "device": self.tr("Trained on"),
        }, parent=self)
        self.history_view = _table_view(self.history_model)
        self.history_view.selectionModel().selectionChanged.connect(
            self._on_history_selection_changed)
        self.run_label = _label()
        self.run_chart = ChartWidget(height=2.2)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.history_view, 1)
        layout.addWidget(_label(self.tr(
            "Every model is scored the same way: it learns without the most recent purchases, "
            "then must predict them. Higher percentages are better; the baselines are simple "
            "rules to beat. Ranking quality is NDCG@10, found in top 20 is Recall@20, right "
            "in top 10 is Precision@10; catalogue used is the share of your products "
            "recommended to anyone."), "hint"))
        layout.addWidget(self.run_label)
        layout.addWidget(self.run_chart, 1)
        return tab

    def _build_compare_tab(self) -> QWidget:
        self.scores_chart = ChartWidget(height=2.8)
        self.baseline_hint = _label(self.tr(
            "Tip: also train a simple rule, such as “{model}”, to see whether a model does "
            "better than it.").format(model=self._titles["itemknn"]), "hint")
        self.rating_chart = ChartWidget(height=1.8)
        self.rating_caption = _label(self.tr(
            "Good: short bars, meaning predicted star ratings close to the real ones."), "hint")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.scores_chart, 2)
        layout.addWidget(_label(self.tr(
            "Good: long bars. Grey bars are simple rules (baselines); a model is worth using "
            "when it beats them. Each model's latest finished run is shown."), "hint"))
        layout.addWidget(self.baseline_hint)
        layout.addWidget(self.rating_chart, 1)
        layout.addWidget(self.rating_caption)
        return tab

    def _build_churn_tab(self) -> QWidget:
        self.score_churn_button = QPushButton(self.tr("Score churn"))
        self.score_churn_button.clicked.connect(self._on_score_churn_clicked)
        explanation = _label(self.tr(
            "Churn models guess which customers are about to stop buying. Score churn to "
            "compare them here; it takes a few seconds."))
        explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explanation.setMaximumWidth(480)
        # Centred by stretches, not by an alignment flag, so the wrapped text gets its height.
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(explanation, 4)
        centred.addStretch(1)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addLayout(centred)
        empty_layout.addWidget(self.score_churn_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.churn_summary = _label()
        self.roc_chart = ChartWidget(height=2.2)
        self.pr_chart = ChartWidget(height=2.2)
        self.calibration_chart = ChartWidget(height=2.2)
        self.gains_chart = ChartWidget(height=2.2)
        self.gains_caption = _label("", "hint")
        for chart in (self.roc_chart, self.pr_chart, self.calibration_chart, self.gains_chart):
            chart.setMinimumWidth(300)
        captions = (
            self.tr("Good: curves hugging the top-left corner. The legend gives the area under "
                    "each curve: 1.0 is perfect, 0.5 is guessing."),
            self.tr("Good: curves staying high to the right, above the dotted line."),
            self.tr("Good: points on the dotted line; a 30% risk means about 3 in 10 leave."),
        )
        grid = QGridLayout()
        for i, (chart, caption) in enumerate(zip(
                (self.roc_chart, self.pr_chart, self.calibration_chart, self.gains_chart),
                (*(_label(text, "hint") for text in captions), self.gains_caption),
                strict=True)):
            cell = QVBoxLayout()
            cell.addWidget(chart, 1)
            cell.addWidget(caption)
            grid.addLayout(cell, i // 2, i % 2)
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.addWidget(self.churn_summary)
        charts_layout.addLayout(grid, 1)

        self.churn_stack = QStackedWidget()
        self.churn_stack.addWidget(empty)
        self.churn_stack.addWidget(charts)
        return self.churn_stack

    # ------------------------------------------------------------------ reloading

    def reload(self) -> None:
        statuses = {"completed": self.tr("finished"), "cancelled": self.tr("cancelled"),
                    "failed": self.tr("failed")}
        self.shop.read("models.history", read_history, self.shop.db_path, self._titles,
                       statuses, heavy=True, done=self._on_history_read)
        self._mark_undrawn(self.churn_tab)

    def _on_history_read(self, history: RunHistory) -> None:
        self._history = history
        self.history_model.set_frame(history.table)
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.history_view.resizeColumnsToContents()  # a few dozen runs: cheap
        self.history_view.setColumnHidden(0, True)  # the run's id: for us, not for reading
        self._show_serving()
        if self.history_model.rowCount():
            self.history_view.selectRow(0)
        else:
            self.run_label.setText(self.tr("No model has been trained yet. Train one on the "
                                           "Train tab."))
        self._mark_undrawn(self.history_tab, self.compare_tab)

    def _mark_undrawn(self, *tabs: QWidget) -> None:
        """Charts are drawn when their tab is seen: drawing hidden ones would cost the UI
        thread for nothing."""
        self._undrawn.update(tabs)
        self._draw_current_tab()

    def _draw_current_tab(self) -> None:
        tab = self.tabs.currentWidget()
        if tab not in self._undrawn or not self.isVisible():
            return
        self._undrawn.discard(tab)
        if tab is self.history_tab:
            self._draw_selected_run()
        elif tab is self.compare_tab:
            self._draw_comparison()
        elif tab is self.churn_tab:
            self._draw_churn()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw_current_tab()

    # ------------------------------------------------------------------ training

    def start_training(self, options: TrainOptions) -> bool:
        """Train in the background; False (with a message) while another job runs."""
        from engine.jobs.training import train_job

        self._replaced = self._serving()
        return self.shop.run(
            functools.partial(train_job, self.shop.db_path, options), kind="training",
            message=self.tr("Training {model}…").format(model=self._titles[options.model]),
            changes=(MODELS,), finished=self._on_training_finished,
            cancelled=self._on_training_cancelled)

    def _serving(self) -> tuple[str, float] | None:
        history = self._history
        if history is None or history.active is None:
            return None
        row = history.table[history.table["id"] == history.active].iloc[0]
        return str(row["model"]), float(row["ndcg@10"])

    def _show_serving(self) -> None:
        serving = self._serving()
        self.serving_label.setText(
            self.tr("No recommendations yet: train a model to make them.") if serving is None
            else self.tr("Recommendations now come from “{model}”, with a ranking quality of "
                         "{score:.1f}%.").format(model=serving[0], score=serving[1]))

    def _on_form_start_requested(self, options: TrainOptions) -> None:
        self.start_training(options)

    def _on_shop_job_started(self, kind: str, _message: str) -> None:
        self._update_form()
        if kind != "training":
            return
        if self._live["holdout"]:  # the last run's curves: back to the empty chart
            self.live.stop()
            draw_training(self.training_chart, [])
        self._live = {"holdout": [], "final": []}
        self._phase = "reading"
        self._epochs = 0
        self.stage_label.setText(self.tr("Reading your sales and browsing…"))
        self.epoch_label.clear()
        self.result_label.clear()
        self._clock.start()
        self._on_tick_timeout()
        self._tick.start()

    def _on_shop_job_progressed(self, progress: Progress) -> None:
        if self.shop.running_kind() != "training":
            return
        detail = progress.detail or {}
        if "stage" in detail:
            self._phase = detail["stage"]
            self._live[self._phase].append(detail)
            if not self._redraw.isActive():
                self._redraw.start()
        elif progress.total > 0:  # within an epoch
            self._phase = "holdout" if self._phase in ("reading", "holdout") else "final"
        elif self._phase == "holdout":
            self._phase = "measuring"
        elif self._phase == "final":
            self._phase = "choosing"
        self.stage_label.setText({
            "reading": self.tr("Reading your sales and browsing…"),
            "holdout": self.tr("Step 1 of 2: measuring how well it predicts"),
            "measuring": self.tr("Step 1 of 2: scoring its predictions…"),
            "final": self.tr("Step 2 of 2: learning from all your data"),
            "choosing": self.tr("Choosing products for every customer…"),
        }[self._phase])
        if progress.total > 0:
            self._epochs = progress.total
            self.epoch_label.setText(self.tr("Epoch {epoch} of {epochs}").format(
                epoch=progress.done, epochs=progress.total))
        elif self._phase != "reading":
            self.epoch_label.clear()

    def _draw_live(self) -> None:
        if self._live["holdout"]:
            self.live.show(self._live["holdout"], self._live["final"], self._epochs)

    def _on_tick_timeout(self) -> None:
        self.elapsed_label.setText(self.tr("Elapsed: {time}").format(
            time=_minutes(self._clock.elapsed())))

    def _on_shop_job_ended(self, kind: str, outcome: str) -> None:
        self._update_form()
        if kind != "training":
            return
        self._tick.stop()
        self._on_tick_timeout()
        self._redraw.stop()
        self._draw_live()
        self.epoch_label.clear()
        self.stage_label.setText({
            "finished": self.tr("Training finished"), "cancelled": self.tr("Training stopped"),
        }.get(outcome, self.tr("Training failed")))
        if outcome == "cancelled":
            self.mark_stale()  # the cancelled run joined the history; nothing else changed
        elif outcome == "failed":
            self.result_label.setText(self.tr("Training stopped because of a problem; the "
                                              "recommendations did not change."))

    def _on_training_finished(self, result: TrainResult) -> None:
        text = self.tr("Recommendations for {customers} customers now come from “{model}”. "
                       "Ranking quality: {score:.1f}%.").format(
            model=self._titles[result.model], customers=f"{result.customers:,}",
            score=100 * result.metrics.get("ndcg@10", float("nan")))
        if self._replaced is not None:
            text = self.tr("{sentence} {more}").format(sentence=text, more=self.tr(
                "The model it replaced, “{model}”, scored {score:.1f}%.").format(
                model=self._replaced[0], score=self._replaced[1]))
        self.result_label.setText(text)

    def _on_training_cancelled(self) -> None:
        self.result_label.setText(
            self.tr("Training was cancelled. The run is kept in the history as cancelled, and "
                    "recommendations still come from “{model}”.").format(
                model=self._replaced[0])
            if self._replaced is not None else
            self.tr("Training was cancelled. The run is kept in the history as cancelled; "
                    "there are still no recommendations."))

    def _update_form(self) -> None:
        busy = self.shop.is_busy()
        self.form.set_state(running=self.shop.running_kind() == "training", busy=busy)
        self.score_churn_button.setEnabled(not busy)

    def _on_shop_device_found(self, device: str) -> None:
        self.form.set_available_device(device, settings.device())

    def _on_shop_settings_changed(self, what: str) -> None:
        if what == SETTINGS:
            self.form.set_available_device(self.shop.device, settings.device())

    # ------------------------------------------------------------------ history and charts

    def selected_run(self) -> tuple[int, str] | None:
        """The id and model of the run selected in the history."""
        rows = self.history_view.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return int(self.history_model.value(row, "id")), str(self.history_model.value(row,
                                                                                      "model"))

    def _on_history_selection_changed(self, _selected: QItemSelection,
                                      _deselected: QItemSelection) -> None:
        self._mark_undrawn(self.history_tab)

    def _draw_selected_run(self) -> None:
        selected = self.selected_run()
        if self._history is None or selected is None:
            self.run_chart.message(self.tr("Select a run to see how it learned."))
            return
        run, model = selected
        split = self._history.splits.get(run, {})
        how = (self.tr("held back the last {days} days of purchases").format(
            days=split.get("days")) if split.get("kind") == "last days" else
            self.tr("held back each customer's last basket") if split.get("kind") ==
            "last basket" else self.tr("held back a random fifth of the ratings"))
        self.run_label.setText(self.tr("{model}, run {id}: {how} ({rows} rows) and checked "
                                       "its predictions against them.").format(
            id=run, model=model, how=how,
            rows=f"{int(split.get('test_rows', 0)):,}"))
        draw_training(self.run_chart, self._history.curves.get(run, []))

    def _draw_comparison(self) -> None:
        if self._history is None:
            return
        latest = self._history.latest
        self.baseline_hint.setVisible(not any(m in latest.index for m in BASELINES))
        in_turns(self, functools.partial(draw_scores, self.scores_chart, latest, self._titles),
                 functools.partial(self._draw_rating_error, latest))

    def _draw_rating_error(self, latest: pd.DataFrame) -> None:
        rated = draw_rating_error(self.rating_chart, latest, self._titles)
        self.rating_chart.setVisible(rated)
        self.rating_caption.setVisible(rated)

    def _draw_churn(self) -> None:
        result = self.shop.churn
        self.churn_stack.setCurrentIndex(0 if result is None else 1)
        if result is None:
            return
        report = result.report
        titles = churn_titles()
        self.churn_summary.setText(self.tr(
            "{count} models were tested on {customers} customers ({rate:.0%} of whom stopped "
            "buying within {days} days). The best, {model}, scores customers' risk.").format(
            count=len(report.metrics), customers=f"{report.customers:,}",
            rate=report.churn_rate, days=report.horizon_days,
            model=titles.get(report.chosen, report.chosen)))
        in_turns(self, functools.partial(draw_roc, self.roc_chart, report, titles),
                 functools.partial(draw_precision_recall, self.pr_chart, report, titles),
                 functools.partial(draw_calibration, self.calibration_chart, report, titles),
                 lambda: self.gains_caption.setText(draw_gains(self.gains_chart, report,
                                                               titles)),
                 self.churn_charts_built.emit)

    def _on_score_churn_clicked(self) -> None:
        self.shop.score_churn()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._draw_current_tab()
