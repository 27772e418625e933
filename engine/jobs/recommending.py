"""Use cases behind the Recommendations page: which trained run serves, what it suggests to a
customer, to whom a product should be offered, and which products are alike.

The first three read what training stored (quick reads). Product similarity is computed from
the sales and browsing data (a few seconds on a big shop), once, and then answers any product
at once: it does not depend on which run serves, only on the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from engine.recommenders.base import NotEnoughData
from engine.recommenders.baselines import ItemKNNRecommender
from engine.recommenders.content import ContentRecommender
from engine.recommenders.data import customers_per_item, interactions_from_frames
from storage import queries
from storage.database import create_db_engine

SIMILAR = 10  # products per similar-products list


@dataclass(frozen=True)
class Serving:
    """The completed runs (newest first), the one serving, and who and what its lists cover."""

    runs: pd.DataFrame  # id, model, finished_at, metrics, split, is_active
    customers: pd.DataFrame  # customer, name, country: those with a stored list
    products: pd.DataFrame  # sku, product, category, customers: in how many lists

    @property
    def active_run(self) -> int | None:
        active = self.runs.loc[self.runs["is_active"], "id"]
        return int(active.iloc[0]) if len(active) else None


def serving(db_path: Path | str) -> Serving:
    engine = create_db_engine(db_path)
    try:
        runs = queries.model_runs(engine)
        runs = runs[runs["status"] == "completed"].sort_values("id", ascending=False)
        return Serving(runs.reset_index(drop=True), queries.recommended_customers(engine),
                       queries.recommended_products(engine))
    finally:
        engine.dispose()


def serve_run(db_path: Path | str, run_id: int) -> int:
    """Let run `run_id` serve recommendations from now on (its lists were stored when it
    trained, so nothing is recomputed)."""
    engine = create_db_engine(db_path)
    try:
        queries.activate_run(engine, run_id)
    finally:
        engine.dispose()
    return run_id


def customer_recommendations(db_path: Path | str, customer: str,
                             run_id: int | None = None) -> pd.DataFrame:
    """The serving run's stored list for `customer`: rank, sku, product, category,
    description, score, reason."""
    engine = create_db_engine(db_path)
    try:
        return queries.stored_recommendations(engine, customer, run_id)
    finally:
        engine.dispose()


def product_audience(db_path: Path | str, sku: str, run_id: int | None = None) -> pd.DataFrame:
    """Whom to offer `sku`: the customers whose stored list holds it, strongest first.

    Lists never hold what a customer already bought, so these are customers who have not
    bought it yet and whom the model matches best with it."""
    engine = create_db_engine(db_path)
    try:
        return queries.product_audience(engine, sku, run_id)
    finally:
        engine.dispose()


@dataclass
class ProductSimilarity:
    """Products alike in two senses: bought by the same customers (item-kNN cosine over what
    customers bought and viewed), and described alike (TF-IDF cosine of name, description and
    category, which needs no sales and so also serves products with few of them)."""

    products: pd.DataFrame  # sku, product, category, customers: every product, most bought first
    problem: str = ""  # why there are no products to compare, in plain words
    _skus: pd.Index = field(default_factory=lambda: pd.Index([]))
    _info: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["sku", "name", "category"]))
    _bought_with: ItemKNNRecommender | None = None
    _described_alike: ContentRecommender | None = None

    def bought_with(self, sku: str, n: int = SIMILAR) -> pd.DataFrame:
        """Products most often bought by the customers who bought `sku`; sku, product,
        category, similarity (0 to 1)."""
        return self._similar(self._bought_with, sku, n)

    def described_alike(self, sku: str, n: int = SIMILAR) -> pd.DataFrame:
        """Products whose name, description and category read most like those of `sku`."""
        return self._similar(self._described_alike, sku, n)

    def _similar(self, model: ItemKNNRecommender | ContentRecommender | None, sku: str,
                 n: int) -> pd.DataFrame:
        if model is None or sku not in self._skus:
            return _similar_frame(self._info.iloc[[]], np.array([]))
        # Never the product itself: both models leave it out of its own neighbours.
        items, scores = model.similar_items(int(self._skus.get_loc(sku)), n)
        return _similar_frame(self._info.iloc[items], scores)


def _similar_frame(info: pd.DataFrame, scores: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"sku": info["sku"].to_numpy(dtype=object),
                         "product": info["name"].to_numpy(dtype=object),
                         "category": info["category"].to_numpy(dtype=object),
                         "similarity": np.asarray(scores, dtype=float)})


def product_similarity(db_path: Path | str) -> ProductSimilarity:
    """Fit both similarities on the shop's data; with too little data, `problem` says why."""
    engine = create_db_engine(db_path)
    try:
        lines, events = queries.sales_lines(engine), queries.behaviour_events(engine)
    finally:
        engine.dispose()
    data = interactions_from_frames(lines, events)
    empty = pd.DataFrame({"sku": [], "product": [], "category": [], "customers": []})
    try:
        bought_with = ItemKNNRecommender().fit(data)
        described_alike = ContentRecommender().fit(data)
    except NotEnoughData as problem:
        return ProductSimilarity(empty, str(problem))
    info = data.item_info
    products = pd.DataFrame({"sku": info["sku"], "product": info["name"],
                             "category": info["category"],
                             "customers": customers_per_item(data).astype(np.int64)})
    products = products[data.recommendable()].sort_values(
        ["customers", "sku"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return ProductSimilarity(products, "", data.items, info, bought_with, described_alike)


def with_reasons_in(language: str, read: Callable[..., pd.DataFrame], *args: Any
                    ) -> pd.DataFrame:
    """`read(*args)` (customer_recommendations, product_audience), its reasons (written in
    English) in `language`, as the reports give them."""
    from engine.reports.phrases import phrase

    frame = read(*args)
    return frame.assign(reason=frame["reason"].map(
        lambda reason: phrase(reason, language) if isinstance(reason, str) else reason))
