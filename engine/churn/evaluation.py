"""Churn metrics: pure functions of true labels (1 = churned) and predicted probabilities.

Every model is scored by the same code on the same customers, so the table is a fair
comparison. The operating threshold is an input: it is chosen on training data (best_threshold
on out-of-fold predictions), never on the labels being scored.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

from engine.churn.report import Curves, ModelMetrics

TOP_SHARE = 0.10  # the top decile
RELIABILITY_BINS = 10
CURVE_POINTS = 101  # ROC and PR curves are thinned to about this many points for charts


def _arrays(y_true, p) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_true, dtype=int)
    prob = np.asarray(p, dtype=float)
    if y.shape != prob.shape:
        raise ValueError("labels and predictions differ in length")
    return y, prob


def base_rate_brier(y_true) -> float:
    """Brier score of predicting the churn rate for everyone: rate × (1 − rate)."""
    rate = float(np.mean(np.asarray(y_true, dtype=float)))
    return rate * (1.0 - rate)


def at_threshold(y_true, p, threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 when everyone with p ≥ threshold is called a churner
    (0 where undefined, e.g. no one flagged)."""
    y, prob = _arrays(y_true, p)
    flagged = prob >= threshold
    hits = int(np.sum(flagged & (y == 1)))
    precision = hits / int(flagged.sum()) if flagged.any() else 0.0
    recall = hits / int(y.sum()) if y.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(y_true, p) -> float:
    """The probability threshold with the highest F1 (meant for out-of-fold training
    predictions); ties go to the higher threshold, fewer customers to contact."""
    y, prob = _arrays(y_true, p)
    if not y.any():
        return 1.0
    precision, recall, thresholds = precision_recall_curve(y, prob)
    precision, recall = precision[:-1], recall[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    best = np.flatnonzero(f1 == f1.max())[-1]
    return float(thresholds[best])


def top_decile(y_true, p, share: float = TOP_SHARE) -> tuple[float, float]:
    """Lift (churn rate in the riskiest `share` ÷ overall rate) and capture (share of all
    churners found there). Ties in p are broken by position, so the result is deterministic."""
    y, prob = _arrays(y_true, p)
    if not y.any():
        return 0.0, 0.0
    n_top = max(1, int(np.ceil(share * len(y))))
    top = np.argsort(-prob, kind="stable")[:n_top]
    caught = int(y[top].sum())
    return float(caught / n_top / y.mean()), float(caught / y.sum())


def reliability(y_true, p, bins: int = RELIABILITY_BINS
                ) -> tuple[list[float], list[float], list[int]]:
    """Equal-width bins of the predicted probability (empty bins left out)."""
    y, prob = _arrays(y_true, p)
    which = np.minimum((prob * bins).astype(int), bins - 1)
    predicted, observed, count = [], [], []
    for b in range(bins):
        inside = which == b
        if inside.any():
            predicted.append(float(prob[inside].mean()))
            observed.append(float(y[inside].mean()))
            count.append(int(inside.sum()))
    return predicted, observed, count


def _thin(*columns: np.ndarray, points: int = CURVE_POINTS) -> list[list[float]]:
    n = len(columns[0])
    keep = np.unique(np.linspace(0, n - 1, min(n, points)).round().astype(int))
    return [[round(float(v), 6) for v in column[keep]] for column in columns]


def curves(y_true, p) -> Curves:
    y, prob = _arrays(y_true, p)
    fpr, tpr, _ = roc_curve(y, prob)
    precision, recall, _ = precision_recall_curve(y, prob)
    fpr, tpr = _thin(fpr, tpr)
    recall, precision = _thin(recall[::-1], precision[::-1])
    predicted, observed, count = reliability(y, prob)
    return Curves(fpr, tpr, recall, precision, predicted, observed, count)


def evaluate(y_true, p, threshold: float | np.ndarray) -> ModelMetrics:
    """All the figures for one model's predictions on labels it did not train on.

    `threshold` may be one per customer (k-fold: each fold's own, chosen on its training
    folds); the reported threshold is then their mean."""
    y, prob = _arrays(y_true, p)
    if y.min() == y.max():
        raise ValueError("metrics need both churned and retained customers")
    precision, recall, f1 = at_threshold(y, prob, threshold)
    lift, capture = top_decile(y, prob)
    return ModelMetrics(
        roc_auc=float(roc_auc_score(y, prob)),
        pr_auc=float(average_precision_score(y, prob)),
        brier=float(brier_score_loss(y, prob)),
        brier_base=base_rate_brier(y),
        threshold=float(np.mean(threshold)),
        precision=precision, recall=recall, f1=f1,
        top_decile_lift=lift, top_decile_capture=capture,
    )
