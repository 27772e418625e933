"""What the three neural recommenders share: the training loop with early stopping, progress
and cancel, the device, thread count and seed, scoring in batches, "which customers to offer
product P", and saving as tensors + JSON.

A model supplies a *run* (`_Run`): the tensors, network and optimiser of one training run,
which trains an epoch in steps, validates, and snapshots its weights. `iter_fit` drives it and
touches `self` only after the last epoch, so closing the generator (the cancel) leaves a
previously fitted model exactly as it was.
"""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

import numpy as np
import scipy.sparse as sp

from engine.device import probe_device
from engine.recommenders.base import EpochProgress, EpochReport, Recommender, check_enough

if TYPE_CHECKING:
    import torch

    from engine.recommenders.data import Interactions

log = logging.getLogger(__name__)

STATE_FILE = "state.pt"
PARAMS_FILE = "params.json"
FORMAT = "shopsense-neural/1"
YIELD_EVERY_S = 0.4  # a long epoch still reaches a cancel point this often
SCORE_BATCH = 256
VALIDATION_USERS = 1000  # early stopping scores at most this many customers
VALIDATION_SHARE = 0.25  # ... and at most this share of them
HOLDOUT_SHARE = 0.2  # of each validation customer's products
MIN_IMPROVEMENT = 1e-4
METRIC = "ndcg@10"
# Measured on 2 cores (tests/bench/bench_topn.py notes): these small networks train as fast
# or faster on one thread as on two, and one leaves a core for the user interface.
THREADS = 1


@contextmanager
def torch_threads(count: int) -> Iterator[None]:
    """Run torch on `count` CPU threads here, and restore the previous count afterwards."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


# ---------------------------------------------------------------------------- validation


@dataclass
class Holdout:
    """Products held out of training for early stopping: `relevant[r]` are the held-out
    products of customer `users[r]`; `fit` is the training matrix without them."""

    fit: sp.csr_matrix
    users: np.ndarray
    relevant: list[np.ndarray]

    def held(self) -> sp.csr_matrix:
        """users × items, 1 at every held-out pair."""
        rows = np.repeat(self.users, [len(r) for r in self.relevant])
        cols = np.concatenate(self.relevant) if self.relevant else np.empty(0, dtype=np.int64)
        return sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                             shape=self.fit.shape)


def holdout_items(matrix: sp.csr_matrix, rng: np.random.Generator,
                  first_seen: sp.csr_matrix | None = None,
                  max_users: int = VALIDATION_USERS) -> Holdout:
    """Hold out `HOLDOUT_SHARE` of the products of a random sample of customers (Liang et al.'s
    protocol, on customers of the training data): the validation score then asks the same
    question as the test, "what else will this customer want?". With `first_seen` (users ×
    items, when each pair first happened, larger = later) the held-out products are each
    customer's latest instead of random ones: "what will they want next?"."""
    matrix = sp.csr_matrix(matrix)
    matrix.sort_indices()
    if first_seen is not None:
        first_seen = sp.csr_matrix(first_seen)
        first_seen.sort_indices()
    counts = np.diff(matrix.indptr)
    eligible = np.flatnonzero(counts >= 2)
    n_val = min(max_users, round(VALIDATION_SHARE * len(eligible)))
    users = np.sort(rng.permutation(eligible)[:n_val])
    relevant = []
    for user in users:
        start, end = matrix.indptr[user], matrix.indptr[user + 1]
        items = matrix.indices[start:end]
        take = max(1, round(HOLDOUT_SHARE * len(items)))
        if first_seen is None:
            chosen = np.sort(rng.choice(items, size=take, replace=False))
        else:
            a, b = first_seen.indptr[user], first_seen.indptr[user + 1]
            known, days = first_seen.indices[a:b], first_seen.data[a:b]
            at = np.minimum(np.searchsorted(known, items), max(len(known) - 1, 0))
            when = np.where(known[at] == items, days[at], 0) if len(known) else np.zeros(
                len(items))
            chosen = np.sort(items[np.argsort(-when, kind="stable")[:take]])
        relevant.append(chosen)
    out = Holdout(matrix, users, relevant)
    fit = matrix - matrix.multiply(out.held() > 0)
    fit.eliminate_zeros()
    out.fit = sp.csr_matrix(fit, dtype=np.float32)
    return out


