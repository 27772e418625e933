"""Metrics on cases small enough to work out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.recommenders.base import Recommender
from engine.recommenders.data import interactions_from_ratings
from engine.recommenders.metrics import (
    _rank_metrics,
    mae,
    popularity_percentile,
    relevant_items,
    rmse,
    topn_metrics,
)


def test_rmse_and_mae():
    assert rmse([1, 2, 3], [1, 2, 5]) == pytest.approx(np.sqrt(4 / 3))
    assert mae([1, 2, 3], [2, 2, 5]) == pytest.approx(1.0)


def test_rank_metrics_by_hand():
    hits = np.array([[False, True, False, False],  # one relevant item, found at rank 2
                     [True, False, True, False]])  # two relevant, found at ranks 1 and 3
    out = _rank_metrics(hits, np.array([1, 2]), ks=(2, 4))
    assert out["ndcg@4"][0] == pytest.approx(1 / np.log2(3))
    assert out["ndcg@4"][1] == pytest.approx((1 + 1 / np.log2(4)) / (1 + 1 / np.log2(3)))
    assert out["map@4"][0] == pytest.approx(1 / 2)
    assert out["map@4"][1] == pytest.approx((1 + 2 / 3) / 2)
    assert out["map@2"][1] == pytest.approx(1 / 2)
    assert out["precision@2"].tolist() == [0.5, 0.5]
    assert out["recall@2"].tolist() == [1.0, 0.5]
    assert out["hitrate@2"].tolist() == [1.0, 1.0]


class Ranked(Recommender):
    """Ranks items by their index: item 0 first."""

    def _fit(self, train):
        pass

    def score_items(self, users):
        return np.tile(-np.arange(self.n_items_, dtype=np.float32), (len(users), 1))


def small_split():
    """30 items i00..i29 (index = number); u0 rated i00, i01 in training, u1 rated i25..i29;
    u2 appears only in the test part."""
    train_rows = [("u0", 0, 3), ("u0", 1, 5), ("u1", 25, 4), ("u1", 26, 4), ("u1", 27, 4),
                  ("u1", 28, 4), ("u1", 29, 2)] + [(f"x{n}", n, 3) for n in range(30)]
    test_rows = [("u0", 3, 5),  # rank 2 for u0 (i00 and i01 are seen, i02 comes first)
                 ("u0", 5, 2),  # rated low: not relevant
                 ("u1", 0, 4), ("u1", 24, 5),  # ranks 1 and 25 for u1
                 ("u2", 0, 5)]  # no training history: not evaluated
    frame = pd.DataFrame(train_rows + test_rows, columns=["user", "item", "rating"])
    frame["item"] = [f"i{n:02d}" for n in frame["item"]]
    frame["time"] = np.arange(len(frame))
    data = interactions_from_ratings(frame)
    test = np.zeros(len(data.log), dtype=bool)
    test[len(data.log) - len(test_rows):] = True  # the log is in time order
    return data.subset(~test), data.subset(test)


def test_topn_metrics_end_to_end():
    train, test = small_split()
    assert relevant_items(train, test).sum() == 4  # u2's is dropped later: no history
    out = topn_metrics(Ranked().fit(train), train, test, ks=(10, 20))
    assert out["users"] == 2
    u0_ndcg = (1 / np.log2(3)) / 1
    u1_ndcg = 1 / (1 + 1 / np.log2(3))
    assert out["ndcg@10"] == pytest.approx((u0_ndcg + u1_ndcg) / 2)
    assert out["recall@10"] == pytest.approx((1 + 0.5) / 2)
    assert out["precision@10"] == pytest.approx(0.1)
    assert out["map@10"] == pytest.approx((0.5 + 1 / 2) / 2)
    assert out["hitrate@20"] == 1.0
    # Top 10s: u0 gets i02..i11, u1 gets i00..i09: twelve of thirty items.
    assert out["coverage"] == pytest.approx(12 / 30)
    assert 0 < out["popularity_bias"] <= 1


def test_coverage_counts_top10_items_of_the_evaluated_users():
    train, test = small_split()
    out = topn_metrics(Ranked().fit(train), train, test, ks=(10,), users=np.array([1]))
    assert out["users"] == 1
    assert out["coverage"] == pytest.approx(10 / 30)


def test_popularity_percentile_ranks_items_by_customers():
    train, _ = small_split()
    percentile = popularity_percentile(train)
    assert percentile.max() == pytest.approx(1.0)
    assert percentile[0] == percentile[1] == percentile.max()  # u0 and x0/x1 rated them
    assert percentile[2] < percentile[0]
