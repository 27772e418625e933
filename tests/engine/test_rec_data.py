"""Interaction data: id maps, confidence, model API masks and splits, on a hand-made shop."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.recommenders.base import NotEnoughData, Recommender, check_enough
from engine.recommenders.baselines import PopularityRecommender
from engine.recommenders.data import (
    Interactions,
    InteractionWeights,
    interactions_from_frames,
    interactions_from_ratings,
    last_basket_split,
    random_split,
    time_split,
)

DAY0 = pd.Timestamp("2024-01-01")
NAMES = {"A": "red mug", "B": "blue mug", "C": "green teapot", "D": "tea towel",
         "E": "candle", "F": "vase", "POST": "postage"}


def line(customer, order, day, sku, quantity=1.0, *, status="completed"):
    return {"customer": customer, "order_id": order, "placed_at": DAY0 + pd.Timedelta(days=day),
            "status": status, "product_id": float(list(NAMES).index(sku) + 1), "sku": sku,
            "product": NAMES[sku], "category": "kitchen" if sku in "ABCD" else "home",
            "quantity": quantity, "unit_price": 2.0, "amount": 2.0 * quantity,
            "is_return": quantity < 0, "is_non_product": sku == "POST"}


def event(customer, day, sku, kind, value=np.nan):
    return {"customer": customer, "visitor_id": None, "session": None,
            "product_id": float(list(NAMES).index(sku) + 1), "sku": sku, "product": NAMES[sku],
            "category": "kitchen", "kind": kind, "value": value,
            "occurred_at": DAY0 + pd.Timedelta(days=day)}


def tiny_lines() -> pd.DataFrame:
    rows = [
        # c1: A bought twice (2 units per line), then both lines returned: counts 0.
        line("c1", 1, 0, "A", 2), line("c1", 1, 0, "POST"), line("c1", 2, 5, "A", 2),
        line("c1", 3, 9, "A", -4, status="cancelled"),
        # c1: B bought on two lines; E only on a cancelled order (not a purchase).
        line("c1", 4, 10, "B"), line("c1", 5, 20, "B"), line("c1", 6, 21, "E", status="cancelled"),
        # c2: 4 units of C, 2 returned: half a purchase.
        line("c2", 7, 1, "C", 4), line("c2", 8, 3, "C", -2), line("c2", 7, 1, "D"),
        # an unknown customer buys everything: ignored.
        line(None, 9, 2, "F"), line(None, 9, 2, "E"),
    ]
    for n, customer in enumerate(("c3", "c4", "c5", "c6")):
        for k, sku in enumerate(("B", "D", "E", "F", "POST")):
            rows.append(line(customer, 20 + n * 10 + k, 4 + n + 7 * k, sku))
    return pd.DataFrame(rows)


def tiny_events() -> pd.DataFrame:
    return pd.DataFrame([event("c1", 11, "C", "view"), event("c1", 12, "C", "view"),
                         event("c1", 13, "C", "view"), event("c1", 14, "D", "cart"),
                         event("c2", 15, "F", "wishlist"), event(None, 15, "A", "view"),
                         event("c7", 16, "F", "rating", 4.0), event("c7", 30, "F", "rating", 2.0),
                         event("c7", 17, "B", "search")])


@pytest.fixture
def shop() -> Interactions:
    return interactions_from_frames(tiny_lines(), tiny_events())


def cell(data: Interactions, matrix, customer: str, sku: str) -> float:
    return float(matrix[data.users.get_loc(customer), data.items.get_loc(sku)])


def test_id_maps_keep_known_customers_and_flag_non_products(shop):
    assert list(shop.users) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]
    assert list(shop.items) == sorted(NAMES)
    info = shop.item_info.set_index("sku")
    assert info.loc["POST", "is_non_product"] and not info.loc["A", "is_non_product"]
    assert info.loc["C", "name"] == "green teapot"
    assert shop.items.get_loc("POST") not in set(shop.log["item"])  # postage is not taste
    assert shop.log["user"].dtype == np.int32 and shop.log["weight"].dtype == np.float32
    assert str(shop.log["time"].dtype) == "datetime64[us]"
    assert "search" not in set(shop.log["kind"])


def test_confidence_nets_returns_and_weights_browsing(shop):
    conf = shop.confidence()
    assert conf.shape == (7, 7) and conf.dtype == np.float32
    assert cell(shop, conf, "c1", "A") == 0.0  # bought and fully returned
    assert cell(shop, conf, "c1", "B") == pytest.approx(2.0)  # two lines
    assert cell(shop, conf, "c1", "C") == pytest.approx(0.3)  # three views
    assert cell(shop, conf, "c1", "D") == pytest.approx(0.3)  # one cart
    assert cell(shop, conf, "c1", "E") == 0.0  # cancelled order
    assert cell(shop, conf, "c2", "C") == pytest.approx(0.5)  # half returned
    assert cell(shop, conf, "c2", "F") == pytest.approx(0.3)  # wishlist
    assert cell(shop, conf, "c7", "F") == pytest.approx(1.0)  # rated twice: interest once
    heavy_views = shop.confidence(InteractionWeights(view=0.5))
    assert cell(shop, heavy_views, "c1", "C") == pytest.approx(1.5)


def test_weights_round_trip():
    weights = InteractionWeights(view=0.2, cart=0.5)
    assert InteractionWeights.from_dict(weights.to_dict()) == weights


def test_implicit_sets_ratings_and_seen(shop):
    sets = shop.implicit_sets()
    assert set(sets.data) == {1.0}
    assert cell(shop, sets, "c1", "C") == 1 and cell(shop, sets, "c1", "D") == 1
    ratings = shop.ratings()
    assert len(ratings) == 1 and ratings["rating"].iloc[0] == 2.0  # the last one counts
    assert ratings["rating"].dtype == np.float32
    seen = shop.seen()
    assert cell(shop, seen, "c1", "A") == 1 and cell(shop, seen, "c1", "C") == 0
    assert interactions_from_frames(tiny_lines(), None).ratings() is None


def test_event_purchases_used_only_without_orders():
    events = pd.concat([tiny_events(), pd.DataFrame([event("c2", 5, "E", "purchase")])])
    with_orders = interactions_from_frames(tiny_lines(), events)
    assert cell(with_orders, with_orders.confidence(), "c2", "E") == 0.0
    clicks_only = interactions_from_frames(tiny_lines().iloc[:0], events)
    assert cell(clicks_only, clicks_only.confidence(), "c2", "E") == 1.0


class Fixed(Recommender):
    """Scores postage highest, then items in reverse order: to see the masks at work."""

    name = "fixed"

    def _fit(self, train):
        self.scores_ = np.arange(train.n_items, 0, -1, dtype=np.float32)
        self.scores_[train.items.get_loc("POST")] = 100.0

    def score_items(self, users):
        return np.tile(self.scores_, (len(users), 1))


def test_recommend_masks_non_products_and_seen_items(shop):
    model = Fixed().fit(shop)
    c1 = shop.users.get_loc("c1")
    items, scores = model.recommend(np.array([c1]), n=len(NAMES))
    names = list(shop.items[items[0][np.isfinite(scores[0])]])
    assert "POST" not in names
    assert "A" not in names and "B" not in names  # bought (even if returned)
    assert "C" in names and "D" in names  # only viewed or carted: still worth suggesting
    items, scores = model.recommend(np.array([c1]), n=3, exclude_seen=False)
    assert [shop.items[i] for i in items[0]] == ["A", "B", "C"]
    assert scores.dtype == np.float32 and items.shape == (1, 3)
    assert model.reason(c1, shop.items.get_loc("C")) == "viewed 3 times"
    with pytest.raises(NotImplementedError):
        model.predict(np.array([0]), np.array([0]))


def test_fit_reports_one_epoch_and_closing_cancels(shop):
    reports = []
    model = PopularityRecommender().fit(shop, callback=reports.append)
    assert model.name == "popularity" and len(reports) == 1 and reports[0].epochs == 1
    before = model.recommend(np.arange(shop.n_users), n=3)[0]
    steps = PopularityRecommender().iter_fit(shop)
    assert next(steps).epoch == 1
    steps.close()  # the cancel: the model already in use is untouched
    assert np.array_equal(model.recommend(np.arange(shop.n_users), n=3)[0], before)


def test_not_enough_data_on_a_three_customer_shop():
    lines = tiny_lines()
    small = interactions_from_frames(lines[lines["customer"].isin(["c1", "c2", "c3"])], None)
    with pytest.raises(NotEnoughData, match=r"at least 5 customers.*this shop has 3"):
        check_enough(small)
    with pytest.raises(NotEnoughData):
        PopularityRecommender().fit(small)


def ratings_frame(n_users=30, n_items=40, seed=1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pairs = rng.choice(n_users * n_items, size=n_users * n_items // 3, replace=False)
    return pd.DataFrame({"user": pairs // n_items, "item": pairs % n_items,
                         "rating": rng.integers(1, 6, len(pairs)),
                         "time": 1_000_000 + rng.integers(0, 10**7, len(pairs))})


def test_ratings_input_and_random_split_is_seeded_disjoint_and_same_mapped():
    data = interactions_from_ratings(ratings_frame())
    assert data.n_users == 30 and data.n_items == 40 and len(data.ratings()) == len(data.log)
    train, test = random_split(data, test_fraction=0.2, seed=3)
    assert len(test.log) == round(0.2 * len(data.log))
    assert len(train.log) + len(test.log) == len(data.log)
    pairs = [set(zip(part.log["user"], part.log["item"], strict=True)) for part in (train, test)]
    assert not pairs[0] & pairs[1]
    assert train.users.equals(data.users) and test.items.equals(data.items)
    again, _ = random_split(data, test_fraction=0.2, seed=3)
    other, _ = random_split(data, test_fraction=0.2, seed=4)
    assert again.log.equals(train.log) and not other.log.equals(train.log)


def test_random_split_of_shop_data_keeps_browsing_with_ratings(shop):
    train, test = random_split(shop, test_fraction=0.5, seed=0)
    assert set(test.log["kind"]) <= {"rating"}  # only rating pairs are held out
    assert len(train.log) + len(test.log) == len(shop.log)


def test_time_split_holds_out_the_last_days_of_known_users_and_items(shop):
    train, test = time_split(shop, days=10)
    cutoff = shop.log["time"].max() - pd.Timedelta(days=10)
    assert (train.log["time"] <= cutoff).all() and (test.log["time"] > cutoff).all()
    assert set(test.log["user"]) <= set(train.log["user"])
    assert set(test.log["item"]) <= set(train.log["item"])
    dropped = (shop.log["time"] > cutoff).sum() - len(test.log)
    assert test.cold_start["rows_dropped"] == dropped
    assert train.users.equals(shop.users)


def test_last_basket_split_takes_each_repeat_buyers_last_purchase_day(shop):
    train, test = last_basket_split(shop)
    c1 = shop.users.get_loc("c1")
    held = test.log[test.log["user"] == c1]
    assert set(held["time"].dt.floor("D")) == {DAY0 + pd.Timedelta(days=20)}
    assert shop.users.get_loc("c7") not in set(test.log["user"])  # no purchases
    assert (train.log[train.log["user"] == c1]["time"] < DAY0 + pd.Timedelta(days=20)).all()
