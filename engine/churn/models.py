"""Churn models side by side: a recency baseline, BG/NBD, logistic regression, gradient boosting
and a small PyTorch network, all trained, calibrated and scored by the same code.

Every model turns features into a raw score (higher = more likely to churn). Calibration is
Platt scaling: a logistic regression on the logit of the raw score, fitted on out-of-fold raw
scores of the training customers (5 stratified folds; the model is then refitted on all of
them). Models that never see labels (recency, BG/NBD) are calibrated on their in-sample training
scores, which are held out from them by construction. Platt scaling is monotone, so calibration
changes Brier scores but not rankings (ROC-AUC). The operating threshold is the one with the
best F1 on those same out-of-fold probabilities: chosen on training data only.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from threadpoolctl import threadpool_limits

from engine.churn.evaluation import best_threshold, evaluate
from engine.churn.evaluation import curves as curve_points
from engine.churn.features import bgnbd_summary, churn_features
from engine.churn.labels import NotEnoughHistory, as_day, churn_labels, purchase_days, shop_time
from engine.churn.report import ChurnReport
from engine.customers.clv import BetaGeoModel, NotEnoughData
from storage.progress import Progress

log = logging.getLogger(__name__)

MODEL_NAMES = ("recency", "bgnbd", "logreg", "gbm", "neural")  # simplest first: ties go left
MODEL_TITLES = {"recency": "Recency alone", "bgnbd": "BG/NBD", "logreg": "Logistic regression",
                "gbm": "Gradient boosting", "neural": "Neural network"}
CALIBRATION_FOLDS = 5
TIE_TOLERANCE = 0.002  # ROC-AUC differences below this are ties

Step = tuple[float, str]  # (fraction of this piece of work done, what is happening)


# ---------------------------------------------------------------------------- hyper-parameters


@dataclass(frozen=True)
class LogRegParams:
    C: float = 1.0
    class_weight: str | None = None  # None or "balanced"; chosen on training folds if not set


@dataclass(frozen=True)
class GBMParams:
    """Small, slow-learning trees: on Online Retail's training window these had the best
    out-of-fold ROC-AUC of the settings tried (a few thousand customers overfit bigger trees)."""

    max_iter: int = 200
    learning_rate: float = 0.02
    max_leaf_nodes: int = 5
    min_samples_leaf: int = 60
    l2_regularization: float = 1.0


@dataclass(frozen=True)
class NeuralParams:
    hidden: tuple[int, ...] = (32, 16)
    dropout: float = 0.1
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    batch_size: int = 256
    max_epochs: int = 150
    patience: int = 15
    validation_fraction: float = 0.2
    device: str = "cpu"


# ---------------------------------------------------------------------------- preprocessing


def _signed_log(values: np.ndarray) -> np.ndarray:
    return np.sign(values) * np.log1p(np.abs(values))


class Standardiser:
    """Signed log1p (money and counts are heavy-tailed), median fill plus a missing-value
    indicator for columns with gaps, then zero mean and unit variance; constant columns drop."""

    def fit(self, X: pd.DataFrame) -> Standardiser:
        values = _signed_log(X.to_numpy(dtype=float))
        self.missing_ = np.isnan(values).any(axis=0)
        with np.errstate(all="ignore"):
            median = np.nanmedian(np.where(np.isnan(values).all(axis=0), 0.0, values), axis=0)
        self.median_ = np.nan_to_num(median)
        full = self._expand(values)
        std = full.std(axis=0)
        self.keep_ = std > 1e-12
        self.mean_ = full.mean(axis=0)[self.keep_]
        self.scale_ = std[self.keep_]
        return self

    def _expand(self, values: np.ndarray) -> np.ndarray:
        gaps = np.isnan(values)
        filled = np.where(gaps, self.median_, values)
        return np.hstack([filled, gaps[:, self.missing_].astype(float)])

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        full = self._expand(_signed_log(X.to_numpy(dtype=float)))[:, self.keep_]
        return ((full - self.mean_) / self.scale_).astype(np.float32)


# ---------------------------------------------------------------------------- raw scorers


class Scorer:
    """Features → raw churn score. `fit_steps` is a generator yielding (fraction, detail)
    between units of work, so callers can report progress and cancel; `fit` drives it."""

    uses_labels = True

    def fit_steps(self, X: pd.DataFrame, y: np.ndarray) -> Generator[Step, None, None]:
        self._fit(X, y)
        yield 1.0, ""

    def _fit(self, X: pd.DataFrame, y: np.ndarray) -> None:
        raise NotImplementedError

    def fit(self, X: pd.DataFrame, y: np.ndarray, *,
            callback: Callable[[float, str], None] | None = None) -> Scorer:
        for fraction, detail in self.fit_steps(X, y):
            if callback is not None:
                callback(fraction, detail)
        return self

    def score(self, X: pd.DataFrame) -> np.ndarray:
        raise NotImplementedError


class RecencyScorer(Scorer):
    """The baseline: the longer since the last purchase, the riskier (percentile rank)."""

    uses_labels = False

    def _fit(self, X: pd.DataFrame, y: np.ndarray) -> None:
        self.fitted_ = True

    def score(self, X: pd.DataFrame) -> np.ndarray:
        return X["recency_days"].rank(pct=True, method="average").to_numpy(dtype=float)


class BGNBDScorer(Scorer):
    """P(no purchase within the horizon) under BG/NBD fitted on the training customers (not
    1 − P(alive), which calls every one-time buyer safe). Uses no labels."""

    uses_labels = False

    def __init__(self, *, horizon_days: int) -> None:
        self.horizon_days = horizon_days

    def _fit(self, X: pd.DataFrame, y: np.ndarray) -> None:
        self.model_ = BetaGeoModel().fit(bgnbd_summary(X))

    def score(self, X: pd.DataFrame) -> np.ndarray:
        return self.model_.probability_no_purchase(
            self.horizon_days, bgnbd_summary(X)).to_numpy(dtype=float)


class LogRegScorer(Scorer):
    def __init__(self, *, params: LogRegParams = LogRegParams()) -> None:
        self.params = params

    def _fit(self, X: pd.DataFrame, y: np.ndarray) -> None:
        self.standardiser_ = Standardiser().fit(X)
        self.model_ = LogisticRegression(C=self.params.C, class_weight=self.params.class_weight,
                                         max_iter=2000)
        self.model_.fit(self.standardiser_.transform(X), y)

    def score(self, X: pd.DataFrame) -> np.ndarray:
        return self.model_.predict_proba(self.standardiser_.transform(X))[:, 1]


class GBMScorer(Scorer):
    """scikit-learn's histogram gradient boosting on the raw features (it handles NaN)."""

    def __init__(self, *, params: GBMParams = GBMParams(), seed: int = 0) -> None:
        self.params = params
        self.seed = seed

    def _fit(self, X: pd.DataFrame, y: np.ndarray) -> None:
        p = self.params
        self.model_ = HistGradientBoostingClassifier(
            max_iter=p.max_iter, learning_rate=p.learning_rate, max_leaf_nodes=p.max_leaf_nodes,
            min_samples_leaf=p.min_samples_leaf, l2_regularization=p.l2_regularization,
            early_stopping=False, random_state=self.seed)
        with _one_thread():
            self.model_.fit(X.to_numpy(dtype=float), y)

    def score(self, X: pd.DataFrame) -> np.ndarray:
        with _one_thread():
            return self.model_.predict_proba(X.to_numpy(dtype=float))[:, 1]


