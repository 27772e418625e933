"""The recommender charts of the Models page: training curves and scores by model.

Every chart says in its title what it shows in plain words; the page puts a caption under it
saying what "good" looks like.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QCoreApplication

from gui.charts import SERIES, ChartWidget
from gui.training_form import BASELINES

BASELINE_COLOUR = "#999999"


translate = QCoreApplication.translate  # lupdate finds translate("ModelCharts", "...") calls


def _relative(values: Sequence[float | None]) -> np.ndarray:
    """Losses as a percentage of the first one: the raw scale differs between models (and
    between training and held-back data), the shape of the curve is what tells."""
    array = np.array([math.nan if v is None else v for v in values], dtype=float)
    finite = array[np.isfinite(array)]
    if not len(finite) or finite[0] == 0:
        return np.full(len(array), math.nan)
    return 100 * array / finite[0]


def epochs_seen(points: Sequence[dict]) -> list[int]:
    return [int(p["epoch"]) for p in points]


def has_curves(points: Sequence[dict]) -> bool:
    """False for the one-step baselines, whose single "epoch" has no loss."""
    return any(p.get("train_loss") is not None and math.isfinite(p["train_loss"])
               for p in points)


def _curve_data(holdout: Sequence[dict], final: Sequence[dict]
                ) -> dict[str, tuple[list[int], np.ndarray]]:
    """Each line of the training chart (by gid): epochs and values, empty where the model
    reports none (no validation loss, say)."""
    seen = epochs_seen(holdout)
    validation = [p.get("val_loss") for p in holdout]
    scores = [p.get("val_metric") for p in holdout]
    empty: tuple[list[int], np.ndarray] = ([], np.empty(0))
    return {
        "holdout-train": (seen, _relative([p["train_loss"] for p in holdout])),
        "holdout-validation": ((seen, _relative(validation))
                               if any(v is not None for v in validation) else empty),
        "final-train": (epochs_seen(final), _relative([p["train_loss"] for p in final])),
        "holdout-score": ((seen, np.array([math.nan if v is None else 100 * v
                                           for v in scores], dtype=float))
                          if any(v is not None for v in scores) else empty),
    }


def _training_axes(chart: ChartWidget, data: dict[str, tuple[list[int], np.ndarray]],
                   metric: str, *, stacked: bool, training: bool) -> dict[str, Line2D]:
    """The two plots of the training chart with their lines (by gid), titled and labelled;
    the legend names the lines that have points, and while `training` the final fit's line
    to come."""
    loss_ax, score_ax = chart.axes(2, 1) if stacked else chart.axes(1, 2)
    style = {"marker": "o", "markersize": 3}
    lines = {
        "holdout-train": loss_ax.plot([], [], color=SERIES[0], label=translate(
            "ModelCharts", "On the training data"), **style)[0],
        "holdout-validation": loss_ax.plot([], [], color=SERIES[1], label=translate(
            "ModelCharts", "On held-back purchases"), **style)[0],
        "final-train": loss_ax.plot([], [], linestyle="--", color=SERIES[4], label=translate(
            "ModelCharts", "Final model, all data"))[0],
        "holdout-score": score_ax.plot([], [], color=SERIES[2], **style)[0],
    }
    for gid, line in lines.items():
        line.set_gid(gid)
        line.set_data(*data[gid])
    loss_ax.set_title(translate("ModelCharts", "Mistakes the model still makes (lower is better)"))
    loss_ax.set_ylabel(translate("ModelCharts", "% of the first epoch"))
    score_ax.set_title(translate("ModelCharts", "How well it ranks what customers bought next"))
    score_ax.set_ylabel(translate("ModelCharts", "{metric} (%)").format(metric=metric.upper()))
    for ax in (loss_ax, score_ax):
        ax.relim()  # set_data does not move the limits
        ax.autoscale_view()
        ax.set_xlabel(translate("ModelCharts", "Epoch (one pass over your data)"))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    chart.legend(loss_ax, handles=[
        line for gid, line in lines.items() if gid != "holdout-score" and (
            len(data[gid][0]) or (training and gid == "final-train"))])
    return lines


def _metric(points: Sequence[dict]) -> str:
    return next((p["metric"] for p in points if p.get("metric")), "") or "ndcg@10"


def draw_training(chart: ChartWidget, holdout: Sequence[dict]) -> None:
    """A finished fit's curves (what a run stores): loss and validation score by epoch."""
    if not holdout:
        chart.message(translate("ModelCharts", "The training curves appear here, epoch by "
                                               "epoch, once training starts."))
        return
    if not has_curves(holdout):
        chart.message(translate("ModelCharts", "This model learns in one step, so it has no "
                                               "training curve."))
        return
    lines = _training_axes(chart, _curve_data(holdout, ()), _metric(holdout), stacked=False,
                           training=False)
    last = max(epochs_seen(holdout))
    for line in lines.values():
        line.axes.set_xlim(0.5, last + 0.5)
    chart.draw()


