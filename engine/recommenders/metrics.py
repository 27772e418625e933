"""Accuracy of ratings and of top-N lists, computed the same way for every model.

Top-N relevance (what counts as a hit), decided from the test part:

- shop data with purchases: items the user bought in the test period (net of returns);
- explicit data without purchases (MovieLens): items the user rated 4 or more;
- implicit-only data (clicks only): any interaction.

Items the user already bought or rated in training are not relevant, because `recommend`
excludes them: counting repeat purchases would cap every model's recall at the same hidden
ceiling and measure nothing. Postage and fees are never relevant. Only users with training
history and at least one relevant test item are evaluated (cold-start users are counted by the
split, not scored here).

Definitions at cut-off k, averaged over users, with R the user's relevant items:
precision = hits/k; recall = hits/|R|; hitrate = 1 if any hit; ndcg = DCG/IDCG with gain
1/log2(rank + 1) and IDCG over min(k, |R|) hits; map = Σ precision@rank over hit ranks /
min(k, |R|). Coverage is the share of recommendable items that appear in any user's top 10;
popularity bias is the mean popularity percentile of the items in those top-10 lists: the share
of recommendable items bought (rated) by at most as many training customers, 1 = the most popular.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from engine.recommenders.base import as_csr
from engine.recommenders.data import BUYING, BUYING_ONLY, customers_per_item

if TYPE_CHECKING:
    from engine.recommenders.base import Recommender
    from engine.recommenders.data import Interactions

RELEVANT_RATING = 4.0
COVERAGE_K = 10


def rmse(y: np.ndarray, p: np.ndarray) -> float:
    """Root mean squared error of predicted ratings."""
    diff = np.asarray(y, dtype=np.float64) - np.asarray(p, dtype=np.float64)
    return float(np.sqrt(np.mean(diff * diff)))


def mae(y: np.ndarray, p: np.ndarray) -> float:
    """Mean absolute error of predicted ratings."""
    return float(np.mean(np.abs(np.asarray(y, dtype=np.float64) - np.asarray(p, np.float64))))


def relevant_items(train: Interactions, test: Interactions) -> sp.csr_matrix:
    """Binary users × items: what a top-N list should find for each user (see module doc)."""
    kinds = test.log["kind"]
    if (kinds == "purchase").any():
        relevant = test.subset(kinds.isin(BUYING).to_numpy()).confidence(BUYING_ONLY)
    elif (ratings := test.ratings()) is not None:
        good = ratings[ratings["rating"] >= RELEVANT_RATING]
        relevant = sp.csr_matrix((np.ones(len(good), np.float32), (good["user"], good["item"])),
                                 shape=(test.n_users, test.n_items))
    else:
        relevant = test.implicit_sets()
    relevant = as_csr(relevant > 0)
    relevant = relevant - relevant.multiply(train.seen())
    relevant = relevant @ sp.diags(train.recommendable().astype(np.float32))
    return as_csr(relevant)


def topn_metrics(model: Recommender, train: Interactions, test: Interactions, *,
                 ks: Sequence[int] = (10, 20), users: np.ndarray | None = None,
                 batch: int = 1024) -> dict[str, float]:
    """Precision, recall, NDCG, hit rate and MAP at each k, coverage and popularity bias."""
    relevant = relevant_items(train, test)
    n_relevant = np.diff(relevant.indptr)
    has_history = np.zeros(train.n_users, dtype=bool)
    has_history[train.log["user"].to_numpy()] = True
    eligible = has_history & (n_relevant > 0)
    if users is not None:
        chosen = np.zeros(train.n_users, dtype=bool)
        chosen[np.asarray(users, dtype=np.int64)] = True
        eligible &= chosen
    evaluated = np.flatnonzero(eligible)

    k_max = max(max(ks), COVERAGE_K)
    sums = {f"{name}@{k}": 0.0 for k in ks
            for name in ("precision", "recall", "ndcg", "hitrate", "map")}
    shown = np.zeros(train.n_items, dtype=bool)
    shown_items: list[np.ndarray] = []
    for start in range(0, len(evaluated), batch):
        rows = evaluated[start:start + batch]
        recs, scores = model.recommend(rows, n=k_max)
        hits = _hits(relevant[rows], recs) & np.isfinite(scores)
        for key, value in _rank_metrics(hits, n_relevant[rows], ks).items():
            sums[key] += float(value.sum())
        top = recs[:, :COVERAGE_K][np.isfinite(scores[:, :COVERAGE_K])]
        shown[top] = True
        shown_items.append(top)

    count = len(evaluated)
    result = {key: (value / count if count else float("nan")) for key, value in sums.items()}
    recommendable = train.recommendable()
    result["coverage"] = float(shown[recommendable].sum() / max(recommendable.sum(), 1))
    percentile = popularity_percentile(train)
    top = np.concatenate(shown_items) if shown_items else np.empty(0, dtype=np.int64)
    result["popularity_bias"] = float(percentile[top].mean()) if len(top) else float("nan")
    result["users"] = count
    return result


def _hits(relevant: sp.csr_matrix, recs: np.ndarray) -> np.ndarray:
    """bool [users, ranks]: whether each recommended item is relevant (no dense item axis)."""
    n_items = relevant.shape[1]
    coo = relevant.tocoo()
    wanted = coo.row.astype(np.int64) * n_items + coo.col
    given = np.arange(len(recs), dtype=np.int64)[:, None] * n_items + recs
    return np.isin(given, wanted)


def _rank_metrics(hits: np.ndarray, n_relevant: np.ndarray,
                  ks: Sequence[int]) -> dict[str, np.ndarray]:
    """Per-user metrics from a users × ranks hit matrix (the pure maths of `topn_metrics`)."""
    out: dict[str, np.ndarray] = {}
    ranks = np.arange(1, hits.shape[1] + 1)
    gain = 1.0 / np.log2(ranks + 1)
    ideal = np.cumsum(gain)
    n_relevant = np.asarray(n_relevant, dtype=np.float64)
    for k in ks:
        h = hits[:, :k].astype(np.float64)
        found = h.sum(axis=1)
        best = np.minimum(k, n_relevant).astype(np.int64)
        out[f"precision@{k}"] = found / k
        out[f"recall@{k}"] = found / n_relevant
        out[f"hitrate@{k}"] = (found > 0).astype(np.float64)
        out[f"ndcg@{k}"] = (h * gain[:k]).sum(axis=1) / ideal[best - 1]
        precision_at = np.cumsum(h, axis=1) / ranks[:k]
        out[f"map@{k}"] = (precision_at * h).sum(axis=1) / best
    return out


def popularity_percentile(train: Interactions) -> np.ndarray:
    """float [n_items]: the share of recommendable items with at most as many training
    customers as this one (so ties at the top are 1); 0 for non-products."""
    customers = customers_per_item(train)
    recommendable = train.recommendable()
    out = np.zeros(train.n_items)
    if recommendable.any():
        from scipy.stats import rankdata  # here: scipy.stats takes 0.6 s to import

        out[recommendable] = rankdata(customers[recommendable], method="max") / recommendable.sum()
    return out
