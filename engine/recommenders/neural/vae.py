"""Mult-VAE (Liang et al. 2018, "Variational Autoencoders for Collaborative Filtering"), and
Mult-DAE with `variational=False`.

Each customer is one row of the customers × products confidence matrix, binarised or
log-scaled (`scaling`); the encoder squeezes the L2-normalised, dropped-out row into a small
code and the decoder spreads it over a softmax on every product, trained on the multinomial
likelihood of the row. The KL weight grows linearly from 0 to `beta` over `anneal_steps`
batches (annealing keeps the code informative early on; a small cap beats the full ELBO for
ranking). Scoring a customer is one pass of their whole row with the mean code, so a customer
needs no retraining after buying more, and the model is as cheap on a GPU as on a laptop.

`future` > 0 adds a time-aware objective for shops (our addition, not in the paper): for that
share of customers in each batch who shopped on two or more days, the input is what they had
bought before a randomly chosen purchase day and the target what they bought from that day
on. The denoising objective alone teaches "what goes with what"; this one teaches "what comes
next", which is what a shop asks of a recommender. Early stopping then holds out each
validation customer's latest products rather than random ones.
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
    csr_tensors,
    dense_rows,
    holdout_items,
    seeded,
    softmax_loss,
    validation_pass,
)

if TYPE_CHECKING:
    import torch

    from engine.recommenders.data import Interactions

SCALINGS = ("binary", "log")


@dataclass(frozen=True)
class MultVAEParams:
    """Hyper-parameters. `hidden` 0 drops the hidden layer (the paper's 600): on MovieLens
    100K and Online Retail, small data by the paper's standards, the linear encoder and
    decoder validated better (tests/bench/bench_topn.py). `scaling` turns confidence into the
    input: "binary" (bought or not) or "log" (log1p of the confidence, so a regular buyer of a
    product counts more than a one-off without drowning the rest). `future` defaults to 1
    because shops are asked "what next?"; on data without a meaningful order (a random
    holdout of ratings) 0 validates better."""

    hidden: int = 0
    latent: int = 200
    variational: bool = True
    beta: float = 0.2
    anneal_steps: int = 2000
    dropout: float = 0.5
    scaling: str = "log"
    future: float = 1.0
    lr: float = 1e-3
    weight_decay: float = 0.0
    batch_size: int = 128
    epochs: int = 200
    early_stopping: bool = True
    patience: int = 20
    device: str = "auto"
    seed: int = 0


_D = MultVAEParams()


def scale(values: np.ndarray, scaling: str) -> np.ndarray:
    """Confidence → model input: binary or log1p; negative confidence counts 0."""
    values = np.maximum(values, 0)
    if scaling == "binary":
        return (values > 0).astype(np.float32)
    if scaling == "log":
        return np.log1p(values).astype(np.float32)
    raise ValueError(f"scaling must be one of {', '.join(SCALINGS)}, not {scaling!r}")


def scaled(confidence: sp.csr_matrix, scaling: str) -> sp.csr_matrix:
    """The model's input matrix from the confidence matrix (see `scale`)."""
    matrix = sp.csr_matrix(confidence, dtype=np.float32, copy=True)
    matrix.data = scale(matrix.data, scaling)
    matrix.eliminate_zeros()
    return matrix


@dataclass
class Timeline:
    """Each customer's confidence events in day order, as CSR by customer: event e of customer
    u (ptr[u] <= e < ptr[u + 1]) adds values[e] to product items[e] on day days[e]."""

    ptr: np.ndarray
    items: np.ndarray
    days: np.ndarray
    values: np.ndarray

    def first_seen(self, shape: tuple[int, int]) -> sp.csr_matrix:
        """users × items: 1 + the day each pair first happened (0 = never)."""
        users = np.repeat(np.arange(len(self.ptr) - 1), np.diff(self.ptr))
        frame = pd.DataFrame({"u": users, "i": self.items, "d": self.days + 1})
        first = frame.groupby(["u", "i"], sort=False)["d"].min().reset_index()
        return sp.csr_matrix((first["d"].to_numpy(np.float32), (first["u"], first["i"])),
                             shape=shape)


def timeline(train: Interactions, leave_out: sp.csr_matrix | None = None) -> Timeline:
    """The confidence of `train` as dated events (what `confidence` sums), without the
    (user, item) pairs of `leave_out`."""
    log = train.log
    per_kind = {kind: train.weights.of(kind) for kind in log["kind"].unique()}
    values = log["weight"].to_numpy(np.float32) * log["kind"].map(per_kind).to_numpy(np.float32)
    times = log["time"]
    start = times.min() if times.notna().any() else pd.Timestamp(0)
    days = ((times - start).dt.days.fillna(0)).to_numpy(np.int64)
    users = log["user"].to_numpy(np.int64)
    items = log["item"].to_numpy(np.int64)
    keep = values != 0
    if leave_out is not None and leave_out.nnz:
        coo = leave_out.tocoo()
        held = coo.row.astype(np.int64) * train.n_items + coo.col
        keep &= ~np.isin(users * train.n_items + items, held)
    order = np.lexsort((days[keep], users[keep]))
    users, items, days, values = (a[keep][order] for a in (users, items, days, values))
    ptr = np.zeros(train.n_users + 1, dtype=np.int64)
    np.cumsum(np.bincount(users, minlength=train.n_users), out=ptr[1:])
    return Timeline(ptr, items, days, values)


def cut_rows(line: Timeline, users: np.ndarray, n_items: int, future: float, scaling: str,
             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Dense (input, target) rows: for a `future` share of the customers who shopped on two or
    more days, before / from a random one of their purchase days; for the rest, all of it."""
    x = np.zeros((len(users), n_items), dtype=np.float32)
    y = np.zeros((len(users), n_items), dtype=np.float32)
    for row, user in enumerate(users):
        a, b = line.ptr[user], line.ptr[user + 1]
        days, items, values = line.days[a:b], line.items[a:b], line.values[a:b]
        np.add.at(y[row], items, values)
        if b > a and days[0] != days[-1] and rng.random() < future:
            distinct = np.unique(days)
            before = days < distinct[rng.integers(1, len(distinct))]
            np.add.at(x[row], items[before], values[before])
            np.add.at(y[row], items[before], -values[before])
        else:
            x[row] = y[row]
    return scale(x, scaling), scale(y, scaling)


class MultVAERecommender(NeuralRecommender):
    """Mult-VAE / Mult-DAE over each customer's confidence row (see the module docstring)."""

    name = "vae"
    Params = MultVAEParams

    def __init__(self, *, hidden: int = _D.hidden, latent: int = _D.latent,
                 variational: bool = _D.variational, beta: float = _D.beta,
                 anneal_steps: int = _D.anneal_steps, dropout: float = _D.dropout,
                 scaling: str = _D.scaling, future: float = _D.future, lr: float = _D.lr,
                 weight_decay: float = _D.weight_decay, batch_size: int = _D.batch_size,
                 epochs: int = _D.epochs, early_stopping: bool = _D.early_stopping,
                 patience: int = _D.patience, device: str = _D.device,
                 seed: int = _D.seed) -> None:
        self.hidden = hidden
        self.latent = latent
        self.variational = variational
        self.beta = beta
        self.anneal_steps = anneal_steps
        self.dropout = dropout
        self.scaling = scaling
        self.future = future
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.epochs = epochs
        self.early_stopping = early_stopping
        self.patience = patience
        self.device = device
        self.seed = seed

    def _run(self, device: torch.device) -> _Run:
        return _VAERun(self.params, device)

    def _scores(self, users: np.ndarray) -> torch.Tensor:
        import torch

        rows = torch.from_numpy(users).to(self.inputs_[0].device)
        logits, _kl = self.network_(dense_rows(self.inputs_, rows, self.n_items_))
        return logits

    def _dims(self) -> dict[str, Any]:
        return {}

    def _arrays(self) -> dict[str, np.ndarray]:
        return {name: t.cpu().numpy() for name, t in zip(("indptr", "indices", "data"),
                                                          self.inputs_, strict=True)}

    def _restore(self, dims: dict[str, Any], arrays: dict[str, np.ndarray],
                 network_state: dict[str, torch.Tensor], device: torch.device) -> None:
        import torch

        from engine.recommenders.neural.nets import MultVAE

        self.inputs_ = tuple(torch.from_numpy(arrays[k]).to(device)
                             for k in ("indptr", "indices", "data"))
        self.network_ = MultVAE(self.n_items_, self.hidden, self.latent, self.variational)
        self.network_.load_state_dict(network_state)
        self.network_.to(device)


class _VAERun(_Run):
    def __init__(self, p: MultVAEParams, device: torch.device) -> None:
        import torch

        self.p, self.device = p, device
        self.shuffle = torch.Generator().manual_seed(p.seed)
        self.noise = torch.Generator(device=device).manual_seed(p.seed + 1)
        self.cuts = np.random.default_rng(p.seed + 2)
        self.step = 0

    def prepare(self, train: Interactions) -> Generator[None, None, None]:
        import torch

        from engine.recommenders.neural.nets import MultVAE

        p = self.p
        inputs = scaled(train.confidence(), p.scaling)
        if inputs.nnz == 0:
            raise NotEnoughData("The autoencoder needs purchases (or ratings) to learn from.")
        self.n_items = inputs.shape[1]
        self.recommendable = train.recommendable()
        line = timeline(train) if p.future > 0 else None
        yield
        first_seen = line.first_seen(inputs.shape) if line is not None else None
        yield
        val = (holdout_items(inputs, np.random.default_rng(p.seed), first_seen)
               if p.early_stopping else None)
        fit = val.fit if val is not None else inputs
        if line is not None and val is not None:
            yield
            line = timeline(train, leave_out=val.held())
        self.line, self.val, self.fit_matrix = line, val, fit
        self.all_inputs = csr_tensors(inputs, self.device)
        self.fit_inputs = csr_tensors(fit, self.device)
        self.active = np.flatnonzero(np.diff(fit.indptr) > 0)
        with seeded(p.seed):
            self.network = MultVAE(self.n_items, p.hidden, p.latent,
                                   p.variational).to(self.device)
        self.optimiser = torch.optim.Adam(self.network.parameters(), lr=p.lr,
                                          weight_decay=p.weight_decay)

    def _batches(self) -> Iterator[float]:
        import torch
        import torch.nn.functional as F

        p = self.p
        order = self.active[torch.randperm(len(self.active), generator=self.shuffle).numpy()]
        self.network.train()
        for start in range(0, len(order), p.batch_size):
            users = order[start:start + p.batch_size]
            if self.line is None:
                x = y = dense_rows(self.fit_inputs, torch.from_numpy(users).to(self.device),
                                   self.n_items)
            else:
                x, y = (torch.from_numpy(a).to(self.device) for a in cut_rows(
                    self.line, users, self.n_items, p.future, p.scaling, self.cuts))
            logits, kl = self.network(x, drop=p.dropout, generator=self.noise)
            nll = -(F.log_softmax(logits, dim=1) * y).sum(dim=1).mean()
            beta = p.beta * min(1.0, self.step / max(p.anneal_steps, 1))
            loss = nll + beta * kl
            self.optimiser.zero_grad(set_to_none=True)
            loss.backward()
            self.optimiser.step()
            self.step += 1
            yield float(nll.detach())

    def validate(self) -> Generator[None, None, tuple[float | None, float | None]]:
        import torch

        if self.val is None:
            return None, None
        self.network.eval()
        users = self.val.users

        def scores_of(part: np.ndarray) -> torch.Tensor:
            rows = torch.from_numpy(users[part]).to(self.device)
            return self.network(dense_rows(self.fit_inputs, rows, self.n_items))[0]

        return (yield from validation_pass(scores_of, users, self.val.relevant, self.fit_matrix,
                                           self.recommendable, softmax_loss))

    def finish(self, state: dict[str, torch.Tensor]) -> dict[str, Any]:
        learned = super().finish(state)
        learned["inputs_"] = self.all_inputs  # score with every product, held-out ones too
        return learned
