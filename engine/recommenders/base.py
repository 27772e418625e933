"""The model API every recommender shares, so baselines, SVD++ and the neural models are
trained, cancelled, evaluated and explained by the same code.

Training is a generator (`iter_fit`) that yields one `EpochReport` per epoch: the job layer
relays it as progress, and closing the generator is the cancel (the caller keeps its previous
model, because a new model object is trained). `fit` drives the same generator for scripts and
tests. Ranking is always "score every item, then mask": `score_items` is the one thing a model
must provide, and `recommend` applies the masks (already-bought items, postage and fees) the
same way for all of them.
"""

from __future__ import annotations

import math
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from engine.recommenders.data import Interactions


@dataclass(frozen=True)
class EpochReport:
    """Progress of one training epoch; `seconds` is the time this epoch took.

    Models fitted in one step (the baselines) report a single epoch with `train_loss` NaN."""

    epoch: int
    epochs: int
    train_loss: float
    val_loss: float | None
    val_metric: float | None
    metric_name: str
    seconds: float


class EpochProgress(EpochReport):
    """A report from within an epoch (or from preparing the data, `train_loss` NaN): a cancel
    point and a progress message, not a point of the training curve (`epoch` is the epoch
    under way, the loss is its mean so far, `seconds` the time since it started)."""


class NotEnoughData(Exception):
    """The shop's data is too small to train on; the message says what is needed."""


class Recommender(ABC):
    """Base class: subclasses implement `_fit` (one-step models) or override `iter_fit`
    (epoch-wise models, which then call `self._remember(train)` first), and `score_items`."""

    name: str = ""
    explicit: bool = False

    # ------------------------------------------------------------------ training

    def iter_fit(self, train: Interactions) -> Generator[EpochReport, None, Recommender]:
        """Fit in one step and report it as a single epoch."""
        start = time.perf_counter()
        check_enough(train)
        self._remember(train)
        self._fit(train)
        yield EpochReport(epoch=1, epochs=1, train_loss=math.nan, val_loss=None,
                          val_metric=None, metric_name="", seconds=time.perf_counter() - start)
        return self

    def fit(self, train: Interactions, *,
            callback: Callable[[EpochReport], None] | None = None) -> Self:
        """Train to the end; `callback` sees every epoch's report."""
        steps = self.iter_fit(train)
        while True:
            try:
                report = next(steps)
            except StopIteration:
                break
            if callback is not None:
                callback(report)
        if not hasattr(self, "seen_"):  # an iter_fit override that forgot `_remember`
            self._remember(train)
        return self

    def _fit(self, train: Interactions) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement _fit or iter_fit")

    def _remember(self, train: Interactions) -> None:
        """Keep what `recommend` and `reason` need from the training data, for every model."""
        self.n_users_ = train.n_users
        self.n_items_ = train.n_items
        self.seen_ = train.seen()
        self.recommendable_ = train.recommendable()
        self.item_names_ = train.item_info["name"].to_numpy(dtype=object)
        self.views_ = train.counts("view")
        kinds = set(train.log["kind"].unique())
        self.verb_ = ("bought" if "purchase" in kinds else "rated" if "rating" in kinds
                      else "viewed")

    # ------------------------------------------------------------------ use

    @abstractmethod
    def score_items(self, users: np.ndarray) -> np.ndarray:
        """float32 [len(users), n_items]; higher is better. Masks are applied by `recommend`;
        the result may be a read-only view (popularity gives every user the same row)."""

    def recommend(self, users: np.ndarray, n: int = 10, *,
                  exclude_seen: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Top-`n` item indices per user, best first, and their scores.

        Postage and fees are never recommended; with `exclude_seen`, neither is anything the
        user bought or rated in training (items only viewed or carted stay candidates: they are
        the most natural thing to suggest). Where fewer than `n` items remain, the tail of a row
        has score -inf."""
        if not hasattr(self, "seen_"):
            raise RuntimeError(f"{type(self).__name__} is not fitted yet: call fit first")
        users = np.asarray(users, dtype=np.int64)
        scores = np.array(self.score_items(users), dtype=np.float32, copy=True)
        scores[:, ~self.recommendable_] = -np.inf
        if exclude_seen and len(users):
            seen = self.seen_[users].tocoo()
            scores[seen.row, seen.col] = -np.inf
        return top_n(scores, n)

    def predict(self, users: np.ndarray, items: np.ndarray) -> np.ndarray:
        """Predicted ratings, for explicit (rating) models only."""
        raise NotImplementedError(f"{type(self).__name__} ranks items; it does not predict "
                                  "ratings")

    def reason(self, user: int, item: int) -> str:
        """A short plain reason for showing `item` to `user`."""
        return self._viewed(user, item) or "customers with similar purchases bought this"

    def _viewed(self, user: int, item: int) -> str | None:
        items, counts = sparse_row(self.views_, user)
        views = int(counts[items == item].sum())
        if views == 0:
            return None
        return "viewed once" if views == 1 else f"viewed {views} times"


def top_n(scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of the `n` largest scores of each row, best first."""
    n = max(0, min(n, scores.shape[1]))
    if n == 0:
        return (np.empty((len(scores), 0), dtype=np.int64),
                np.empty((len(scores), 0), dtype=np.float32))
    part = np.argpartition(-scores, n - 1, axis=1)[:, :n]
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(part_scores, order, axis=1)


def sparse_row(matrix: sp.csr_matrix, row: int) -> tuple[np.ndarray, np.ndarray]:
    """(column indices, values) of one CSR row, without building a sparse matrix (fast)."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return matrix.indices[start:end], matrix.data[start:end]


def check_enough(train: Interactions, *, min_users: int = 5, min_items: int = 5,
                 min_interactions: int = 20) -> None:
    """Refuse to train on a handful of rows, with a message that says what is missing."""
    log = train.log
    users = int(log["user"].nunique())
    items = int(log["item"].nunique())
    rows = len(log)
    if users < min_users:
        raise NotEnoughData(f"Training needs at least {min_users} customers with purchases, "
                            f"ratings or visits; this shop has {users}.")
    if items < min_items:
        raise NotEnoughData(f"Training needs at least {min_items} products that customers "
                            f"bought, rated or viewed; this shop has {items}.")
    if rows < min_interactions:
        raise NotEnoughData(f"Training needs at least {min_interactions} purchases, ratings "
                            f"or visits by known customers; this shop has {rows}.")


def as_csr(matrix: sp.spmatrix | sp.sparray) -> sp.csr_matrix:
    """A float32 CSR matrix with sorted indices and no explicit zeros."""
    out = sp.csr_matrix(matrix, dtype=np.float32)
    out.eliminate_zeros()
    out.sort_indices()
    return out
