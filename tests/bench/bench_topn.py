"""Top-N benchmark: the neural recommenders against implicit's ALS, item-kNN and popularity.

Two data sets, each with one split that every model shares and one metric code
(engine.recommenders.metrics.topn_metrics):

- MovieLens 100K as implicit feedback: ratings of 4 or 5 are the positives (55,375 of them),
  lower ratings are dropped; a seeded random 80/20 holdout of (user, film) pairs (seed 0).
- UCI Online Retail from a database the real importer filled: purchases net of returns, the
  last 60 days held out (`time_split(days=60)`); relevant = products a customer buys in those
  days that they had not bought before.

Hyper-parameters are tuned honestly: every candidate is fitted on a validation split *of the
training part* (MovieLens: a further random 20 %, seed 1; Online Retail: its last 60 days) and
the best by validation NDCG@10 is refitted on the whole training part and measured once on the
test part. The test part is never used to choose anything. Fit seconds are those of that final
fit, on this machine's CPU; implicit's ALS uses its native threads, the PyTorch models one.

Run with `.venv/bin/python -m tests.bench topn` (about 15 minutes on 2 cores).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tests.bench import require_data
from tests.bench.report import Figure, Section, progress

NAME = "topn"
MOVIELENS = "ml-100k/u.data"
RETAIL_CSV = "online-retail/online_retail.csv"
KEYS = ("ndcg@10", "recall@20", "precision@10", "coverage")
ALS_REGULARIZATION = (0.01, 0.1, 1.0, 10.0, 30.0)
KNN_NEIGHBOURS = (50, 100, 200)
VAE_FUTURE = (0.0, 1.0)
VAE_BETA = (0.2, 0.5)
SEED = 0


# ---------------------------------------------------------------------------- the peer


def _als_class() -> type:
    """implicit's ALS wrapped in the Recommender API, so the same metric code scores it."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # implicit warns otherwise
    from implicit.als import AlternatingLeastSquares

    from engine.recommenders.base import Recommender

    class ImplicitALS(Recommender):
        """implicit.als.AlternatingLeastSquares (factors 64, 15 iterations, CPU, seeded)."""

        name = "implicit-als"

        def __init__(self, *, regularization: float = 0.01) -> None:
            self.regularization = regularization

        def _fit(self, train) -> None:
            self.model_ = AlternatingLeastSquares(factors=64, regularization=self.regularization,
                                                  iterations=15, use_gpu=False, random_state=0)
            self.model_.fit(train.confidence(), show_progress=False)

        def score_items(self, users: np.ndarray) -> np.ndarray:
            users = np.asarray(users, dtype=np.int64)
            return (self.model_.user_factors[users] @ self.model_.item_factors.T).astype(
                np.float32)

    return ImplicitALS


# ---------------------------------------------------------------------------- the data


@dataclass
class DataSet:
    label: str
    train: Any
    test: Any
    fit: Any  # the training part of the validation split of `train`
    val: Any
    split: str


def movielens(path: Path) -> DataSet:
    from engine.recommenders.data import interactions_from_ratings, random_split

    frame = pd.read_csv(path, sep="\t", names=["user", "item", "rating", "time"])
    data = interactions_from_ratings(frame[frame["rating"] >= 4])
    train, test = random_split(data, test_fraction=0.2, seed=SEED)
    fit, val = random_split(train, test_fraction=0.2, seed=SEED + 1)
    return DataSet("MovieLens 100K", train, test, fit, val,
                   "ratings ≥ 4 as positives, random 80/20 by pair, seed 0")


def online_retail(csv: Path, workdir: Path) -> DataSet:
    from engine.recommenders.data import interactions_from_frames, time_split
    from storage.database import create_db_engine
    from storage.importer import import_file
    from storage.queries import behaviour_events, sales_lines

    engine = create_db_engine(workdir / "retail.sqlite3")
    try:
        job = import_file(engine, csv)
        while True:
            try:
                next(job)
            except StopIteration:
                break
        data = interactions_from_frames(sales_lines(engine), behaviour_events(engine))
    finally:
        engine.dispose()
    train, test = time_split(data, days=60)
    fit, val = time_split(train, days=60)
    return DataSet("Online Retail", train, test, fit, val, "last 60 days held out")


# ---------------------------------------------------------------------------- candidates


@dataclass
class Candidate:
    model: str
    build: Callable[[], Any]
    params: dict[str, Any]


@dataclass
class Tuning:
    """Candidates tried on validation, and (optionally) a second round built from the best of
    the first (a full grid would take hours on a laptop)."""

    first: list[Candidate]
    then: Callable[[dict[str, Any]], list[Candidate]] | None = None


