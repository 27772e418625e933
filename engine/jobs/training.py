"""Use cases: train a recommender on the shop's data, and read what it recommends.

A run is measured on a holdout (ratings: a seeded random 20 %; shop data: the last 60 days, or
each customer's last basket when the history is short), then refitted on all the data to serve,
and stored with every customer's top-N and a reason for each item. Closing the job at any yield
cancels it: the run is recorded as cancelled and the active model stays as it was.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from engine.device import load_torch
from engine.recommenders.base import EpochProgress, EpochReport, Recommender, check_enough
from engine.recommenders.data import (
    Interactions,
    interactions_from_frames,
    last_basket_split,
    random_split,
    time_split,
)
from engine.recommenders.metrics import mae, rmse, topn_metrics
from storage.database import create_db_engine, user_data_dir
from storage.progress import Progress
from storage.queries import (
    behaviour_events,
    model_runs,
    sales_lines,
    save_run,
    stored_recommendations,
)

log = logging.getLogger(__name__)

MODEL_NAMES = ("svdpp", "vae", "sequence", "propensity", "popularity", "itemknn", "content")
HOLDOUT_DAYS = 60
TORCH_MODELS = ("svdpp", "vae", "sequence", "propensity")


@dataclass(frozen=True)
class TrainOptions:
    model: str
    epochs: int | None = None
    factors: int | None = None
    accurate: bool = False
    device: str = "auto"
    seed: int = 0
    top_n: int = 10


@dataclass(frozen=True)
class TrainResult:
    run_id: int
    model: str
    device: str
    fit_seconds: float
    metrics: dict[str, float]
    split: dict
    curves: list[dict] = field(default_factory=list)
    customers: int = 0


def build_model(options: TrainOptions, *, explicit: bool) -> Recommender:
    """The model named in `options`, with the CLI's overrides applied to its defaults."""
    name = options.model
    common = {"seed": options.seed}
    torch_common = {**common, "device": options.device}
    if name == "svdpp":
        from engine.recommenders.svdpp import SVDppRecommender

        params = (SVDppRecommender.accurate_params(implicit=not explicit) if options.accurate
                  else SVDppRecommender.default_params(implicit=not explicit))
        params = {**params, **torch_common, "implicit": not explicit}
        params.update({k: v for k, v in (("epochs", options.epochs),
                                         ("factors", options.factors)) if v})
        return SVDppRecommender(**params)
    if name in ("vae", "sequence", "propensity"):
        from engine.recommenders import neural

        cls = {"vae": neural.MultVAERecommender, "sequence": neural.SequenceRecommender,
               "propensity": neural.PropensityRecommender}[name]
        extra = {"epochs": options.epochs} if options.epochs else {}
        return cls(**torch_common, **extra)
    if name == "popularity":
        from engine.recommenders.baselines import PopularityRecommender

        return PopularityRecommender()
    if name == "itemknn":
        from engine.recommenders.baselines import ItemKNNRecommender

        return ItemKNNRecommender()
    if name == "content":
        from engine.recommenders.content import ContentRecommender

        return ContentRecommender()
    raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")


def holdout(data: Interactions, *, explicit: bool, seed: int = 0,
            ) -> tuple[Interactions, Interactions, dict]:
    if explicit:
        train, test = random_split(data, test_fraction=0.2, seed=seed)
        return train, test, {"kind": "random", "test_fraction": 0.2, "seed": seed}
    span = (data.log["time"].max() - data.log["time"].min()).days if len(data.log) else 0
    if span >= 3 * HOLDOUT_DAYS:
        train, test = time_split(data, days=HOLDOUT_DAYS)
        return train, test, {"kind": "last days", "days": HOLDOUT_DAYS}
    train, test = last_basket_split(data)
    return train, test, {"kind": "last basket"}


def train_job(db_path: Path | str, options: TrainOptions,
              ) -> Generator[Progress, None, TrainResult]:
    if options.model not in MODEL_NAMES:
        raise ValueError(f"unknown model {options.model!r}; choose one of "
                         f"{', '.join(MODEL_NAMES)}")
    yield Progress(0, 0, "Reading the shop's sales and browsing")
    if options.model in TORCH_MODELS:
        load_torch()  # before the data, one thread at a time: see engine.device.load_torch
    engine = create_db_engine(db_path)
    started_at = datetime.now(UTC).replace(tzinfo=None)
    curves: list[dict] = []
    run: dict = {}
    try:
        lines, events = sales_lines(engine), behaviour_events(engine)
        data = interactions_from_frames(lines, events)
        check_enough(data)
        explicit = options.model == "svdpp" and data.ratings() is not None
        train, test, split = holdout(data, explicit=explicit, seed=options.seed)
        split.update(train_rows=len(train.log), test_rows=len(test.log))
        model = build_model(options, explicit=explicit)
        run = {"model": options.model, "params": _params(model), "device": _device(options),
               "started_at": started_at, "split": split, "curves": curves, "metrics": {}}
        clock = time.perf_counter()
        yield from _fit(model, train, curves, "Training on the holdout split", "holdout")
        fit_seconds = time.perf_counter() - clock
        yield Progress(0, 0, "Measuring on the held-out data")
        metrics = _measure(model, train, test, explicit=explicit)
        final = build_model(options, explicit=explicit)
        if getattr(model, "best_epoch_", None) and not options.epochs:
            # The holdout fit found when validation stopped improving: the final fit stops
            # there too instead of waiting out the patience again (a third of a VAE's time).
            final.epochs = max(1, int(model.best_epoch_))
        yield from _fit(final, data, [], "Training on all the data", "final")
        yield Progress(0, 0, "Choosing products for every customer")
        recommendations = top_n(final, data, options.top_n)
        model_path = _save_model(final, options.model)
        run.update(status="completed", finished_at=datetime.now(UTC).replace(tzinfo=None),
                   fit_seconds=fit_seconds, metrics=metrics, model_path=model_path)
        run_id = save_run(engine, run, recommendations)
        return TrainResult(run_id, options.model, run["device"], fit_seconds, metrics, split,
                           curves, int(recommendations["customer"].nunique()))
    except GeneratorExit:
        if run:  # keep the cancelled run in the history; the active model does not change
            run.update(status="cancelled", finished_at=datetime.now(UTC).replace(tzinfo=None))
            save_run(engine, run, pd.DataFrame(columns=["customer", "rank", "sku", "score",
                                                        "reason"]), activate=False)
        raise
    finally:
        engine.dispose()