def validation_pass(scores_of: Callable[[np.ndarray], torch.Tensor], rows: np.ndarray,
                    relevant: list[np.ndarray], seen: sp.csr_matrix, recommendable: np.ndarray,
                    loss_of: Callable[[torch.Tensor, list[np.ndarray]], torch.Tensor],
                    chunk: int = SCORE_BATCH,
                    ) -> Generator[None, None, tuple[float | None, float | None]]:
    """(mean loss, NDCG@10) of held-out products, scored a chunk of customers at a time
    (yielding between chunks). `scores_of(positions)` scores the customers at those positions
    of `rows`, which are their rows of `seen` (what they had, masked before ranking)."""
    import torch

    if not len(rows):
        return None, None
    loss_sum, ndcg_sum = 0.0, 0.0
    with torch.no_grad():
        for start in range(0, len(rows), chunk):
            part = np.arange(start, min(start + chunk, len(rows)))
            logits = scores_of(part)
            wanted = relevant[start:start + len(part)]
            loss_sum += float(loss_of(logits, wanted)) * len(part)
            mask_rows(logits, seen, rows[part], recommendable)
            ndcg_sum += ndcg_at(logits, wanted) * len(part)
            yield
    return loss_sum / len(rows), ndcg_sum / len(rows)


def softmax_loss(logits: torch.Tensor, relevant: list[np.ndarray]) -> torch.Tensor:
    """Mean over rows of -mean log-softmax of each row's relevant products."""
    import torch

    log_p = torch.log_softmax(logits, dim=1)
    return -torch.stack([log_p[r, torch.from_numpy(items).to(logits.device)].mean()
                         for r, items in enumerate(relevant)]).mean()


def ndcg_at(scores: torch.Tensor, relevant: list[np.ndarray], k: int = 10) -> float:
    """Mean NDCG@k of score rows (already masked) against each row's relevant products, as in
    engine.recommenders.metrics."""
    if not relevant:
        return math.nan
    top = scores.topk(min(k, scores.shape[1]), dim=1).indices.cpu().numpy()
    gains = 1.0 / np.log2(np.arange(2, top.shape[1] + 2))
    ideal = np.cumsum(gains)
    total = 0.0
    for row, items in zip(top, relevant, strict=True):
        hits = np.isin(row, items)
        total += float((hits * gains).sum() / ideal[min(len(items), len(gains)) - 1])
    return total / len(relevant)


# ---------------------------------------------------------------------------- tensors