def candidates(data: DataSet) -> dict[str, Tuning]:
    """What is tried on validation, per model row of the table."""
    from engine.recommenders.baselines import ItemKNNRecommender, PopularityRecommender
    from engine.recommenders.neural import (
        MultVAERecommender,
        PropensityRecommender,
        SequenceRecommender,
    )

    als = _als_class()
    # Binary and log scaling differ only where confidence does (not on MovieLens positives).
    varied = np.unique(data.train.confidence().data).size > 1

    def neural(cls: type, **params: Any) -> Candidate:
        return Candidate(cls.name, lambda: cls(device="cpu", seed=SEED, **params), params)

    def binary_too(best: dict[str, Any]) -> list[Candidate]:
        return [neural(MultVAERecommender, **{**best, "scaling": "binary"})] if varied else []

    return {
        "popularity": Tuning([Candidate("popularity", PopularityRecommender, {})]),
        "item-kNN": Tuning([Candidate("itemknn", lambda k=k: ItemKNNRecommender(neighbours=k),
                                      {"neighbours": k}) for k in KNN_NEIGHBOURS]),
        "implicit ALS": Tuning([Candidate("als", lambda r=r: als(regularization=r),
                                          {"factors": 64, "iterations": 15,
                                           "regularization": r})
                                for r in ALS_REGULARIZATION]),
        "Mult-VAE": Tuning([neural(MultVAERecommender, future=f, beta=b, scaling="log")
                            for f in VAE_FUTURE for b in VAE_BETA], binary_too),
        "Sequence (GRU)": Tuning([neural(SequenceRecommender)]),
        "Propensity (MLP)": Tuning([neural(PropensityRecommender)]),
    }


# ---------------------------------------------------------------------------- measuring


@dataclass
class Result:
    row: str
    params: dict[str, Any]
    metrics: dict[str, float]
    fit_seconds: float
    validation: dict[str, float]  # validation NDCG@10 of each candidate tried
    tuning_seconds: float
    best_epoch: int | None


def _fit(candidate: Candidate, train: Any) -> tuple[Any, float]:
    model = candidate.build()
    started = time.perf_counter()
    model.fit(train)
    return model, time.perf_counter() - started


def measure(data: DataSet, row: str, tuning: Tuning) -> Result:
    from engine.recommenders.metrics import topn_metrics

    started = time.perf_counter()
    validation: dict[str, float] = {}
    best, best_score = tuning.first[0], -np.inf

    def try_all(tried: list[Candidate]) -> None:
        nonlocal best, best_score
        for candidate in tried:
            model, seconds = _fit(candidate, data.fit)
            score = topn_metrics(model, data.fit, data.val)["ndcg@10"]
            validation[_short(candidate.params)] = score
            progress(f"  {data.label} / {row} {_short(candidate.params)}: validation "
                     f"ndcg@10 {score:.4f} ({seconds:.1f} s)")
            if score > best_score:
                best, best_score = candidate, score

    if len(tuning.first) > 1 or tuning.then is not None:
        try_all(tuning.first)
        if tuning.then is not None:
            try_all(tuning.then(best.params))
    tuning_s = time.perf_counter() - started
    model, seconds = _fit(best, data.train)
    metrics = topn_metrics(model, data.train, data.test)
    progress(f"  {data.label} / {row}: ndcg@10 {metrics['ndcg@10']:.4f}, recall@20 "
             f"{metrics['recall@20']:.4f}, fit {seconds:.1f} s")
    return Result(row, best.params, metrics, seconds, validation, tuning_s,
                  getattr(model, "best_epoch_", None))


def _short(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items()) or "defaults"


# ---------------------------------------------------------------------------- figures


def _row_figure(data: DataSet, result: Result) -> Figure:
    m = result.metrics
    measured = ", ".join(f"{k} {m[k]:.4f}" for k in KEYS) + f"; fit {result.fit_seconds:.1f} s"
    chosen = _short(result.params)
    if result.best_epoch:
        chosen += f"; best epoch {result.best_epoch}"
    if result.validation:
        chosen += " (chosen on validation NDCG@10 from " + "; ".join(
            f"{k}: {v:.4f}" for k, v in result.validation.items()) + (
            f"; tuning took {result.tuning_seconds:.0f} s)")
    return Figure(f"{data.label}: {result.row}", measured, chosen)


OURS = ("Mult-VAE", "Sequence (GRU)", "Propensity (MLP)")
PEERS = ("implicit ALS", "item-kNN")