def _fit(model: Recommender, data: Interactions, curves: list[dict], what: str, stage: str,
         ) -> Generator[Progress, None, None]:
    """Fit with a Progress per report; epoch reports carry their curve point as the detail,
    tagged with `stage` ("holdout" or "final") so a live chart can tell the two fits apart."""
    steps = model.iter_fit(data)
    try:
        for report in steps:
            point = None
            if not isinstance(report, EpochProgress):  # mid-epoch reports are cancel points only
                point = _curve_point(report)
                curves.append(point)
            loss = f"loss {report.train_loss:.4f}"
            if report.val_loss is not None:
                loss += f", validation {report.val_loss:.4f}"
            yield Progress(report.epoch, report.epochs,
                           f"{what}: epoch {report.epoch} of {report.epochs}, {loss}",
                           {"stage": stage, **point} if point else None)
    finally:
        steps.close()


def _curve_point(report: EpochReport) -> dict:
    return {"epoch": report.epoch, "train_loss": report.train_loss,
            "val_loss": report.val_loss, "val_metric": report.val_metric,
            "metric": report.metric_name, "seconds": report.seconds}


def _measure(model: Recommender, train: Interactions, test: Interactions, *,
             explicit: bool) -> dict[str, float]:
    metrics: dict[str, float] = {}
    if explicit:
        ratings = test.ratings()
        predicted = model.predict(ratings["user"].to_numpy(), ratings["item"].to_numpy())
        metrics.update(rmse=rmse(ratings["rating"].to_numpy(), predicted),
                       mae=mae(ratings["rating"].to_numpy(), predicted))
    metrics.update(topn_metrics(model, train, test, ks=(10, 20)))
    return {k: float(v) for k, v in metrics.items()}


def top_n(model: Recommender, data: Interactions, n: int) -> pd.DataFrame:
    """Every customer's top-n with a reason: columns customer, rank, sku, score, reason."""
    users = np.arange(data.n_users)
    frames = []
    for start in range(0, len(users), 1024):
        batch = users[start:start + 1024]
        items, scores = model.recommend(batch, n)
        reason = getattr(model, "reason", None)
        for row, user in enumerate(batch):
            for rank in range(items.shape[1]):
                item = int(items[row, rank])
                if item < 0 or not np.isfinite(scores[row, rank]):
                    continue
                frames.append((data.users[user], rank + 1, data.items[item],
                               float(scores[row, rank]),
                               reason(int(user), item) if reason else "recommended for you"))
    return pd.DataFrame(frames, columns=["customer", "rank", "sku", "score", "reason"])


def _params(model: Recommender) -> dict:
    getter = getattr(model, "get_params", None)
    params = getter() if getter else {k: v for k, v in vars(model).items()
                                      if not k.endswith("_") and not k.startswith("_")}
    return {k: v for k, v in params.items() if isinstance(v, int | float | str | bool | None)}


def _device(options: TrainOptions) -> str:
    if options.model in ("popularity", "itemknn", "content"):
        return "CPU (no training on the GPU needed)"
    from engine.device import probe_device

    info = probe_device(options.device)
    return f"{info.kind}: {info.name}"


def _save_model(model: Recommender, name: str) -> str | None:
    save = getattr(model, "save", None)
    if save is None:
        return None
    folder = user_data_dir() / "models" / f"{name}-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}"
    folder.mkdir(parents=True, exist_ok=True)
    save(folder)
    return str(folder)


def recommendations_for(db_path: Path | str, customer: str, n: int = 10,
                        run_id: int | None = None) -> pd.DataFrame:
    """What the active (or the given) run recommends to `customer`."""
    engine = create_db_engine(db_path)
    try:
        return stored_recommendations(engine, customer, run_id).head(n)
    finally:
        engine.dispose()


def runs(db_path: Path | str) -> pd.DataFrame:
    engine = create_db_engine(db_path)
    try:
        return model_runs(engine)
    finally:
        engine.dispose()
