"""The Recommendations page's use cases on real shops: serving runs, per-customer lists,
whom to offer a product to, and similar products."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.jobs import recommending
from engine.jobs.training import TrainOptions, recommendations_for, runs, train_job
from storage.database import create_db_engine
from storage.importer import import_file
from tests.conftest import data_file, run_job


@pytest.fixture(scope="module")
def shop(retail_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Online Retail with two runs: item-kNN (run 1), then popularity (run 2, serving)."""
    path = tmp_path_factory.mktemp("recommending") / "shop.sqlite3"
    shutil.copyfile(retail_db, path)
    run_job(train_job(path, TrainOptions("itemknn")))
    run_job(train_job(path, TrainOptions("popularity")))
    return path


@pytest.fixture(scope="module")
def stored(shop: Path) -> pd.DataFrame:
    """Every stored list of both runs, read straight from the tables (the test's own oracle)."""
    engine = create_db_engine(shop)
    try:
        return pd.read_sql_query(
            "SELECT r.run_id, c.external_id AS customer, r.rank, p.sku, r.score "
            "FROM recommendations r, customers c, products p "
            "WHERE c.id = r.customer_id AND p.id = r.product_id", engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def similarity(retail_db: Path) -> recommending.ProductSimilarity:
    return recommending.product_similarity(retail_db)


def test_serving_lists_completed_runs_newest_first_and_who_they_cover(shop, stored):
    serving = recommending.serving(shop)
    assert list(serving.runs["model"]) == ["popularity", "itemknn"]
    assert serving.active_run == 2
    active = stored[stored["run_id"] == 2]
    assert set(serving.customers["customer"]) == set(active["customer"])
    assert serving.customers["customer"].is_monotonic_increasing
    counts = active.groupby("sku").size()
    assert serving.products.set_index("sku")["customers"].to_dict() == counts.to_dict()
    assert serving.products["customers"].is_monotonic_decreasing


def test_audience_is_everyone_whose_list_holds_the_product(shop, stored):
    itemknn = stored[stored["run_id"] == 1]
    sku = itemknn["sku"].value_counts().index[5]
    audience = recommending.product_audience(shop, sku, 1)
    expected = itemknn[itemknn["sku"] == sku]
    assert sorted(audience["customer"]) == sorted(expected["customer"])
    assert audience["score"].is_monotonic_decreasing
    first = audience.iloc[0]
    their_list = recommendations_for(shop, first["customer"], 10, run_id=1)
    assert their_list.loc[their_list["sku"] == sku, "rank"].tolist() == [first["rank"]]
    assert first["reason"]


def test_serving_another_run_changes_every_customers_list(tmp_path, shop):
    copy = tmp_path / "shop.sqlite3"
    shutil.copyfile(shop, copy)
    popular = recommending.customer_recommendations(copy, "12347")
    assert recommending.serve_run(copy, 1) == 1
    assert runs(copy).set_index("id")["is_active"].to_dict() == {1: True, 2: False}
    similar = recommending.customer_recommendations(copy, "12347")
    assert similar["run_id"].unique().tolist() == [1]
    assert similar["sku"].tolist() != popular["sku"].tolist()
    assert similar["sku"].tolist() == recommending.customer_recommendations(
        copy, "12347", 1)["sku"].tolist()
    with pytest.raises(KeyError):
        recommending.serve_run(copy, 99)


def test_bought_with_ranks_products_that_share_customers(similarity, retail_lines):
    sku = "85123A"  # WHITE HANGING HEART T-LIGHT HOLDER, the best seller
    near = similarity.bought_with(sku)
    assert len(near) == recommending.SIMILAR and sku not in set(near["sku"])
    assert np.all(np.diff(near["similarity"]) <= 0) and near["similarity"].gt(0).all()
    # The closest product shares more of its buyers with this one than 95 % of products do.
    bought = retail_lines[retail_lines["quantity"] > 0].dropna(subset=["customer"])
    buyers = bought.groupby("sku")["customer"].agg(set)
    mine = buyers.pop(sku)
    shares = buyers.map(lambda b: len(b & mine) / len(b))
    assert shares[near["sku"].iloc[0]] > shares.quantile(0.95)


def test_described_alike_reads_the_names(similarity):
    alike = similarity.described_alike("85123A")
    assert "85123A" not in set(alike["sku"])
    assert alike["product"].str.contains("T-LIGHT HOLDER").sum() >= 5
    assert np.all(np.diff(alike["similarity"]) <= 0)
    assert similarity.bought_with("NO SUCH SKU").empty
    products = similarity.products
    assert products["customers"].is_monotonic_decreasing
    assert "POST" not in set(products["sku"])  # postage is never suggested


def test_too_few_customers_to_compare_products_says_so(tmp_path):
    db = tmp_path / "shop.sqlite3"
    engine = create_db_engine(db)
    run_job(import_file(engine, data_file("exports", "shopify_orders_export_1.csv")))
    engine.dispose()
    similarity = recommending.product_similarity(db)
    assert "at least 5 customers" in similarity.problem
    assert similarity.products.empty and similarity.bought_with("anything").empty
    serving = recommending.serving(db)
    assert serving.runs.empty and serving.active_run is None and serving.customers.empty
