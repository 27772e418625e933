"""Baselines shown beside every model: what is popular, what is popular lately, and item-kNN.

They are cheap, hard to beat on small shops, and explain themselves, so a learned model only
earns its place in the app by beating them on the same split with the same metric code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from engine.recommenders.base import Recommender, as_csr, sparse_row, top_n
from engine.recommenders.data import Interactions, customers_per_item

BLOCK_ELEMENTS = 1 << 25  # dense similarity block size (128 MB of float32) for item-kNN


class PopularityRecommender(Recommender):
    """The items most customers bought, the same list for everyone."""

    name = "popularity"

    def _fit(self, train: Interactions) -> None:
        self.customers_ = customers_per_item(train)
        self.scores_ = self.customers_.astype(np.float32)

    def score_items(self, users: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.scores_, (len(users), self.n_items_))

    def reason(self, user: int, item: int) -> str:
        count = int(self.customers_[item])
        return self._viewed(user, item) or (
            f"popular: {self.verb_} by {count} customer{'s' if count != 1 else ''}")


class RecentPopularityRecommender(Recommender):
    """The items most customers bought in the last `days` days of training data; all-time
    popularity breaks ties, so items nobody bought lately still come in a sensible order."""

    name = "recent_popularity"

    def __init__(self, *, days: int = 30) -> None:
        self.days = days

    def _fit(self, train: Interactions) -> None:
        since = train.log["time"].max() - pd.Timedelta(days=self.days)
        self.recent_ = customers_per_item(train, since=since)
        overall = customers_per_item(train)
        self.scores_ = (self.recent_ + overall / (overall.max() + 1.0)).astype(np.float32)

    def score_items(self, users: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.scores_, (len(users), self.n_items_))

    def reason(self, user: int, item: int) -> str:
        count = int(self.recent_[item])
        return self._viewed(user, item) or (
            f"popular lately: {self.verb_} by {count} customer{'s' if count != 1 else ''} "
            f"in the last {self.days} days")


def cosine_neighbours(matrix: sp.csr_matrix, *, neighbours: int, shrink: float) -> sp.csr_matrix:
    """items × items: S[j, i] = shrunk cosine of item columns j and i, keeping for each target
    item i only its `neighbours` most similar items (and never i itself).

    Computed in dense column blocks of bounded size, so memory stays flat on big catalogues."""
    n_items = matrix.shape[1]
    by_item = matrix.T.tocsr()
    columns = matrix.tocsc()
    norms = np.sqrt(np.asarray(columns.multiply(columns).sum(axis=0)).ravel())
    keep = max(0, min(neighbours, n_items - 1))
    step = max(1, BLOCK_ELEMENTS // max(n_items, 1))
    rows, cols, vals = [], [], []
    for start in range(0, n_items if keep else 0, step):
        block = np.arange(start, min(start + step, n_items))
        sim = (by_item @ columns[:, block]).toarray().astype(np.float32)
        sim /= norms[:, None] * norms[None, block] + shrink + 1e-12
        sim[block, np.arange(len(block))] = 0.0
        top = np.argpartition(-sim, keep - 1, axis=0)[:keep]
        rows.append(top.ravel())
        cols.append(np.broadcast_to(block, top.shape).ravel())
        vals.append(np.take_along_axis(sim, top, axis=0).ravel())
    if not rows:
        return sp.csr_matrix((n_items, n_items), dtype=np.float32)
    out = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                        shape=(n_items, n_items), dtype=np.float32)
    return as_csr(out.multiply(out > 0))


class ItemKNNRecommender(Recommender):
    """Item-based collaborative filtering: cosine similarity of items over customers'
    confidence, the score of an item being the similarity-weighted sum over what the customer
    has. `shrink` damps similarities built on very few customers."""

    name = "itemknn"

    def __init__(self, *, neighbours: int = 100, shrink: float = 10.0) -> None:
        self.neighbours = neighbours
        self.shrink = shrink

    def _fit(self, train: Interactions) -> None:
        self.user_items_ = train.confidence()
        self.similarity_ = cosine_neighbours(self.user_items_, neighbours=self.neighbours,
                                             shrink=self.shrink)
        self.neighbours_of_ = self.similarity_.T.tocsr()  # row i: the neighbours of item i

    def score_items(self, users: np.ndarray) -> np.ndarray:
        return (self.user_items_[users] @ self.similarity_).toarray().astype(np.float32)

    def similar_items(self, item: int, n: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Items most often bought by the same customers as `item` ("also bought")."""
        scores = self.neighbours_of_[item].toarray().astype(np.float32)
        scores[scores <= 0] = -np.inf
        scores[:, ~self.recommendable_] = -np.inf
        indices, values = top_n(scores, n)
        found = np.isfinite(values[0])
        return indices[0][found], values[0][found]

    def reason(self, user: int, item: int) -> str:
        viewed = self._viewed(user, item)
        if viewed:
            return viewed
        # The item the customer bought that pulls this one up most ("bought" items only:
        # a similarity built on a view is not something they did with their money).
        neighbours, similarity = sparse_row(self.neighbours_of_, item)
        had, confidence = sparse_row(self.user_items_, user)
        bought = np.isin(had, sparse_row(self.seen_, user)[0])
        common, at_neighbour, at_had = np.intersect1d(neighbours, had[bought],
                                                      return_indices=True)
        share = similarity[at_neighbour] * confidence[bought][at_had]
        if not len(share) or share.max() <= 0:
            return "customers with similar interests bought this"
        source = self.item_names_[common[int(np.argmax(share))]]
        return f"customers who {self.verb_} {source} also {self.verb_} this"
