"""Profiles: known answers on a hand-made shop, the real Online Retail and MovieLens data, and
the profile jobs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from engine.customers.profiles import (
    NO_ORDERS,
    POPULAR_IN_CATEGORIES,
    POPULAR_OVERALL,
    build_profiles,
    customer_profile,
)
from engine.jobs.profiles import (
    UnknownCustomer,
    profile_job,
    profile_to_json,
    profile_to_text,
    profiles_job,
)
from tests.conftest import data_file, run_job
from tests.engine.test_rfm import AS_OF, PRODUCTS, SEGMENTS, tiny_lines


def tiny_events() -> pd.DataFrame:
    """C looks at the gift card three times (never bought), the gift box four times (bought)
    and the garden products three times in all; D only browses."""
    views = [("C", "P4")] * 3 + [("C", "P3")] * 4 + [("C", "P5")] * 2 + [("C", "P6")]
    views += [("D", "P2")] * 2
    rows = []
    for i, (customer, sku) in enumerate(views):
        product_id, name, category, _ = PRODUCTS[sku]
        rows.append({"customer": customer, "customer_id": ord(customer), "visitor_id": None,
                     "session": None, "product_id": product_id, "sku": sku, "product": name,
                     "category": category, "kind": "view", "value": None,
                     "occurred_at": pd.Timestamp("2024-02-01") + pd.Timedelta(hours=i)})
    rows.append({**rows[0], "kind": "cart"})  # a cart counts like a view for latent needs
    return pd.DataFrame(rows)


def tiny_customers() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": [65, 66, 67, 68, 69], "customer": ["A", "B", "C", "D", "E"],
        "name": [None] * 5, "email": [None] * 5, "country": [None, None, None, "Spain", None],
        "age": [34, None, None, 51, None], "gender": ["F", None, None, "M", None],
        "occupation": [None] * 5, "zip": [None] * 5})


@pytest.fixture(scope="module")
def tiny() -> pd.DataFrame:
    return build_profiles(tiny_lines(), tiny_events(), tiny_customers(), AS_OF)


# ---------------------------------------------------------------------------- the tiny shop


def test_order_figures_of_the_tiny_shop(tiny: pd.DataFrame):
    a = tiny.loc["A"]
    assert (a["recency_days"], a["frequency"], a["orders"]) == (25, 2, 2)
    assert a["monetary"] == pytest.approx(35)  # 20 + 20 + 5 postage + 10 - 20 returned
    assert a["items"] == 4 and a["returned_items"] == 1  # postage is not an item
    assert a["return_rate"] == pytest.approx(0.25)
    assert a["average_order_value"] == pytest.approx((45 + 10) / 2)  # before the return
    assert a["first_purchase"] == pd.Timestamp("2024-01-01 10:05")
    assert a["tenure_days"] == 60
    e = tiny.loc["E"]
    assert e["monetary"] == pytest.approx(20) and e["items"] == 3 and e["returned_items"] == 2
    assert tiny["segment"].drop("D").isin(SEGMENTS).all()


def test_preferred_weekday_and_hour_come_from_the_shop_clock(tiny: pd.DataFrame):
    a = tiny.loc["A"]
    assert a["preferred_weekday"] == 0  # both purchases on a Monday
    assert a["preferred_hour"] == 11  # 10:05 and 10:40 UTC are 11:xx on the shop's clock
    assert tiny.loc["C", "preferred_weekday"] == 2 and tiny.loc["C", "preferred_hour"] == 18


def test_favourites_and_where_they_buy(tiny: pd.DataFrame):
    assert tiny.loc["A", "favourite_product"] == "Green tea"
    assert tiny.loc["A", "favourite_category"] == "Tea"  # 3 units of tea against 1 mug
    assert tiny.loc["C", "main_country"] == "France"
    assert tiny.loc["D", "main_country"] == "Spain"  # from the customer list


def test_price_sensitivity_of_a_discount_buyer_is_below_one(tiny: pd.DataFrame):
    b = tiny.loc["B"]
    assert b["price_sensitivity"] == pytest.approx(0.8)  # pays 8 where the norm is 10
    assert b["discount_share"] == 1.0
    a = tiny.loc["A"]
    assert a["price_sensitivity"] == pytest.approx(1.0) and a["discount_share"] == 0.0


def test_demographics_and_events_are_carried(tiny: pd.DataFrame):
    assert tiny.loc["A", "age"] == 34 and tiny.loc["A", "gender"] == "F"
    assert "occupation" not in tiny  # the list has no occupations at all
    assert tiny.loc["C", "views"] == 10 and tiny.loc["C", "carts"] == 1


def test_a_customer_with_only_events_still_gets_a_profile(tiny: pd.DataFrame):
    d = tiny.loc["D"]
    assert d["segment"] == NO_ORDERS and d["orders"] == 0 and d["monetary"] == 0
    assert pd.isna(d["recency_days"]) and pd.isna(d["r_score"]) and d["views"] == 2
    assert d["favourite_category"] == "Cups"  # from what they browsed
    profile = customer_profile("D", tiny_lines(), tiny_events(), tiny_customers(), AS_OF)
    assert profile.orders == 0 and profile.purchase_timeline.empty
    assert profile.demographics == {"age": 51, "gender": "M"}
    assert profile.recommendations == ["Mug"]  # popular in Cups, the category D browses
    assert profile.recommendation_source == POPULAR_IN_CATEGORIES


def test_latent_needs_list_products_looked_at_but_never_bought():
    profile = customer_profile("C", tiny_lines(), tiny_events(), tiny_customers(), AS_OF)
    assert profile.latent_needs == [("Gift card", 4)]  # 3 views + 1 cart; not the gift box
    assert profile.latent_categories == [("Garden", 3)]  # Gifts is bought via the gift box
    assert dict(profile.top_categories) == pytest.approx({"Tea": 0.75, "Gifts": 0.25})


def test_profile_detail_of_one_customer():
    profile = customer_profile("A", tiny_lines(), tiny_events(), tiny_customers(), AS_OF)
    assert profile.top_products == [("Green tea", 3.0), ("Mug", 1.0)]
    timeline = profile.purchase_timeline
    assert timeline["month"].dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-02"]
    assert timeline["orders"].tolist() == [1, 1]
    assert timeline["revenue"].tolist() == pytest.approx([45, -10])  # return booked in Feb
    # Fallback recommendations: popular products A has not bought, from A's categories.
    assert profile.recommendation_source == POPULAR_IN_CATEGORIES
    assert profile.recommendations == ["Tea gift box"]
    assert profile.suggested_action
    with pytest.raises(KeyError):
        customer_profile("nobody", tiny_lines(), tiny_events(), tiny_customers(), AS_OF)


def test_a_shop_without_categories_recommends_what_is_popular():
    lines = tiny_lines().assign(category=None)
    profile = customer_profile("B", lines, None, None, AS_OF)
    assert profile.favourite_category is None and profile.top_categories == []
    assert profile.recommendation_source == POPULAR_OVERALL
    assert profile.recommendations[0] == "Mug"  # bought by A and E
    assert "POSTAGE" not in profile.recommendations and "Green tea" not in profile.recommendations


# ---------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def retail_profiles(retail_lines: pd.DataFrame) -> pd.DataFrame:
    return build_profiles(retail_lines, None, None)


def test_online_retail_profiles_every_customer(retail_profiles: pd.DataFrame):
    assert len(retail_profiles) == 4372
    counts = retail_profiles["segment"].value_counts()
    assert counts.sum() == 4372 and set(counts.index) <= SEGMENTS
    assert retail_profiles[["r_score", "f_score", "m_score"]].notna().all().all()
    assert retail_profiles["favourite_category"].isna().all()  # the file has no categories
    assert retail_profiles["price_sensitivity"].median() == pytest.approx(1.0, abs=0.02)


def test_online_retail_customer_who_returned_everything(retail_profiles: pd.DataFrame):
    c = retail_profiles.loc["12346"]  # bought 74,215 jars once and returned them all
    assert c["items"] == 74215 and c["monetary"] == 0 and c["return_rate"] == 1.0
    assert c["orders"] == 1 and c["segment"] == "Lost"


def test_data_after_as_of_does_not_change_the_profiles(retail_lines: pd.DataFrame):
    as_of = pd.Timestamp("2011-09-09")
    earlier = retail_lines.loc[retail_lines["placed_at"] <= as_of].copy()
    later = retail_lines.copy()
    after = later["placed_at"] > as_of
    later.loc[after, "quantity"] *= 3  # later rows changed as well as added
    later.loc[after, "unit_price"] /= 2
    expected = build_profiles(earlier, None, None, as_of)
    got = build_profiles(later, None, None, as_of)
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index())
    assert len(got) < 4372


def test_movielens_gives_demographics_and_ratings_as_interest(engine):
    from storage.importer import import_file
    from storage.queries import behaviour_events, customer_table, sales_lines

    for name in ("u.item", "u.user", "u.data"):
        run_job(import_file(engine, data_file("ml-100k", name)))
    lines, events = sales_lines(engine), behaviour_events(engine)
    profiles = build_profiles(lines, events, customer_table(engine))
    assert len(profiles) == 943
    assert {"age", "gender", "occupation", "zip"} <= set(profiles.columns)
    assert profiles["ratings"].sum() == 100_000 and (profiles["ratings"] >= 20).all()
    assert (profiles["orders"] == 0).all() and (profiles["segment"] == NO_ORDERS).all()
    user = profiles.loc["1"]  # u.user: 1|24|M|technician|85711
    assert (user["age"], user["gender"], user["occupation"], user["zip"]) == (
        24, "M", "technician", "85711")
    assert profiles["favourite_category"].notna().all()  # genres of what they rated
    assert "|" not in "".join(profiles["favourite_category"])


# ---------------------------------------------------------------------------- jobs


def test_profile_job_output_and_unknown_customer(retail_db):
    profile = run_job(profile_job(retail_db, "12346"))
    assert profile.monetary == 0 and profile.return_rate == 1.0
    data = profile_to_json(profile)
    json.dumps(data, allow_nan=False)
    assert data["first_purchase"].startswith("2011-01-18")
    assert data["top_products"][0] == {"product": "MEDIUM CERAMIC TOP STORAGE JAR",
                                       "quantity": 74215.0}
    assert all(isinstance(v, (str, int, float, bool, list, dict, type(None)))
               for v in data.values())
    text = profile_to_text(profile)
    assert "Lost" in text and "74,215 returned (100%)" in text
    with pytest.raises(UnknownCustomer, match=r"Did you mean .*12346") as problem:
        run_job(profile_job(retail_db, "1234"))
    assert isinstance(problem.value, LookupError) and "12346" in problem.value.suggestions


def test_profiles_job_returns_every_customer(retail_db):
    job = profiles_job(retail_db)
    steps = []
    while True:
        try:
            steps.append(next(job))
        except StopIteration as stop:
            profiles = stop.value
            break
    assert len(profiles) == 4372 and steps[-1].done == steps[-1].total
    assert np.all(np.diff([s.done for s in steps]) >= 0)