def _target_figure(data: DataSet, results: dict[str, Result]) -> Figure:
    ours = max((results[r] for r in OURS), key=lambda r: r.metrics["ndcg@10"])
    peers = [results[r] for r in PEERS]
    wins = all(ours.metrics[k] > p.metrics[k] for p in peers for k in ("ndcg@10", "recall@20"))
    versus = "; ".join(f"{p.row} {p.metrics['ndcg@10']:.4f} / {p.metrics['recall@20']:.4f}"
                       for p in peers)
    return Figure(f"{data.label}: our best ({ours.row}) NDCG@10 / Recall@20",
                  f"{ours.metrics['ndcg@10']:.4f} / {ours.metrics['recall@20']:.4f}", versus,
                  "above implicit ALS and item-kNN on both", wins)


def _timed_fit(model: Any, train: Any) -> tuple[list[Any], float]:
    """The model's reports and the longest wait between two of them (or before the first, or
    after the last): how long a cancel can take."""
    reports, gap, last = [], 0.0, time.perf_counter()
    for report in model.iter_fit(train):
        now = time.perf_counter()
        reports.append(report)
        gap, last = max(gap, now - last), now
    return reports, max(gap, time.perf_counter() - last)


def thread_figures(data: DataSet) -> list[Figure]:
    """Seconds per training epoch on 1 and 2 torch threads (what `common.THREADS` is set
    from), the median of 3 epochs of each neural model with early stopping off, and the
    longest wait between cancel points."""
    from engine.recommenders.neural import (
        MultVAERecommender,
        PropensityRecommender,
        SequenceRecommender,
        common,
    )

    figures = []
    chosen = common.THREADS
    try:
        for cls in (MultVAERecommender, SequenceRecommender, PropensityRecommender):
            seconds, gaps = {}, {}
            for threads in (1, 2):
                common.THREADS = threads
                model = cls(device="cpu", epochs=3, early_stopping=False, seed=SEED)
                reports, gaps[threads] = _timed_fit(model, data.train)
                seconds[threads] = float(np.median(
                    [r.seconds for r in reports if not isinstance(r, common.EpochProgress)]))
                progress(f"  {cls.name}: {threads} thread(s) {seconds[threads]:.2f} s/epoch, "
                         f"longest wait {gaps[threads]:.2f} s")
            figures.append(Figure(
                f"{data.label}: {cls.name} seconds per epoch, 1 vs 2 torch threads",
                f"{seconds[1]:.2f} s vs {seconds[2]:.2f} s",
                f"default parameters, median of 3 epochs; the models use {chosen}"))
            figures.append(Figure(
                f"{data.label}: {cls.name} longest wait between cancel points",
                f"{max(gaps.values()):.2f} s", "the same runs, from the start of iter_fit",
                "≤ 1 s", max(gaps.values()) <= 1.0))
    finally:
        common.THREADS = chosen
    return figures


def run() -> Section:
    ml_path, retail_path = require_data(MOVIELENS, RETAIL_CSV)
    figures: list[Figure] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="shopsense-bench-") as tmp:
        progress("topn: importing Online Retail into a temporary database")
        sets = [movielens(ml_path), online_retail(retail_path, Path(tmp))]
    for data in sets:
        progress(f"topn: {data.label}")
        results = {row: measure(data, row, tried) for row, tried in candidates(data).items()}
        figures += [_row_figure(data, r) for r in results.values()]
        figures.append(_target_figure(data, results))
        if data is sets[-1]:
            figures += thread_figures(data)
        users = next(iter(results.values())).metrics["users"]
        notes.append(f"{data.label}: {data.split}; {len(data.train.log):,} training and "
                     f"{len(data.test.log):,} test rows; {users:,} customers with a relevant "
                     f"test item evaluated; {data.train.n_items:,} items.")
    notes += [
        "Validation: each candidate is fitted on the training part minus a validation slice "
        "(MovieLens: random 20 % of pairs, seed 1; Online Retail: the last 60 days of the "
        "training part) and scored there; the best by NDCG@10 is refitted on the whole "
        "training part and scored once on the test part.",
        "Precision@10, Recall@20 and NDCG@10 count only products the customer did not have in "
        "training (recommend excludes those); coverage is the share of products that appear "
        "in any evaluated customer's top 10.",
        "The neural models early-stop on their own slice of the training data (NDCG@10) and "
        "run on one CPU thread; 'best epoch' is where they stopped improving.",
    ]
    return Section(NAME, "Top-N recommendations", figures, notes)
