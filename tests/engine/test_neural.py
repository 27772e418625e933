"""Neural recommenders: they learn something real in seconds, cancel cleanly, save and load
exactly, repeat themselves with the same seed, and refuse a handful of customers plainly."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from engine.recommenders.base import EpochReport, NotEnoughData
from engine.recommenders.baselines import PopularityRecommender
from engine.recommenders.data import interactions_from_ratings, random_split, time_split
from engine.recommenders.metrics import topn_metrics
from engine.recommenders.neural import (
    EpochProgress,
    MultVAERecommender,
    NeuralRecommender,
    PropensityRecommender,
    SequenceRecommender,
)
from engine.recommenders.neural.vae import Timeline, cut_rows
from tests.conftest import data_file

# Small and quick: each fit below takes a second or two on one CPU core (a higher learning
# rate than the defaults, which are tuned for full data sets, and few epochs).
FAST = {
    "vae": (MultVAERecommender, {"latent": 64, "future": 0.0, "beta": 0.5, "lr": 1e-2,
                                 "epochs": 40, "patience": 5}),
    "vae-future": (MultVAERecommender, {"latent": 64, "future": 1.0, "hidden": 100,
                                        "scaling": "binary", "lr": 1e-2, "epochs": 20,
                                        "patience": 5}),
    "sequence": (SequenceRecommender, {"lr": 5e-3, "batch_size": 16, "epochs": 15,
                                       "patience": 4}),
    "propensity": (PropensityRecommender, {"factors": 16, "batch_size": 512, "epochs": 6,
                                           "patience": 2}),
}


def make(name: str, **overrides) -> NeuralRecommender:
    cls, params = FAST[name]
    return cls(**{**params, "device": "cpu", **overrides})


@pytest.fixture(scope="module")
def movielens() -> pd.DataFrame:
    """The first 300 MovieLens users' ratings of 4 or 5: "liked" is the implicit signal."""
    frame = pd.read_csv(data_file("ml-100k", "u.data"), sep="\t",
                        names=["user", "item", "rating", "time"])
    return frame[(frame["user"] <= 300) & (frame["rating"] >= 4)]


@pytest.fixture(scope="module")
def random_holdout(movielens):
    return random_split(interactions_from_ratings(movielens), test_fraction=0.2, seed=0)


@pytest.fixture(scope="module")
def recent_holdout(movielens):
    """The last 30 days held out: what a sequence model is for."""
    return time_split(interactions_from_ratings(movielens), days=30)


@pytest.fixture(scope="module")
def fitted(random_holdout) -> dict[str, NeuralRecommender]:
    train, _test = random_holdout
    return {name: make(name).fit(train) for name in FAST}


# ---------------------------------------------------------------------------- accuracy


@pytest.mark.parametrize("name", ["vae", "propensity"])
def test_beats_popularity_on_a_random_holdout(name, random_holdout, fitted):
    train, test = random_holdout
    popular = topn_metrics(PopularityRecommender().fit(train), train, test)
    learned = topn_metrics(fitted[name], train, test)
    assert learned["ndcg@10"] > popular["ndcg@10"] + 0.01, (learned, popular)
    assert learned["coverage"] > popular["coverage"]


def test_sequence_beats_popularity_on_the_latest_days(recent_holdout):
    train, test = recent_holdout
    popular = topn_metrics(PopularityRecommender().fit(train), train, test)
    learned = topn_metrics(make("sequence").fit(train), train, test)
    assert test.log["user"].nunique() >= 20  # enough customers to mean something
    assert learned["ndcg@10"] > popular["ndcg@10"], (learned, popular)


def test_sequence_ranks_the_next_item_of_a_repeating_pattern():
    """Customers buy products 0, 1, ..., 7, 0, 1, ... one a day, each from a different start:
    the true next product should come out on top, far above chance (rank 3.5 of 8)."""
    rng = np.random.default_rng(0)
    rows = []
    for user in range(60):
        start, length = rng.integers(8), rng.integers(6, 20)
        for day in range(length):
            rows.append((f"u{user}", f"p{(start + day) % 8}", 5, 86400 * (1000 + day)))
    frame = pd.DataFrame(rows, columns=["user", "item", "rating", "time"])
    data = interactions_from_ratings(frame)
    model = SequenceRecommender(device="cpu", lr=1e-2, epochs=40, batch_size=16,
                                embedding=16, hidden=32, dropout=0.0, horizon=1,
                                early_stopping=False).fit(data)
    scores = model.score_items(np.arange(data.n_users))
    last = frame.groupby("user")["item"].last()
    expected = [data.items.get_loc(f"p{(int(last[u][1:]) + 1) % 8}") for u in data.users]
    ranks = (scores > scores[np.arange(len(expected)), expected][:, None]).sum(axis=1)
    assert ranks.mean() < 0.5, ranks


# ---------------------------------------------------------------------------- training