class LiveTraining:
    """The training chart while a model trains, stacked, with room for every planned epoch.

    Each new epoch only moves the lines' points; the chart is drawn off the UI thread (see
    gui.charts), and draws asked for while one is on its way are folded into one. The axes are
    laid out once with room to grow, so the chart does not jump at every epoch; a point beyond
    their limits, or a line's first point (the legend grows), lays them out again.
    """

    def __init__(self, chart: ChartWidget) -> None:
        self.chart = chart
        self._lines: dict[str, Line2D] = {}

    def show(self, holdout: Sequence[dict], final: Sequence[dict], epochs: int) -> None:
        if not has_curves(holdout):
            self.stop()
            draw_training(self.chart, holdout)
            return
        data = _curve_data(holdout, final)
        if not self._lines or not self._fits(data, epochs):
            self._build(data, _metric(holdout), epochs)
            return
        for gid, (x, y) in data.items():
            self._lines[gid].set_data(x, y)
        self.chart.draw()

    def stop(self) -> None:
        """Back to ordinary charts (the page draws the finished run with draw_training)."""
        self._lines = {}

    def _fits(self, data: dict[str, tuple[list[int], np.ndarray]], epochs: int) -> bool:
        for gid, (x, y) in data.items():
            line = self._lines[gid]
            if len(x) and not len(line.get_xdata()) and gid != "final-train":
                return False  # a new line: the legend must name it
            low, high = line.axes.get_ylim()
            finite = y[np.isfinite(y)] if len(y) else y
            if len(finite) and (finite.min() < low or finite.max() > high):
                return False
            if max([epochs, *x]) + 0.5 > line.axes.get_xlim()[1]:
                return False
        return True

    def _build(self, data: dict[str, tuple[list[int], np.ndarray]], metric: str,
               epochs: int) -> None:
        self._lines = _training_axes(self.chart, data, metric, stacked=True, training=True)
        loss = np.concatenate([data[g][1] for g in ("holdout-train", "holdout-validation",
                                                    "final-train")])
        scores = data["holdout-score"][1]
        loss, scores = loss[np.isfinite(loss)], scores[np.isfinite(scores)]
        last = max([epochs, *data["holdout-train"][0], *data["final-train"][0]])
        loss_ax = self._lines["holdout-train"].axes
        score_ax = self._lines["holdout-score"].axes
        # Room to grow, so that later epochs fit without a new layout.
        loss_ax.set_ylim(min(0.0, 1.3 * loss.min(initial=0.0)),
                         max(110.0, 1.3 * loss.max(initial=0.0)))
        score_ax.set_ylim(0.0, max(1.0, 2 * scores.max(initial=0.0)))
        for ax in (loss_ax, score_ax):
            ax.set_xlim(0.5, last + 0.5)
        self.chart.draw()


def _bar_colours(models: Sequence[str], colour: str) -> list[str]:
    return [BASELINE_COLOUR if m in BASELINES else colour for m in models]


def draw_scores(chart: ChartWidget, latest: pd.DataFrame, titles: Mapping[str, str]) -> None:
    """NDCG@10 and Recall@20 of each model's latest completed run, baselines in grey."""
    scored = latest.dropna(subset=["ndcg@10"]).sort_values("ndcg@10")
    if scored.empty:
        chart.message(translate("ModelCharts", "Train a model to compare it with the others "
                                               "here."))
        return
    (ax,) = chart.axes()
    rows = np.arange(len(scored))
    height = 0.38
    models = list(scored.index)
    ranking = ax.barh(rows + height / 2, 100 * scored["ndcg@10"], height,
                      color=_bar_colours(models, SERIES[0]),
                      label=translate("ModelCharts", "Ranking quality (NDCG@10)"))
    found = ax.barh(rows - height / 2, 100 * scored["recall@20"], height,
                    color=_bar_colours(models, SERIES[1]), hatch="//", edgecolor="white",
                    linewidth=0, label=translate("ModelCharts", "Next purchases found in the "
                                                                "top 20 (Recall@20)"))
    for bars in (ranking, found):  # close scores differ in the first decimal: write them
        ax.bar_label(bars, fmt="%.1f", padding=3, fontsize=8, color=ax.xaxis.label.get_color())
    ax.margins(x=0.12)
    ax.set_yticks(rows, [titles.get(m, m) for m in models])
    ax.set_title(translate("ModelCharts", "How well each model predicts what customers buy "
                                          "next"))
    ax.set_xlabel(translate("ModelCharts", "Score on held-back purchases (%, higher is "
                                           "better)"))
    ax.grid(axis="y", visible=False)
    chart.legend(ax, loc="lower right")
    chart.draw()


def draw_rating_error(chart: ChartWidget, latest: pd.DataFrame,
                      titles: Mapping[str, str]) -> bool:
    """RMSE of each model that predicts star ratings; False (nothing drawn) when none does."""
    rated = latest.dropna(subset=["rmse"]).sort_values("rmse", ascending=False)
    if rated.empty:
        return False
    (ax,) = chart.axes()
    rows = np.arange(len(rated))
    models = list(rated.index)
    bars = ax.barh(rows, rated["rmse"], 0.6, color=_bar_colours(models, SERIES[3]))
    ax.bar_label(bars, fmt="%.3f", padding=3, fontsize=8, color=ax.xaxis.label.get_color())
    ax.margins(x=0.12)
    ax.set_yticks(rows, [titles.get(m, m) for m in models])
    ax.set_title(translate("ModelCharts", "How far predicted star ratings are from the real "
                                          "ones"))
    ax.set_xlabel(translate("ModelCharts", "Typical error in stars (RMSE, lower is better)"))
    ax.grid(axis="y", visible=False)
    chart.draw()
    return True
