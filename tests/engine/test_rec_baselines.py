"""Baselines: they rank sensibly on real data, explain themselves, and content serves new items."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.recommenders.baselines import (
    ItemKNNRecommender,
    PopularityRecommender,
    RecentPopularityRecommender,
    cosine_neighbours,
)
from engine.recommenders.content import ContentRecommender
from engine.recommenders.data import (
    interactions_from_frames,
    interactions_from_ratings,
    random_split,
    time_split,
)
from engine.recommenders.metrics import topn_metrics
from tests.conftest import data_file
from tests.engine.test_rec_data import NAMES, line, tiny_events, tiny_lines


@pytest.fixture
def shop():
    return interactions_from_frames(tiny_lines(), tiny_events())


def test_popularity_ranks_by_customers_and_says_so(shop):
    model = PopularityRecommender().fit(shop)
    c2 = shop.users.get_loc("c2")
    items, _ = model.recommend(np.array([c2]), n=3)
    # B is bought by five customers, E and F by four; D by five too, but c2 bought it.
    assert {shop.items[i] for i in items[0]} == {"B", "E", "F"}
    assert model.reason(c2, shop.items.get_loc("B")) == "popular: bought by 5 customers"


def test_recent_popularity_counts_only_the_last_days(shop):
    model = RecentPopularityRecommender(days=5).fit(shop)
    assert model.days == 5
    recent = {shop.items[i] for i in np.flatnonzero(model.recent_)}
    last = shop.log["time"].max() - pd.Timedelta(days=5)
    bought = shop.log[(shop.log["time"] > last) & (shop.log["kind"] == "purchase")]
    assert recent == {shop.items[i] for i in bought["item"]}
    assert "in the last 5 days" in model.reason(0, int(np.argmax(model.scores_)))


def test_cosine_neighbours_by_hand():
    import scipy.sparse as sp

    matrix = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1]], dtype=np.float32))
    sim = cosine_neighbours(matrix, neighbours=1, shrink=0.0).toarray()
    assert sim[1, 0] == pytest.approx(2 / np.sqrt(2 * 3), rel=1e-5)  # item 0's neighbour
    assert sim[2, 0] == 0 and np.all(np.diag(sim) == 0)
    assert (sim > 0).sum(axis=0).max() == 1  # one neighbour kept per item


def test_itemknn_explains_with_something_the_customer_bought(shop):
    model = ItemKNNRecommender(neighbours=10, shrink=0.0).fit(shop)
    c2 = shop.users.get_loc("c2")
    items, _ = model.recommend(np.array([c2]), n=2)
    reason = model.reason(c2, int(items[0, 0]))
    assert reason.startswith("customers who bought ") and reason.endswith(" also bought this")
    assert any(NAMES[sku] in reason for sku in ("C", "D"))


def test_content_similar_items_share_words_and_serve_new_products():
    lines = tiny_lines()
    extra = [line(c, 90 + n, 30, "A") for n, c in enumerate(("c3", "c4", "c5", "c6"))]
    lines = pd.concat([lines, pd.DataFrame(extra)], ignore_index=True)
    new = {"customer": "c9", "occurred_at": pd.Timestamp("2024-02-01"), "kind": "view",
           "sku": "NEW", "product": "yellow mug", "category": "kitchen", "value": np.nan}
    data = interactions_from_frames(lines, pd.DataFrame([new]))
    model = ContentRecommender().fit(data)
    red_mug = data.items.get_loc("A")
    similar, scores = model.similar_items(red_mug, n=3)
    names = list(data.item_info["name"].iloc[similar])
    assert set(names[:2]) == {"blue mug", "yellow mug"} and (scores > 0).all()
    assert data.items.get_loc("POST") not in similar and red_mug not in similar
    # A customer who bought the red mug gets the mug nobody bought yet, with a reason.
    c3 = data.users.get_loc("c3")
    scores = model.score_items(np.array([c3]))[0]
    fresh = data.items.get_loc("NEW")
    assert scores[fresh] > scores[data.items.get_loc("C")]
    assert model.reason(c3, fresh) == "similar to red mug you bought"


@pytest.fixture(scope="module")
def movielens_split():
    path = data_file("ml-100k", "u.data")
    frame = pd.read_csv(path, sep="\t", names=["user", "item", "rating", "time"])
    return random_split(interactions_from_ratings(frame), test_fraction=0.2, seed=0)


@pytest.mark.slow
def test_itemknn_beats_popularity_on_movielens(movielens_split):
    train, test = movielens_split
    popular = topn_metrics(PopularityRecommender().fit(train), train, test)
    knn = topn_metrics(ItemKNNRecommender().fit(train), train, test)
    assert popular["users"] == knn["users"] > 900
    assert knn["ndcg@10"] > popular["ndcg@10"] + 0.05
    assert knn["coverage"] > popular["coverage"]


@pytest.mark.slow
def test_online_retail_last_60_days(retail_lines):
    data = interactions_from_frames(retail_lines, None)
    assert 4000 < data.n_users < 5000 and 3000 < data.n_items < 5000
    train, test = time_split(data, days=60)
    assert 0.6 < len(train.log) / len(data.log) < 0.85
    assert test.cold_start["new_users"] > 100  # customers who first bought in the last weeks
    popular = topn_metrics(PopularityRecommender().fit(train), train, test)
    knn = topn_metrics(ItemKNNRecommender().fit(train), train, test)
    content = topn_metrics(ContentRecommender().fit(train), train, test)
    assert popular["users"] > 1000
    assert knn["recall@20"] > popular["recall@20"]
    assert content["coverage"] > popular["coverage"]
    # Non-products (postage, fees) are in the id map but never recommended.
    postage = np.flatnonzero(~train.recommendable())
    assert len(postage)
    items, _ = ItemKNNRecommender().fit(train).recommend(np.arange(200), n=20)
    assert not np.isin(items, postage).any()
