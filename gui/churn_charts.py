"""The churn charts of the Models page: how well each compared churn model tells leaving
customers from loyal ones, on customers none of them trained on (engine.churn.evaluation)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.ticker import PercentFormatter
from PySide6.QtCore import QCoreApplication

from gui.charts import SERIES, ChartWidget

if TYPE_CHECKING:
    from engine.churn.report import ChurnReport

GUESS = {"color": "#999999", "linestyle": ":", "linewidth": 1}


translate = QCoreApplication.translate  # lupdate finds translate("ChurnCharts", "...") calls


def churn_titles() -> dict[str, str]:
    return {"recency": translate("ChurnCharts", "Days since last order"),
            "bgnbd": translate("ChurnCharts", "Buying rhythm (BG/NBD)"),
            "logreg": translate("ChurnCharts", "Logistic regression"),
            "gbm": translate("ChurnCharts", "Gradient boosting"),
            "neural": translate("ChurnCharts", "Neural network")}


def _compared(report: ChurnReport) -> list[str]:
    """The compared models, simplest first (the order of churn_titles)."""
    return [name for name in churn_titles() if name in report.curves and name in report.metrics]


def _colour(report: ChurnReport, name: str) -> dict:
    """The chosen model stands out; the others stay readable but thinner."""
    chosen = name == report.chosen
    return {"color": SERIES[list(churn_titles()).index(name) % len(SERIES)],
            "linewidth": 2.2 if chosen else 1.1, "alpha": 1.0 if chosen else 0.8,
            "zorder": 3 if chosen else 2}


def _label(report: ChurnReport, titles: Mapping[str, str], name: str, figure: str) -> str:
    title = titles.get(name, name)
    if name == report.chosen:
        title = translate("ChurnCharts", "{model} (used)").format(model=title)
    return f"{title}: {figure}"


def _percent_axes(ax) -> None:
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)


def draw_roc(chart: ChartWidget, report: ChurnReport, titles: Mapping[str, str]) -> None:
    (ax,) = chart.axes()
    ax.plot([0, 1], [0, 1], **GUESS, label=translate("ChurnCharts", "Guessing: 0.50"))
    for name in _compared(report):
        curve = report.curves[name]
        ax.plot(curve.fpr, curve.tpr, **_colour(report, name), gid=f"roc-{name}",
                label=_label(report, titles, name, f"{report.metrics[name].roc_auc:.2f}"))
    _percent_axes(ax)
    ax.set_title(translate("ChurnCharts", "Spotting customers who leave (ROC curve)"))
    ax.set_xlabel(translate("ChurnCharts", "Loyal customers wrongly flagged"))
    ax.set_ylabel(translate("ChurnCharts", "Leaving customers caught"))
    chart.legend(ax, loc="lower right")
    chart.draw()


def draw_precision_recall(chart: ChartWidget, report: ChurnReport,
                          titles: Mapping[str, str]) -> None:
    (ax,) = chart.axes()
    ax.axhline(report.churn_rate, **GUESS, label=translate(
        "ChurnCharts", "Guessing: {rate:.0%}").format(rate=report.churn_rate))
    for name in _compared(report):
        curve = report.curves[name]
        ax.plot(curve.recall, curve.precision, **_colour(report, name), gid=f"pr-{name}",
                label=_label(report, titles, name, f"{report.metrics[name].pr_auc:.2f}"))
    _percent_axes(ax)
    ax.set_title(translate("ChurnCharts", "How many flagged customers really leave"))
    ax.set_xlabel(translate("ChurnCharts", "Leaving customers caught"))
    ax.set_ylabel(translate("ChurnCharts", "Flagged customers who really left"))
    chart.legend(ax, loc="lower left")
    chart.draw()


def draw_calibration(chart: ChartWidget, report: ChurnReport,
                     titles: Mapping[str, str]) -> None:
    """The reliability of the model in use: predicted risk against what happened, per bin."""
    (ax,) = chart.axes()
    ax.plot([0, 1], [0, 1], **GUESS, label=translate("ChurnCharts", "Honest risks"))
    curve = report.curves.get(report.chosen)
    if curve is not None:
        sizes = 12 + 60 * np.sqrt(np.asarray(curve.count) / max(curve.count))
        ax.plot(curve.predicted, curve.observed, color=SERIES[0], linewidth=1.2, zorder=2)
        ax.scatter(curve.predicted, curve.observed, s=sizes, color=SERIES[0], zorder=3,
                   gid="calibration", label=titles.get(report.chosen, report.chosen))
    _percent_axes(ax)
    ax.set_title(translate("ChurnCharts", "Are the risk percentages honest?"))
    ax.set_xlabel(translate("ChurnCharts", "Predicted risk of leaving"))
    ax.set_ylabel(translate("ChurnCharts", "Share who really left"))
    chart.legend(ax, loc="upper left")
    chart.draw()


def draw_gains(chart: ChartWidget, report: ChurnReport, titles: Mapping[str, str]) -> str:
    """Cumulative gains of the model in use, from its ROC curve: contacting everyone above a
    threshold reaches fpr·(1 − rate) + tpr·rate of the customers and tpr of the leavers.
    Returns the caption, with the top decile's figures."""
    (ax,) = chart.axes()
    ax.plot([0, 1], [0, 1], **GUESS, label=translate("ChurnCharts", "Contacting at random"))
    name = report.chosen
    curve = report.curves.get(name)
    metrics = report.metrics.get(name)
    if curve is not None:
        tpr, fpr = np.asarray(curve.tpr), np.asarray(curve.fpr)
        contacted = fpr * (1 - report.churn_rate) + tpr * report.churn_rate
        ax.plot(contacted, tpr, color=SERIES[0], linewidth=2.2, gid="gains",
                label=titles.get(name, name))
    if metrics is not None:
        ax.axvline(0.1, color=SERIES[3], linewidth=1, linestyle="--")
        ax.plot([0.1], [metrics.top_decile_capture], marker="o", color=SERIES[3])
    _percent_axes(ax)
    ax.set_title(translate("ChurnCharts", "Who to contact first (cumulative gains)"))
    ax.set_xlabel(translate("ChurnCharts", "Customers contacted, riskiest first"))
    ax.set_ylabel(translate("ChurnCharts", "Leaving customers reached"))
    chart.legend(ax, loc="lower right")
    chart.draw()
    if metrics is None:
        return translate("ChurnCharts", "Good: a curve far above the dotted diagonal.")
    return translate("ChurnCharts",
                     "Good: far above the diagonal. Contacting the riskiest 10% of customers "
                     "reaches {capture:.0%} of those who leave, {lift:.1f}× better than at "
                     "random.").format(capture=metrics.top_decile_capture,
                                       lift=metrics.top_decile_lift)