@contextmanager
def _one_thread() -> Iterator[None]:
    """OpenMP and torch on one thread. The data are a few thousand rows, so thread start-up
    and spinning cost more than they save: on 2 cores the network trained 30× faster this way
    and gradient boosting 5× (OpenMP threads left spinning by one library starve the next)."""
    torch = sys.modules.get("torch")
    before = torch.get_num_threads() if torch is not None else None
    try:
        with threadpool_limits(1, user_api="openmp"):
            if torch is not None:
                torch.set_num_threads(1)
            yield
    finally:
        if torch is not None and before is not None:
            torch.set_num_threads(before)


class NeuralScorer(Scorer):
    """A small MLP (ReLU, dropout) on standardised features, trained with Adam on the binary
    cross-entropy; a stratified validation share of the training customers stops it early
    and the weights of its best validation loss are kept. Seeded; CPU unless asked."""

    def __init__(self, *, params: NeuralParams = NeuralParams(), seed: int = 0) -> None:
        self.params = params
        self.seed = seed

    def fit_steps(self, X: pd.DataFrame, y: np.ndarray) -> Generator[Step, None, None]:
        if "torch" not in sys.modules:
            yield 0.0, "loading PyTorch"
        import torch

        with _one_thread():
            yield from self._train(torch, X, y)

    def _train(self, torch, X: pd.DataFrame, y: np.ndarray) -> Generator[Step, None, None]:
        p = self.params
        torch.manual_seed(self.seed)
        shuffler = torch.Generator().manual_seed(self.seed)
        self.standardiser_ = Standardiser().fit(X)
        features = self.standardiser_.transform(X)
        fit_rows, val_rows = _validation_split(y, p.validation_fraction, self.seed)
        device = torch.device(p.device)
        xs = torch.from_numpy(features).to(device)
        ys = torch.from_numpy(np.asarray(y, dtype=np.float32)).to(device)
        x_fit, y_fit, x_val, y_val = xs[fit_rows], ys[fit_rows], xs[val_rows], ys[val_rows]
        net = _network(torch, features.shape[1], p.hidden, p.dropout).to(device)
        optimiser = torch.optim.Adam(net.parameters(), lr=p.learning_rate,
                                     weight_decay=p.weight_decay)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        best, best_state, best_epoch, waited = np.inf, None, 0, 0
        for epoch in range(1, p.max_epochs + 1):
            net.train()
            order = torch.randperm(len(x_fit), generator=shuffler).to(device)
            for start in range(0, len(order), p.batch_size):
                batch = order[start:start + p.batch_size]
                optimiser.zero_grad()
                loss_fn(net(x_fit[batch]).squeeze(1), y_fit[batch]).backward()
                optimiser.step()
            net.eval()
            with torch.no_grad():
                val_loss = float(loss_fn(net(x_val).squeeze(1), y_val))
            if val_loss < best - 1e-6:
                best, best_epoch, waited = val_loss, epoch, 0
                best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            else:
                waited += 1
            yield epoch / p.max_epochs, f"epoch {epoch}"
            if waited >= p.patience:
                break
        net.load_state_dict(best_state)
        net.eval()
        self.network_, self.best_epoch_, self.best_loss_ = net, best_epoch, best
        yield 1.0, f"stopped at epoch {epoch}, best {best_epoch}"

    def score(self, X: pd.DataFrame) -> np.ndarray:
        import torch

        device = next(self.network_.parameters()).device
        with _one_thread(), torch.no_grad():
            x = torch.from_numpy(self.standardiser_.transform(X)).to(device)
            return torch.sigmoid(self.network_(x).squeeze(1)).cpu().numpy().astype(float)


