"""A purchase-propensity network: P(customer u buys product i) from profile features.

Customer features: truncated-SVD factors of the log-scaled customers × products confidence,
plus how recently, how often and how broadly they buy. Product features: the matching SVD
factors, plus how many customers buy it and how recently. A dense network (128 → 64 →
sigmoid) reads [customer, product, customer factors ⊙ product factors]: the product of
factors hands it the SVD's own affinity, which a plain concatenation learns poorly. It is
trained on observed purchases against `negatives` products drawn uniformly per purchase, so
its output is a ranking score and, for a campaign, an estimate of how likely each customer is
to buy (`customers_for_item`).

Features are computed on the training slice (without the validation products); when training
ends, customers' factors are folded in again from their full rows in the same SVD basis
(x_u V S^-½), so the fitted model uses every purchase without retraining.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from engine.recommenders.base import NotEnoughData
from engine.recommenders.neural.common import (
    NeuralRecommender,
    _Run,
    holdout_items,
    seeded,
    validation_pass,
)
from engine.recommenders.neural.vae import scaled

if TYPE_CHECKING:
    import torch

    from engine.recommenders.data import Interactions

PAIRS_PER_CHUNK = 1 << 16  # customer × product pairs scored at once (memory, cancel points)
# Scoring every product costs a pass of the network per pair, so early stopping ranks for
# fewer customers than the other models do (still the slowest part of an epoch).
VALIDATION_USERS = 300


@dataclass(frozen=True)
class PropensityParams:
    """Hyper-parameters: `factors` SVD dimensions per side, `hidden` the two dense layers,
    `negatives` products drawn per purchase as "did not buy"."""

    factors: int = 32
    hidden: tuple[int, int] = (128, 64)
    dropout: float = 0.1
    negatives: int = 4
    lr: float = 3e-3
    weight_decay: float = 0.0
    batch_size: int = 1024
    epochs: int = 30
    early_stopping: bool = True
    patience: int = 3
    device: str = "auto"
    seed: int = 0


_D = PropensityParams()


@dataclass
class Profiles:
    """Standardised features: customers [n_users, d_u] and products [n_items, d_i]; the first
    `factors` columns of each are the SVD factors. `basis` (V S^-½) and the feature scalers
    turn a customer's full row into features the trained network understands."""

    users: np.ndarray
    items: np.ndarray
    basis: np.ndarray
    user_mean: np.ndarray
    user_scale: np.ndarray
    item_mean: np.ndarray
    item_scale: np.ndarray


def _activity(log: pd.DataFrame, key: str, n: int, end: pd.Timestamp) -> np.ndarray:
    """[n, 3]: log1p of days since the last and since the first interaction, and of the number
    of distinct active days, per user or item (0 where there is no time)."""
    out = np.zeros((n, 3))
    times = log[["time", key]].dropna()
    if times.empty:
        return out
    grouped = times.groupby(key)["time"]
    index = grouped.max().index.to_numpy()
    day = pd.Timedelta(days=1)
    out[index, 0] = np.log1p((end - grouped.max()).to_numpy() / day)
    out[index, 1] = np.log1p((end - grouped.min()).to_numpy() / day)
    out[index, 2] = np.log1p(times.assign(day=times["time"].dt.floor("D"))
                             .groupby(key)["day"].nunique().to_numpy())
    return out


def _raw_user_extras(matrix: sp.csr_matrix, log: pd.DataFrame, end: pd.Timestamp) -> np.ndarray:
    products = np.log1p(np.diff(matrix.indptr))
    amount = np.log1p(np.asarray(matrix.sum(axis=1)).ravel())
    return np.column_stack([products, amount, _activity(log, "user", matrix.shape[0], end)])


def _raw_item_extras(matrix: sp.csr_matrix, log: pd.DataFrame, end: pd.Timestamp) -> np.ndarray:
    customers = np.log1p(np.diff(matrix.tocsc().indptr))
    return np.column_stack([customers, _activity(log, "item", matrix.shape[1], end)])