def test_reports_every_epoch_and_stops_early(random_holdout):
    train, _test = random_holdout
    model = make("vae", epochs=200, patience=3)
    reports: list[EpochReport] = []
    model.fit(train, callback=reports.append)
    epochs = [r for r in reports if not isinstance(r, EpochProgress)]
    assert [r.epoch for r in epochs] == list(range(1, len(epochs) + 1))
    assert len(epochs) < 200 and model.best_epoch_ == len(epochs) - 3
    assert all(r.metric_name == "ndcg@10" and 0 <= r.val_metric <= 1 for r in epochs)
    assert all(np.isfinite(r.train_loss) and r.seconds >= 0 for r in epochs)
    assert model.history_ == epochs


@pytest.mark.parametrize("name", list(FAST))
def test_cancel_keeps_the_previous_model(name, random_holdout, fitted):
    train, _test = random_holdout
    model = fitted[name]
    users = np.arange(train.n_users)
    before = model.score_items(users)
    steps = model.iter_fit(train.subset(np.arange(len(train.log)) % 2 == 0))
    next(steps)
    next(steps)
    started = time.perf_counter()
    steps.close()
    assert time.perf_counter() - started < 1.0
    np.testing.assert_array_equal(model.score_items(users), before)


@pytest.mark.parametrize("name", list(FAST))
def test_save_then_load_gives_identical_scores(name, random_holdout, fitted, tmp_path):
    train, _test = random_holdout
    model = fitted[name]
    model.save(tmp_path / name)
    loaded = NeuralRecommender.load(tmp_path / name)
    assert type(loaded) is type(model) and loaded.get_params() == model.get_params()
    users = np.arange(train.n_users)
    np.testing.assert_array_equal(loaded.score_items(users), model.score_items(users))
    for a, b in zip(loaded.recommend(users[:50], 10), model.recommend(users[:50], 10),
                    strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="does not hold"):
        other = SequenceRecommender if isinstance(model, MultVAERecommender) else (
            MultVAERecommender)
        other.load(tmp_path / name)


@pytest.mark.parametrize("name", list(FAST))
def test_same_seed_same_scores(name, random_holdout):
    train, _test = random_holdout
    users = np.arange(0, train.n_users, 7)
    first, again, other = (make(name, epochs=2, seed=seed).fit(train).score_items(users)
                           for seed in (0, 0, 1))
    np.testing.assert_array_equal(again, first)
    assert not np.array_equal(other, first)


def test_a_handful_of_customers_is_not_enough():
    frame = pd.DataFrame({"user": ["a", "a", "b", "c"], "item": ["x", "y", "x", "z"],
                          "rating": 5, "time": [1, 2, 3, 4]})
    data = interactions_from_ratings(frame)
    for name in FAST:
        with pytest.raises(NotEnoughData, match="at least"):
            make(name).fit(data)


# ---------------------------------------------------------------------------- use


@pytest.mark.parametrize("name", list(FAST))
def test_customers_for_item_are_ranked_non_buyers(name, random_holdout, fitted):
    train, _test = random_holdout
    model = fitted[name]
    item = int(np.argmax(np.diff(train.seen().tocsc().indptr)))  # the most bought
    users, scores = model.customers_for_item(item, 15)
    assert len(users) == 15 and np.all(np.diff(scores) <= 0)
    assert not train.seen()[users, item].toarray().any()
    column = model.score_items(users)[:, item]
    np.testing.assert_allclose(np.argsort(-column, kind="stable"), np.arange(15))


def test_propensity_probabilities_match_its_scores(fitted):
    model = fitted["propensity"]
    users, items = np.array([0, 1, 2]), np.array([5, 6, 7])
    proba = model.predict_proba(users, items)
    logits = model.score_items(users)[np.arange(3), items]
    assert np.all((proba > 0) & (proba < 1))
    np.testing.assert_allclose(proba, 1 / (1 + np.exp(-logits)), rtol=1e-4)


def test_future_cut_splits_a_history_at_a_purchase_day():
    line = Timeline(ptr=np.array([0, 4, 5]), items=np.array([0, 1, 2, 1, 3]),
                    days=np.array([0, 0, 5, 9, 2]), values=np.ones(5, dtype=np.float32))
    rng = np.random.default_rng(0)
    x, y = cut_rows(line, np.array([0, 1]), 4, 1.0, "binary", rng)
    assert x[0, 0] == 1 and x[0, 3] == 0  # day 0 is always before the cut
    assert y[0, 0] == 0 and y[0].sum() >= 1  # the target comes from a later day
    np.testing.assert_array_equal(x[1], y[1])  # one day only: nothing to cut
    x, y = cut_rows(line, np.array([0]), 4, 0.0, "binary", rng)
    np.testing.assert_array_equal(x[0], [1, 1, 1, 0])
    np.testing.assert_array_equal(x, y)
