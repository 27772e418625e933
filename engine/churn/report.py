"""What a churn comparison found: each model's figures and curves, and the model chosen.

Plain data with no scikit-learn behind it, so the window can receive a report from the worker
process (gui.worker_process) without loading the libraries that computed it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class ModelMetrics:
    """One model's validation figures; `brier_base` is the Brier score of always predicting
    the observed churn rate of the scored customers (the bar a useful model must clear)."""

    roc_auc: float
    pr_auc: float
    brier: float
    brier_base: float
    threshold: float
    precision: float
    recall: float
    f1: float
    top_decile_lift: float
    top_decile_capture: float

    def to_dict(self) -> dict[str, float]:
        return {key: float(value) for key, value in asdict(self).items()}


@dataclass(frozen=True)
class Curves:
    """Points for charts: ROC (fpr, tpr), precision-recall, and reliability (per bin of the
    predicted probability: its mean prediction, the observed churn rate and the count)."""

    fpr: list[float]
    tpr: list[float]
    recall: list[float]
    precision: list[float]
    predicted: list[float]
    observed: list[float]
    count: list[int]

    def to_dict(self) -> dict[str, list]:
        return asdict(self)



@dataclass
class ChurnReport:
    """Every model's validation on the same customers, and the model chosen by ROC-AUC.

    validation: 'out-of-time' (trained with features at `train_cutoff` and churn in
    (train_cutoff, cutoff]; scored with features at `cutoff` and churn in (cutoff, cutoff +
    horizon]) or 'k-fold' (stratified folds across the customers of `cutoff`).
    customers / churn_rate describe the scored customers; `params` are the hyper-parameters
    each model used (logistic regression's class weighting was chosen on training folds).
    """

    cutoff: pd.Timestamp
    horizon_days: int
    validation: str
    customers: int
    churn_rate: float
    metrics: dict[str, ModelMetrics]
    chosen: str
    curves: dict[str, Curves]
    train_cutoff: pd.Timestamp | None = None
    train_customers: int = 0
    train_churn_rate: float = float("nan")
    params: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    calibration: str = "Platt scaling on out-of-fold training scores"
    notes: list[str] = field(default_factory=list)