def _scaler(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = values.std(axis=0)
    return values.mean(axis=0), np.where(scale > 1e-9, scale, 1.0)


def profile_features(matrix: sp.csr_matrix, log: pd.DataFrame, factors: int,
                     seed: int) -> Profiles:
    """Profiles from a (log-scaled) confidence matrix and the log rows behind it."""
    from sklearn.utils.extmath import randomized_svd

    k = max(1, min(factors, min(matrix.shape) - 1))
    _u, s, vt = randomized_svd(matrix, k, n_iter=5, random_state=seed)
    root = np.sqrt(np.maximum(s, 1e-9))
    basis = (vt.T / root).astype(np.float32)  # x_u @ basis = u_u * sqrt(s)
    end = log["time"].max() if log["time"].notna().any() else pd.Timestamp(0)
    user_extra = _raw_user_extras(matrix, log, end)
    item_extra = _raw_item_extras(matrix, log, end)
    user_mean, user_scale = _scaler(user_extra)
    item_mean, item_scale = _scaler(item_extra)
    users = np.hstack([np.asarray(matrix @ basis), (user_extra - user_mean) / user_scale])
    items = np.hstack([vt.T * root, (item_extra - item_mean) / item_scale])
    return Profiles(users.astype(np.float32), items.astype(np.float32), basis,
                    user_mean, user_scale, item_mean, item_scale)


def fold_in_users(profiles: Profiles, matrix: sp.csr_matrix, log: pd.DataFrame) -> np.ndarray:
    """Customer features from their full rows, in the basis and scales of `profiles`."""
    end = log["time"].max() if log["time"].notna().any() else pd.Timestamp(0)
    extra = (_raw_user_extras(matrix, log, end) - profiles.user_mean) / profiles.user_scale
    return np.hstack([np.asarray(matrix @ profiles.basis), extra]).astype(np.float32)


class PropensityRecommender(NeuralRecommender):
    """Purchase propensity from profile features (see the module docstring)."""

    name = "propensity"
    Params = PropensityParams

    def __init__(self, *, factors: int = _D.factors, hidden: tuple[int, int] = _D.hidden,
                 dropout: float = _D.dropout, negatives: int = _D.negatives, lr: float = _D.lr,
                 weight_decay: float = _D.weight_decay, batch_size: int = _D.batch_size,
                 epochs: int = _D.epochs, early_stopping: bool = _D.early_stopping,
                 patience: int = _D.patience, device: str = _D.device,
                 seed: int = _D.seed) -> None:
        self.factors = factors
        self.hidden = tuple(hidden)
        self.dropout = dropout
        self.negatives = negatives
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.epochs = epochs
        self.early_stopping = early_stopping
        self.patience = patience
        self.device = device
        self.seed = seed

    def _run(self, device: torch.device) -> _Run:
        return _PropensityRun(self.params, device)

    def _scores(self, users: np.ndarray) -> torch.Tensor:
        import torch

        u = self.user_features_[torch.from_numpy(users).to(self.user_features_.device)]
        chunk = max(1, PAIRS_PER_CHUNK // max(self.n_items_, 1))
        return torch.cat([self.network_.all_items(u[start:start + chunk], self.item_features_)
                          for start in range(0, len(u), chunk)])

    def predict_proba(self, users: np.ndarray, items: np.ndarray) -> np.ndarray:
        """P(buy) of matched (customer, product) pairs."""
        import torch

        self._check_fitted()
        device = self.user_features_.device
        u = torch.from_numpy(np.asarray(users, dtype=np.int64)).to(device)
        i = torch.from_numpy(np.asarray(items, dtype=np.int64)).to(device)
        with torch.no_grad():
            logits = self.network_(self.user_features_[u], self.item_features_[i])
            return torch.sigmoid(logits).cpu().numpy().astype(np.float32)

    def _item_column(self, item: int) -> np.ndarray:
        users = np.arange(self.n_users_)
        return self.predict_proba(users, np.full(len(users), item))

    def _dims(self) -> dict[str, Any]:
        return {"user_dim": int(self.user_features_.shape[1]),
                "item_dim": int(self.item_features_.shape[1]),
                "factors": int(self.network_.factors)}

    def _arrays(self) -> dict[str, np.ndarray]:
        return {"user_features": self.user_features_.cpu().numpy(),
                "item_features": self.item_features_.cpu().numpy()}

    def _restore(self, dims: dict[str, Any], arrays: dict[str, np.ndarray],
                 network_state: dict[str, torch.Tensor], device: torch.device) -> None:
        import torch

        from engine.recommenders.neural.nets import PropensityNet

        self.user_features_ = torch.from_numpy(arrays["user_features"]).to(device)
        self.item_features_ = torch.from_numpy(arrays["item_features"]).to(device)
        self.network_ = PropensityNet(dims["user_dim"], dims["item_dim"], dims["factors"],
                                      self.hidden, self.dropout)
        self.network_.load_state_dict(network_state)
        self.network_.to(device)


class _PropensityRun(_Run):
    def __init__(self, p: PropensityParams, device: torch.device) -> None:
        import torch

        self.p, self.device = p, device
        self.shuffle = torch.Generator().manual_seed(p.seed)
        self.noise = torch.Generator(device=device).manual_seed(p.seed + 1)

    def prepare(self, train: Interactions) -> Generator[None, None, None]:
        import torch

        from engine.recommenders.neural.nets import PropensityNet

        p, device = self.p, self.device
        inputs = scaled(train.confidence(), "log")
        if inputs.nnz < 2 or min(inputs.shape) < 2:
            raise NotEnoughData("The propensity model needs purchases of at least two products "
                                "by at least two customers.")
        self.recommendable = train.recommendable()
        val = (holdout_items(inputs, np.random.default_rng(p.seed), max_users=VALIDATION_USERS)
               if p.early_stopping else None)
        fit = val.fit if val is not None else inputs
        self.val, self.fit = val, fit
        log = train.log
        if val is not None and len(val.users):
            held = val.held()
            pairs = log["user"].to_numpy(np.int64) * inputs.shape[1] + log["item"].to_numpy()
            held_coo = held.tocoo()
            held_pairs = held_coo.row.astype(np.int64) * inputs.shape[1] + held_coo.col
            log = log[~np.isin(pairs, held_pairs)]
        yield
        self.profiles = profile_features(fit, log, p.factors, p.seed)
        yield
        self.full = (inputs, train.log)
        self.users = torch.from_numpy(self.profiles.users).to(device)
        self.items = torch.from_numpy(self.profiles.items).to(device)
        coo = fit.tocoo()
        self.pos_users = torch.from_numpy(coo.row.astype(np.int64))
        self.pos_items = torch.from_numpy(coo.col.astype(np.int64))
        self.n_items = inputs.shape[1]
        k = min(p.factors, self.profiles.basis.shape[1])
        with seeded(p.seed):
            self.network = PropensityNet(self.users.shape[1], self.items.shape[1], k, p.hidden,
                                         p.dropout).to(device)
        self.optimiser = torch.optim.Adam(self.network.parameters(), lr=p.lr,
                                          weight_decay=p.weight_decay)

    def _batches(self) -> Iterator[float]:
        import torch
        import torch.nn.functional as F

        p = self.p
        order = torch.randperm(len(self.pos_users), generator=self.shuffle)
        self.network.train()
        for start in range(0, len(order), p.batch_size):
            chosen = order[start:start + p.batch_size]
            users = self.pos_users[chosen].repeat(1 + p.negatives)
            negative = torch.randint(self.n_items, (len(chosen) * p.negatives,),
                                     generator=self.shuffle)
            items = torch.cat([self.pos_items[chosen], negative])
            labels = torch.zeros(len(users))
            labels[:len(chosen)] = 1.0
            users, items, labels = (t.to(self.device) for t in (users, items, labels))
            logits = self.network(self.users[users], self.items[items], generator=self.noise)
            loss = F.binary_cross_entropy_with_logits(logits, labels)
            self.optimiser.zero_grad(set_to_none=True)
            loss.backward()
            self.optimiser.step()
            yield float(loss.detach())

    def validate(self) -> Generator[None, None, tuple[float | None, float | None]]:
        import torch
        import torch.nn.functional as F

        if self.val is None:
            return None, None
        self.network.eval()
        users = torch.from_numpy(self.val.users).to(self.device)

        def scores_of(part: np.ndarray) -> torch.Tensor:
            return self.network.all_items(self.users[users[part]], self.items)

        def loss_of(logits: torch.Tensor, relevant: list[np.ndarray]) -> torch.Tensor:
            held = torch.cat([logits[r, torch.from_numpy(items).to(self.device)]
                              for r, items in enumerate(relevant)])
            return F.binary_cross_entropy_with_logits(held, torch.ones_like(held))

        chunk = max(1, PAIRS_PER_CHUNK // self.n_items)
        return (yield from validation_pass(scores_of, self.val.users, self.val.relevant,
                                           self.fit, self.recommendable, loss_of, chunk))

    def finish(self, state: dict[str, torch.Tensor]) -> dict[str, Any]:
        import torch

        learned = super().finish(state)
        users = fold_in_users(self.profiles, *self.full)
        learned.update(user_features_=torch.from_numpy(users).to(self.device),
                       item_features_=self.items)
        return learned