def _validation_split(y: np.ndarray, share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rows = np.arange(len(y))
    try:
        return train_test_split(rows, test_size=share, stratify=y, random_state=seed)
    except ValueError:  # a class too small to split by
        return train_test_split(rows, test_size=share, random_state=seed)


def _network(torch, n_in: int, hidden: tuple[int, ...], dropout: float):
    layers, width = [], n_in
    for size in hidden:
        layers += [torch.nn.Linear(width, size), torch.nn.ReLU(), torch.nn.Dropout(dropout)]
        width = size
    layers.append(torch.nn.Linear(width, 1))
    return torch.nn.Sequential(*layers)


def make_scorer(name: str, *, horizon_days: int, seed: int, params: Any = None) -> Scorer:
    """A fresh, unfitted scorer for a model name; `params` overrides its defaults."""
    if name == "recency":
        return RecencyScorer()
    if name == "bgnbd":
        return BGNBDScorer(horizon_days=horizon_days)
    if name == "logreg":
        return LogRegScorer(params=params or LogRegParams())
    if name == "gbm":
        return GBMScorer(params=params or GBMParams(), seed=seed)
    if name == "neural":
        return NeuralScorer(params=params or NeuralParams(), seed=seed)
    raise ValueError(f"unknown churn model {name!r}; choose one of {', '.join(MODEL_NAMES)}")


# ---------------------------------------------------------------------------- calibration


class PlattCalibrator:
    """p = σ(a · logit(raw) + b), fitted by (almost unpenalised) logistic regression."""

    def fit(self, raw: np.ndarray, y: np.ndarray) -> PlattCalibrator:
        self.model_ = LogisticRegression(C=1e4, max_iter=1000).fit(_logit(raw), y)
        return self

    def predict(self, raw: np.ndarray) -> np.ndarray:
        return self.model_.predict_proba(_logit(raw))[:, 1]


def _logit(raw: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(raw, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p)).reshape(-1, 1)


@dataclass
class ChurnModel:
    """A fitted scorer with its calibration and operating threshold (chosen on training data);
    `oof_` holds the calibrated out-of-fold probabilities of the training customers."""

    name: str
    scorer: Scorer
    calibrator: PlattCalibrator
    threshold: float
    params: Any = None
    oof_: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Calibrated probability of churning within the horizon, one per row of X."""
        if X.empty:
            return np.empty(0)
        return self.calibrator.predict(self.scorer.score(X))


def scaled_steps(steps: Generator[Step, None, Any], start: float, width: float
                 ) -> Generator[Step, None, Any]:
    """Re-yield a sub-task's steps as a slice [start, start + width] of a bigger task."""
    while True:
        try:
            fraction, detail = next(steps)
        except StopIteration as stop:
            return stop.value
        yield start + width * fraction, detail


def _folds(y: np.ndarray, n: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    splits = max(2, min(n, int(np.bincount(y.astype(int), minlength=2).min())))
    return list(StratifiedKFold(splits, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))


def _out_of_fold(make: Callable[[], Scorer], X: pd.DataFrame, y: np.ndarray, seed: int,
                 ) -> Generator[Step, None, np.ndarray]:
    raw = np.empty(len(y))
    folds = _folds(y, CALIBRATION_FOLDS, seed)
    for i, (fit_rows, held_rows) in enumerate(folds):
        scorer = make()
        fitting = scorer.fit_steps(X.iloc[fit_rows], y[fit_rows])
        yield from scaled_steps(fitting, i / len(folds), 1 / len(folds))
        raw[held_rows] = scorer.score(X.iloc[held_rows])
    return raw


def fit_model(name: str, X: pd.DataFrame, y, *, horizon_days: int, seed: int = 0,
              params: Any = None) -> Generator[Step, None, ChurnModel]:
    """Train, calibrate and pick the threshold of one model on one labelled window.

    For logistic regression without a given class weighting, both (none, balanced) are tried on
    the same folds and the better out-of-fold ROC-AUC wins (ties: no weighting).
    """
    y = np.asarray(y, dtype=int)
    if name == "logreg" and params is None:
        params = yield from scaled_steps(_choose_class_weight(X, y, seed), 0.0, 0.4)
        start = 0.4
    else:
        start = 0.0
    make = partial(make_scorer, name, horizon_days=horizon_days, seed=seed, params=params)
    probe = make()
    share = (1 - start) * CALIBRATION_FOLDS / (CALIBRATION_FOLDS + 1) if probe.uses_labels else 0
    raw = None
    if probe.uses_labels:
        raw = yield from scaled_steps(_out_of_fold(make, X, y, seed), start, share)
    yield from scaled_steps(probe.fit_steps(X, y), start + share, 1 - start - share)
    if raw is None:
        raw = probe.score(X)
    calibrator = PlattCalibrator().fit(raw, y)
    oof = calibrator.predict(raw)
    params = getattr(probe, "params", params)
    return ChurnModel(name, probe, calibrator, best_threshold(y, oof), params, oof)


def _choose_class_weight(X: pd.DataFrame, y: np.ndarray, seed: int
                         ) -> Generator[Step, None, LogRegParams]:
    scores = {}
    for i, weight in enumerate((None, "balanced")):
        params = LogRegParams(class_weight=weight)
        oof = _out_of_fold(lambda p=params: LogRegScorer(params=p), X, y, seed)
        raw = yield from scaled_steps(oof, i / 2, 1 / 2)
        scores[weight] = roc_auc_score(y, raw)
    better = scores["balanced"] > scores[None] + TIE_TOLERANCE
    return replace(LogRegParams(), class_weight="balanced" if better else None)


def choose_model(roc_auc: dict[str, float]) -> str:
    """The best ROC-AUC; models within TIE_TOLERANCE of it are ties, won by the simpler one."""
    usable = {name: auc for name, auc in roc_auc.items() if np.isfinite(auc)}
    if not usable:
        raise ValueError("no model could be evaluated")
    best = max(usable.values())
    return next(name for name in MODEL_NAMES
                if name in usable and usable[name] >= best - TIE_TOLERANCE)


# ---------------------------------------------------------------------------- the comparison

MIN_CUSTOMERS = 50
MIN_PER_CLASS = 10
KFOLD_SPLITS = 5
PROGRESS_TOTAL = 1000
_FEATURE_SHARE = 0.08
_MODEL_SHARE = {"recency": 0.01, "bgnbd": 0.05, "logreg": 0.12, "gbm": 0.24, "neural": 0.50}


def check_window(labels: pd.Series, cutoff: pd.Timestamp, horizon_days: int) -> str | None:
    """None when a labelled window can train or test a model, else what is missing."""
    n, churned = len(labels), int(labels.sum())
    if n < MIN_CUSTOMERS:
        return (f"Churn prediction needs at least {MIN_CUSTOMERS} customers who bought on or "
                f"before {cutoff:%Y-%m-%d}; this shop has {n}.")
    if churned < MIN_PER_CLASS or n - churned < MIN_PER_CLASS:
        return (f"Churn prediction needs at least {MIN_PER_CLASS} customers who stopped buying "
                f"and {MIN_PER_CLASS} who came back within {horizon_days} days after "
                f"{cutoff:%Y-%m-%d}; this shop has {churned} and {n - churned}.")
    return None


def _span_message(horizon_days: int, span: int) -> str:
    return (f"Churn prediction needs at least two {horizon_days}-day periods of history; "
            f"this shop has {span} days. Import a longer order history or choose a shorter "
            "horizon.")


def plan_validation(days: pd.DataFrame, last_day: pd.Timestamp, cutoff: pd.Timestamp,
                    horizon_days: int) -> tuple[str, pd.Timestamp | None, pd.Series]:
    """('out-of-time', train cutoff, test labels) when there is a full horizon of history
    before the training cutoff and both windows have enough customers of each kind, else
    ('k-fold', None, labels); NotEnoughHistory when neither works."""
    if horizon_days < 1:
        raise ValueError("the churn horizon must be at least one day")
    first_day = days["day"].min() if len(days) else last_day
    span = int((last_day - first_day).days) + 1  # days of history, both ends included
    if cutoff + pd.Timedelta(days=horizon_days) > last_day:
        if span < 2 * horizon_days:
            raise NotEnoughHistory(_span_message(horizon_days, span))
        latest = last_day - pd.Timedelta(days=horizon_days)
        raise NotEnoughHistory(
            f"Churn needs {horizon_days} days after the cutoff to see who came back, and the "
            f"data ends on {last_day:%Y-%m-%d}; choose a cutoff on or before {latest:%Y-%m-%d}.")
    test = churn_labels(None, cutoff, horizon_days, days=days)
    problem = check_window(test, cutoff, horizon_days)
    if problem:
        raise NotEnoughHistory(_span_message(horizon_days, span) if span < 2 * horizon_days
                               else problem)
    train_cutoff = cutoff - pd.Timedelta(days=horizon_days)
    if (train_cutoff - first_day).days >= horizon_days:
        train = churn_labels(None, train_cutoff, horizon_days, days=days)
        if check_window(train, train_cutoff, horizon_days) is None:
            return "out-of-time", train_cutoff, test
    return "k-fold", None, test


def iter_compare_models(lines: pd.DataFrame, events: pd.DataFrame | None, *, cutoff: object,
                        horizon_days: int, seed: int = 0,
                        ) -> Generator[Progress, None, ChurnReport]:
    """compare_models as a job step: yields Progress between models and per network epoch."""
    clock = time.perf_counter()
    cutoff, horizon_days = as_day(cutoff), int(horizon_days)
    days = purchase_days(lines)
    last_day = as_day(shop_time(lines).max()) if len(lines) else cutoff
    validation, train_cutoff, y_test = plan_validation(days, last_day, cutoff, horizon_days)
    yield Progress(0, PROGRESS_TOTAL, "Churn: computing customer features")
    X_test = churn_features(lines, events, cutoff).loc[y_test.index]
    if train_cutoff is not None:
        y_train = churn_labels(None, train_cutoff, horizon_days, days=days)
        X_train = churn_features(lines, events, train_cutoff).loc[y_train.index]
    features_s = time.perf_counter() - clock
    done = _FEATURE_SHARE
    report = ChurnReport(cutoff=cutoff, horizon_days=horizon_days, validation=validation,
                         customers=len(y_test), churn_rate=float(y_test.mean()), metrics={},
                         chosen="", curves={}, train_cutoff=train_cutoff, seed=seed)
    if train_cutoff is not None:
        report.train_customers, report.train_churn_rate = len(y_train), float(y_train.mean())
    y = y_test.to_numpy(dtype=int)
    for name in MODEL_NAMES:
        started = time.perf_counter()
        title = MODEL_TITLES[name]
        yield Progress(int(done * PROGRESS_TOTAL), PROGRESS_TOTAL, f"Churn: training {title}")
        if train_cutoff is not None:
            work = _out_of_time(name, X_train, y_train.to_numpy(dtype=int), X_test,
                                horizon_days=horizon_days, seed=seed)
        else:
            work = _k_fold(name, X_test, y, horizon_days=horizon_days, seed=seed)
        try:
            result = yield from step_progress(scaled_steps(work, done, _MODEL_SHARE[name]),
                                             f"Churn: training {title}")
        except NotEnoughData as problem:
            result = None
            report.notes.append(f"{title} could not be fitted: {problem}")
            log.info("churn model %s skipped: %s", name, problem)
        done += _MODEL_SHARE[name]
        if result is None:
            continue
        probabilities, threshold, params = result
        report.metrics[name] = evaluate(y, probabilities, threshold)
        report.curves[name] = curve_points(y, probabilities)
        report.params[name] = _as_dict(params)
        report.seconds[name] = time.perf_counter() - started
    report.seconds["features"] = features_s
    report.chosen = choose_model({n: m.roc_auc for n, m in report.metrics.items()})
    report.seconds["total"] = time.perf_counter() - clock
    yield Progress(PROGRESS_TOTAL, PROGRESS_TOTAL, "Churn: models compared")
    return report


def step_progress(steps: Generator[Step, None, Any], text: str
                  ) -> Generator[Progress, None, Any]:
    """(fraction, detail) steps as Progress records of PROGRESS_TOTAL, passing the result on."""
    while True:
        try:
            fraction, detail = next(steps)
        except StopIteration as stop:
            return stop.value
        message = f"{text} ({detail})" if detail else text
        yield Progress(int(fraction * PROGRESS_TOTAL), PROGRESS_TOTAL, message)


def _as_dict(params: Any) -> dict[str, Any]:
    if params is None:
        return {}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(params).items()}


def _out_of_time(name: str, X_train: pd.DataFrame, y_train: np.ndarray, X_test: pd.DataFrame,
                 *, horizon_days: int, seed: int,
                 ) -> Generator[Step, None, tuple[np.ndarray, float, Any]]:
    model = yield from fit_model(name, X_train, y_train, horizon_days=horizon_days, seed=seed)
    return model.predict_proba(X_test), model.threshold, model.params


def _k_fold(name: str, X: pd.DataFrame, y: np.ndarray, *, horizon_days: int, seed: int,
            ) -> Generator[Step, None, tuple[np.ndarray, np.ndarray, Any]]:
    """Each customer scored by a model trained (and calibrated, and thresholded) on the other
    folds; the thresholds are per fold, so precision and recall use each fold's own."""
    probabilities, thresholds = np.empty(len(y)), np.empty(len(y))
    folds = _folds(y, KFOLD_SPLITS, seed)
    params = None
    for i, (fit_rows, held_rows) in enumerate(folds):
        model = yield from scaled_steps(
            fit_model(name, X.iloc[fit_rows], y[fit_rows], horizon_days=horizon_days,
                      seed=seed, params=params), i / len(folds), 1 / len(folds))
        params = model.params
        probabilities[held_rows] = model.predict_proba(X.iloc[held_rows])
        thresholds[held_rows] = model.threshold
    return probabilities, thresholds, params


def compare_models(lines: pd.DataFrame, events: pd.DataFrame | None, *, cutoff: object,
                   horizon_days: int, seed: int = 0,
                   progress: Callable[[Progress], None] | None = None) -> ChurnReport:
    """Train and validate every churn model on the same split and metrics (see ChurnReport).

    Raises NotEnoughHistory (plain message) when the data cannot support it.
    """
    steps = iter_compare_models(lines, events, cutoff=cutoff, horizon_days=horizon_days,
                                seed=seed)
    while True:
        try:
            step = next(steps)
        except StopIteration as stop:
            return stop.value
        if progress is not None:
            progress(step)