def csr_tensors(matrix: sp.csr_matrix, device: torch.device | str,
                ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(indptr, indices, data) of a CSR matrix as int64/int64/float32 tensors."""
    import torch

    matrix = sp.csr_matrix(matrix)
    matrix.sort_indices()
    return (torch.from_numpy(matrix.indptr.astype(np.int64)).to(device),
            torch.from_numpy(matrix.indices.astype(np.int64)).to(device),
            torch.from_numpy(matrix.data.astype(np.float32)).to(device))


def csr_positions(indptr: torch.Tensor, rows: torch.Tensor,
                  ) -> tuple[torch.Tensor, torch.Tensor]:
    """Positions of the CSR entries of `rows`, concatenated, and the batch row of each."""
    return spans(indptr[rows], indptr[rows + 1])


def spans(starts: torch.Tensor, ends: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Every position of the ranges [starts[r], ends[r]), concatenated, and the r of each."""
    import torch

    lengths = ends - starts
    total = int(lengths.sum())
    local = torch.repeat_interleave(torch.arange(len(starts), device=starts.device), lengths,
                                    output_size=total)
    offsets = torch.cumsum(lengths, 0) - lengths
    positions = torch.arange(total, device=starts.device) + (starts - offsets)[local]
    return positions, local


def dense_rows(csr: tuple[torch.Tensor, torch.Tensor, torch.Tensor], rows: torch.Tensor,
               n_cols: int) -> torch.Tensor:
    """Rows of a CSR matrix (as tensors) as a dense [len(rows), n_cols] float tensor: big
    catalogues never need the whole matrix dense."""
    import torch

    indptr, indices, data = csr
    positions, local = csr_positions(indptr, rows)
    out = torch.zeros(len(rows), n_cols, device=data.device)
    out[local, indices[positions]] = data[positions]
    return out


def mask_rows(scores: torch.Tensor, matrix: sp.csr_matrix, rows: np.ndarray,
              recommendable: np.ndarray) -> None:
    """Set scores[r, j] = -inf where matrix[rows[r], j] is nonzero or product j is not
    recommendable (in place): validation ranks what `recommend` would show."""
    import torch

    scores[:, torch.from_numpy(~np.asarray(recommendable, dtype=bool)).to(scores.device)] = (
        -math.inf)
    sub = sp.csr_matrix(matrix[rows]).tocoo()
    if sub.nnz:
        scores[torch.from_numpy(sub.row.astype(np.int64)).to(scores.device),
               torch.from_numpy(sub.col.astype(np.int64)).to(scores.device)] = -math.inf


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """torch's global generator seeded for what runs inside (initial weights), and put back
    as it was afterwards, so other torch users see no difference."""
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


# ---------------------------------------------------------------------------- the run


class _Run(ABC):
    """One training run on one device; see the module docstring. Its generators yield at
    safe points (after a batch, between validation chunks, between preparation stages), each
    no more than a fraction of a second apart: `iter_fit` turns them into cancel points."""

    network: torch.nn.Module

    @abstractmethod
    def prepare(self, train: Interactions) -> Generator[None, None, None]:
        """Build the training data, validation slice and network."""

    @abstractmethod
    def _batches(self) -> Iterator[float]:
        """Train one epoch, yielding each batch's loss."""

    def epoch(self) -> Generator[float, None, float]:
        """Train one epoch: yields the mean loss so far after every batch, returns the mean."""
        total, count = 0.0, 0
        for loss in self._batches():
            total, count = total + loss, count + 1
            yield total / count
        return total / max(count, 1)

    @abstractmethod
    def validate(self) -> Generator[None, None, tuple[float | None, float | None]]:
        """(validation loss, NDCG@10) of the held-out slice, or (None, None) without one."""

    def snapshot(self) -> dict[str, torch.Tensor]:
        return {k: v.detach().clone() for k, v in self.network.state_dict().items()}

    def finish(self, state: dict[str, torch.Tensor]) -> dict[str, Any]:
        """The learned attributes (names ending in `_`) of the fitted model: the network with
        the chosen weights, in evaluation mode, and whatever scoring needs besides."""
        self.network.load_state_dict(state)
        self.network.eval()
        return {"network_": self.network}


def cancel_points(steps: Generator[Any, None, Any], epoch: int, epochs: int,
                  started: float) -> Generator[EpochReport, None, Any]:
    """Drive `steps` to its end and return its value, yielding an `EpochProgress` whenever
    `YIELD_EVERY_S` has passed since the last one (a float yielded is the loss so far)."""
    last = time.perf_counter()
    while True:
        try:
            value = next(steps)
        except StopIteration as done:
            return done.value
        now = time.perf_counter()
        if now - last >= YIELD_EVERY_S:
            loss = float(value) if isinstance(value, float) else math.nan
            yield EpochProgress(epoch, epochs, loss, None, None, METRIC, now - started)
            last = now


# ---------------------------------------------------------------------------- the model


class NeuralRecommender(Recommender):
    """Base of the neural recommenders: subclasses set `Params` (a frozen dataclass whose
    fields are the keyword arguments of `__init__`, including `epochs`, `patience`,
    `early_stopping`, `device` and `seed`) and implement `_run`, `_dims`, `_arrays`,
    `_restore` and `_scores`."""

    Params: ClassVar[type]
    kinds: ClassVar[dict[str, type[NeuralRecommender]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name:
            NeuralRecommender.kinds[cls.name] = cls

    # ------------------------------------------------------------------ parameters

    def get_params(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self.Params)}

    @property
    def params(self) -> Any:
        return self.Params(**self.get_params())

    # ------------------------------------------------------------------ training

    def iter_fit(self, train: Interactions) -> Generator[EpochReport, None, Self]:
        """Train, yielding a report every epoch, and `EpochProgress` cancel points while it
        prepares the data and within epochs and validations (about every half second).

        Stops when NDCG@10 of the validation slice has not improved for `patience` epochs,
        keeping the weights of its best epoch."""
        check_enough(train)
        p = self.params
        if p.epochs < 1:
            raise ValueError("epochs must be at least 1")
        if "torch" not in sys.modules:  # importing it takes a second or two: say so first
            yield EpochProgress(1, p.epochs, math.nan, None, None, METRIC, 0.0)
        import torch

        info = probe_device(p.device)
        device = torch.device(info.torch_device)
        with torch_threads(THREADS):
            run = self._run(device)
            yield from cancel_points(run.prepare(train), 1, p.epochs, time.perf_counter())
            history: list[EpochReport] = []
            best_metric, best_epoch, waited = -math.inf, 0, 0
            best_state: dict[str, torch.Tensor] | None = None
            for epoch in range(1, p.epochs + 1):
                started = time.perf_counter()
                train_loss = yield from cancel_points(run.epoch(), epoch, p.epochs, started)
                val_loss, val_metric = yield from cancel_points(run.validate(), epoch, p.epochs,
                                                                started)
                report = EpochReport(epoch, p.epochs, train_loss, val_loss, val_metric, METRIC,
                                     time.perf_counter() - started)
                history.append(report)
                log.debug("%s %s", self.name, report)
                yield report
                if val_metric is None or math.isnan(val_metric):
                    continue
                if val_metric > best_metric + MIN_IMPROVEMENT:
                    best_metric, best_epoch, waited = val_metric, epoch, 0
                    best_state = run.snapshot()
                else:
                    waited += 1
                    if p.early_stopping and waited >= p.patience:
                        break
            learned = run.finish(best_state if best_state is not None else run.snapshot())
        self._remember(train)
        for name, value in learned.items():
            setattr(self, name, value)
        self.device_ = info
        self.history_ = history
        self.best_epoch_ = best_epoch or len(history)
        return self

    @abstractmethod
    def _run(self, device: torch.device) -> _Run:
        """A new training run with this model's parameters (cheap: `prepare` does the work)."""

    # ------------------------------------------------------------------ use

    def _check_fitted(self) -> None:
        if not hasattr(self, "network_"):
            raise RuntimeError(f"{type(self).__name__} is not fitted yet: call fit first")

    @abstractmethod
    def _scores(self, users: np.ndarray) -> torch.Tensor:
        """Scores [len(users), n_items] on the model's device (under no_grad)."""

    def score_items(self, users: np.ndarray) -> np.ndarray:
        import torch

        self._check_fitted()
        users = np.asarray(users, dtype=np.int64)
        out = np.empty((len(users), self.n_items_), dtype=np.float32)
        with torch_threads(THREADS), torch.no_grad():
            for start in range(0, len(users), SCORE_BATCH):
                batch = users[start:start + SCORE_BATCH]
                out[start:start + len(batch)] = self._scores(batch).float().cpu().numpy()
        return out

    def _item_column(self, item: int) -> np.ndarray:
        """Every customer's score for `item` (subclasses with a cheaper way override it)."""
        users = np.arange(self.n_users_)
        column = np.empty(len(users), dtype=np.float32)
        for start in range(0, len(users), SCORE_BATCH):
            batch = users[start:start + SCORE_BATCH]
            column[start:start + len(batch)] = self.score_items(batch)[:, item]
        return column

    def customers_for_item(self, item: int, n: int = 10, *,
                           exclude_buyers: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """The `n` customers with the highest score for `item`, best first, and their scores:
        "which customers should we offer product P". Customers with no history are left out
        (the model knows nothing about them), and so, with `exclude_buyers`, are those who
        already bought it."""
        self._check_fitted()
        scores = self._item_column(int(item)).astype(np.float32)
        known = np.diff(sp.csr_matrix(self.seen_ + self.views_).indptr) > 0
        scores[~known] = -np.inf
        if exclude_buyers:
            scores[self.seen_[:, int(item)].nonzero()[0]] = -np.inf
        n = max(0, min(n, int(np.isfinite(scores).sum())))
        order = np.argsort(-scores, kind="stable")[:n]
        return order, scores[order]

    # ------------------------------------------------------------------ files

    @abstractmethod
    def _dims(self) -> dict[str, Any]:
        """Sizes (and other JSON facts) needed to rebuild the network before loading it."""

    @abstractmethod
    def _arrays(self) -> dict[str, np.ndarray]:
        """Learned arrays besides the network (e.g. the inputs scoring reads)."""

    def _restore(self, dims: dict[str, Any], arrays: dict[str, np.ndarray],
                 network_state: dict[str, torch.Tensor], device: torch.device) -> None:
        """Rebuild the learned state from `_dims`, `_arrays` and the network's weights."""

    def save(self, directory: Path | str) -> Path:
        """Write `state.pt` (tensors only) and `params.json` into `directory`."""
        import torch

        self._check_fitted()
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        tensors = {f"net.{k}": v.detach().cpu().contiguous()
                   for k, v in self.network_.state_dict().items()}
        arrays = dict(self._arrays())
        for name, matrix in (("seen", self.seen_), ("views", self.views_)):
            matrix = sp.csr_matrix(matrix)
            arrays.update({f"{name}_indptr": matrix.indptr.astype(np.int64),
                           f"{name}_indices": matrix.indices.astype(np.int64),
                           f"{name}_data": matrix.data.astype(np.float32)})
        arrays["recommendable"] = np.asarray(self.recommendable_, dtype=bool)
        tensors.update({f"data.{k}": torch.from_numpy(np.array(v))
                        for k, v in arrays.items()})
        torch.save(tensors, directory / STATE_FILE)
        meta = {"format": FORMAT, "model": self.name, "params": self.get_params(),
                "dims": self._dims(), "n_users": self.n_users_, "n_items": self.n_items_,
                "verb": self.verb_, "item_names": [str(n) for n in self.item_names_],
                "best_epoch": self.best_epoch_, "device": asdict(self.device_),
                "history": [asdict(r) for r in self.history_]}
        (directory / PARAMS_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        return directory

    @classmethod
    def load(cls, directory: Path | str, *, device: str = "cpu") -> NeuralRecommender:
        """A model saved by `save`, on `device`; tensors are read with `weights_only=True`,
        so a model file can hold no code. Called on this base class, any neural model."""
        import torch

        directory = Path(directory)
        meta = json.loads((directory / PARAMS_FILE).read_text(encoding="utf-8"))
        kind = NeuralRecommender.kinds.get(meta.get("model", ""))
        if meta.get("format") != FORMAT or kind is None or not issubclass(kind, cls):
            raise ValueError(f"{directory} does not hold a ShopSense {cls.name or 'neural'} "
                             "model")
        info = probe_device(device)
        tensors = torch.load(directory / STATE_FILE, map_location=info.torch_device,
                             weights_only=True)
        known = {f.name for f in fields(kind.Params)}
        model = kind(**{k: v for k, v in meta["params"].items() if k in known})
        n_users, n_items = int(meta["n_users"]), int(meta["n_items"])
        arrays = {k[5:]: v.cpu().numpy() for k, v in tensors.items() if k.startswith("data.")}
        network_state = {k[4:]: v for k, v in tensors.items() if k.startswith("net.")}

        def csr(name: str) -> sp.csr_matrix:
            parts = tuple(arrays.pop(f"{name}_{p}") for p in ("data", "indices", "indptr"))
            return sp.csr_matrix(parts, shape=(n_users, n_items))

        model.n_users_, model.n_items_ = n_users, n_items
        model.seen_, model.views_ = csr("seen"), csr("views")
        model.recommendable_ = arrays.pop("recommendable").astype(bool)
        model.item_names_ = np.asarray(meta["item_names"], dtype=object)
        model.verb_ = meta["verb"]
        model._restore(meta["dims"], arrays, network_state, torch.device(info.torch_device))
        model.network_.eval()
        model.device_ = info
        model.best_epoch_ = int(meta["best_epoch"])
        model.history_ = [EpochReport(**r) for r in meta["history"]]
        return model
