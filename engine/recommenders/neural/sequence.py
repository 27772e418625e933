"""A GRU over each customer's baskets in time order, predicting what they buy next.

A basket is what a customer bought (or rated) on one day; a day with more than `basket_size`
products is cut, in time order, into baskets of that size, so a film fan's evening of 80
ratings reads as a sequence rather than one bag. Each step's input is the mean embedding of
its basket's products; the GRU's state after step t scores every product for what comes next,
trained on the multinomial likelihood of the products of the next `horizon` baskets (one
basket alone is a noisy target for a small shop; a few say "what this customer buys next"
more steadily). With `new_only`, products the customer already had by step t are not
targets, matching `recommend`, which shows only new products. Long histories are cut into
windows of `max_steps` steps for training; scoring runs the last `max_history` baskets, so
what a customer bought recently weighs most.

Early stopping holds out the last basket of a sample of customers and ranks it from the
baskets before, with the products they already have masked, as `recommend` does.
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
    VALIDATION_SHARE,
    VALIDATION_USERS,
    NeuralRecommender,
    _Run,
    seeded,
    softmax_loss,
    spans,
    validation_pass,
)

if TYPE_CHECKING:
    import torch

    from engine.recommenders.data import Interactions

ORDERED_KINDS = ("purchase", "rating")
CELLS = 1 << 14  # padded (sequence × step) cells the GRU runs at once when scoring


@dataclass(frozen=True)
class SequenceParams:
    """Hyper-parameters (the defaults validated best on Online Retail's training months):
    `basket_size` caps a basket, `horizon` is how many baskets ahead are targets, `max_steps`
    the training window and `max_history` the baskets scoring reads."""

    embedding: int = 64
    hidden: int = 128
    dropout: float = 0.5
    basket_size: int = 16
    horizon: int = 32
    new_only: bool = False
    max_steps: int = 32
    max_history: int = 200
    lr: float = 3e-3
    weight_decay: float = 0.0
    batch_size: int = 64
    epochs: int = 50
    early_stopping: bool = True
    patience: int = 5
    device: str = "auto"
    seed: int = 0


_D = SequenceParams()


@dataclass
class Baskets:
    """Every customer's baskets in time order, as nested CSR: basket b holds
    `items[basket_ptr[b]:basket_ptr[b + 1]]`; customer u owns baskets
    `user_ptr[u]:user_ptr[u + 1]`."""

    items: np.ndarray
    basket_ptr: np.ndarray
    user_ptr: np.ndarray

    @property
    def per_user(self) -> np.ndarray:
        return np.diff(self.user_ptr)


def baskets(train: Interactions, basket_size: int) -> Baskets:
    """Purchases (or ratings) grouped into baskets per customer and day; a shop with neither
    uses every interaction. A product bought twice on one day counts once in that basket."""
    log = train.log
    kinds = log["kind"]
    ordered = kinds.isin(ORDERED_KINDS)
    rows = log[ordered] if ordered.any() else log
    frame = pd.DataFrame({"user": rows["user"].to_numpy(np.int64),
                          "item": rows["item"].to_numpy(np.int64),
                          "time": rows["time"].to_numpy(),
                          "day": rows["time"].dt.floor("D").fillna(pd.Timestamp(0)).to_numpy()})
    frame = frame.sort_values(["user", "time", "item"], kind="stable")
    frame = frame.drop_duplicates(["user", "day", "item"])
    user = frame["user"].to_numpy()
    day = frame["day"].to_numpy()
    new_day = np.ones(len(frame), dtype=bool)
    new_day[1:] = (user[1:] != user[:-1]) | (day[1:] != day[:-1])
    day_start = np.maximum.accumulate(np.where(new_day, np.arange(len(frame)), 0))
    position = np.arange(len(frame)) - day_start
    new_basket = new_day | (position % max(basket_size, 1) == 0)
    starts = np.flatnonzero(new_basket)
    basket_ptr = np.append(starts, len(frame)).astype(np.int64)
    user_ptr = np.zeros(train.n_users + 1, dtype=np.int64)
    np.cumsum(np.bincount(user[starts], minlength=train.n_users), out=user_ptr[1:])
    return Baskets(frame["item"].to_numpy(np.int64), basket_ptr, user_ptr)


def windows(first: np.ndarray, count: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut runs of `count` input steps starting at basket `first` into windows of at most
    `length` steps: (first basket, steps) per window."""
    pieces = np.maximum(-(-count // length), 0)
    owner = np.repeat(np.arange(len(first)), pieces)
    index = np.arange(len(owner)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    start = first[owner] + index * length
    steps = np.minimum(length, count[owner] - index * length)
    return start.astype(np.int64), steps.astype(np.int64)


class SequenceRecommender(NeuralRecommender):
    """Next-basket GRU (see the module docstring)."""

    name = "sequence"
    Params = SequenceParams

    def __init__(self, *, embedding: int = _D.embedding, hidden: int = _D.hidden,
                 dropout: float = _D.dropout, basket_size: int = _D.basket_size,
                 horizon: int = _D.horizon, new_only: bool = _D.new_only,
                 max_steps: int = _D.max_steps, max_history: int = _D.max_history,
                 lr: float = _D.lr, weight_decay: float = _D.weight_decay,
                 batch_size: int = _D.batch_size, epochs: int = _D.epochs,
                 early_stopping: bool = _D.early_stopping, patience: int = _D.patience,
                 device: str = _D.device, seed: int = _D.seed) -> None:
        self.embedding = embedding
        self.hidden = hidden
        self.dropout = dropout
        self.basket_size = basket_size
        self.horizon = horizon
        self.new_only = new_only
        self.max_steps = max_steps
        self.max_history = max_history
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.epochs = epochs
        self.early_stopping = early_stopping
        self.patience = patience
        self.device = device
        self.seed = seed

    def _run(self, device: torch.device) -> _Run:
        return _SequenceRun(self.params, device)

    def _scores(self, users: np.ndarray) -> torch.Tensor:
        b = self.baskets_
        last = b.user_ptr[users + 1]
        first = np.maximum(b.user_ptr[users], last - self.max_history)
        return last_logits(self.network_, self.tensors_, first, last - first)

    def _dims(self) -> dict[str, Any]:
        return {}

    def _arrays(self) -> dict[str, np.ndarray]:
        b = self.baskets_
        return {"items": b.items, "basket_ptr": b.basket_ptr, "user_ptr": b.user_ptr}

    def _restore(self, dims: dict[str, Any], arrays: dict[str, np.ndarray],
                 network_state: dict[str, torch.Tensor], device: torch.device) -> None:
        from engine.recommenders.neural.nets import BasketGRU

        self.baskets_ = Baskets(arrays["items"], arrays["basket_ptr"], arrays["user_ptr"])
        self.tensors_ = _on(self.baskets_, device)
        self.network_ = BasketGRU(self.n_items_, self.embedding, self.hidden)
        self.network_.load_state_dict(network_state)
        self.network_.to(device)


def _on(b: Baskets, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    import torch

    return (torch.from_numpy(np.array(b.items, dtype=np.int64)).to(device),
            torch.from_numpy(np.array(b.basket_ptr, dtype=np.int64)).to(device))


def _grid(tensors: tuple[torch.Tensor, torch.Tensor], first: np.ndarray, steps: np.ndarray,
          ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, tuple[int, int]]:
    """The inputs of `BasketGRU.states` for sequences of `steps` baskets from `first`, plus
    the basket id at each filled grid cell."""
    import torch

    items, basket_ptr = tensors
    device = items.device
    width = max(int(steps.max()) if len(steps) else 1, 1)
    cell = (np.repeat(np.arange(len(first)) * width, steps)
            + np.arange(int(steps.sum())) - np.repeat(np.cumsum(steps) - steps, steps))
    basket = np.repeat(first - (np.cumsum(steps) - steps), steps) + np.arange(int(steps.sum()))
    basket_t = torch.from_numpy(basket.astype(np.int64)).to(device)
    positions, _local = spans(basket_ptr[basket_t], basket_ptr[basket_t + 1])
    lengths = basket_ptr[basket_t + 1] - basket_ptr[basket_t]
    offsets = torch.cumsum(lengths, 0) - lengths
    return (items[positions], offsets, torch.from_numpy(cell.astype(np.int64)).to(device),
            basket_t, (len(first), width))


def last_logits(network: Any, tensors: tuple[torch.Tensor, torch.Tensor], first: np.ndarray,
                steps: np.ndarray) -> torch.Tensor:
    """Scores of every product after each sequence's last basket; an empty sequence (a
    customer with no purchases) gets the state 0, i.e. the output bias: popularity.

    Sequences run in groups of similar length (at most `CELLS` padded steps a group), so one
    long history does not make every short one pay for its padding."""
    import torch

    device = tensors[0].device
    state = torch.zeros(len(first), network.out.in_features, device=device)
    order = np.argsort(steps, kind="stable")
    order = order[steps[order] > 0]
    begin = 0
    while begin < len(order):
        end = begin + 1
        while end < len(order) and (end + 1 - begin) * steps[order[end]] <= CELLS:
            end += 1
        group = order[begin:end]
        bag_items, offsets, cells, _basket, shape = _grid(tensors, first[group], steps[group])
        states = network.states(bag_items, offsets, cells, shape)
        ends = torch.from_numpy(steps[group] - 1).to(device)
        state[torch.from_numpy(group).to(device)] = states[torch.arange(len(group),
                                                                        device=device), ends]
        begin = end
    return network.logits(state)


class _SequenceRun(_Run):
    def __init__(self, p: SequenceParams, device: torch.device) -> None:
        import torch

        self.p, self.device = p, device
        self.shuffle = torch.Generator().manual_seed(p.seed)
        self.noise = torch.Generator(device=device).manual_seed(p.seed + 1)

    def prepare(self, train: Interactions) -> Generator[None, None, None]:
        import torch

        from engine.recommenders.neural.nets import BasketGRU

        p, device = self.p, self.device
        b = baskets(train, p.basket_size)
        yield
        per_user = b.per_user
        if (per_user >= 2).sum() == 0:
            raise NotEnoughData("The sequence model needs customers who bought on at least two "
                                "different days (or more products than fit in one basket).")
        n_items = train.n_items
        self.n_items, self.baskets = n_items, b
        self.recommendable = train.recommendable()
        self.tensors = _on(b, device)
        rng = np.random.default_rng(p.seed)
        eligible = np.flatnonzero(per_user >= 2)
        n_val = (min(VALIDATION_USERS, round(VALIDATION_SHARE * len(eligible)))
                 if p.early_stopping else 0)
        val_users = np.sort(rng.permutation(eligible)[:n_val])
        held = np.zeros(len(per_user), dtype=np.int64)
        held[val_users] = 1  # their last basket is not trained on
        inputs = per_user - held - 1  # input steps with a target after them
        users = np.flatnonzero(inputs > 0)
        # For every basket, the last basket of its customer that may be a target.
        owner = np.repeat(np.arange(len(per_user)), per_user)
        last_target = (b.user_ptr[1:] - 1 - held)[owner]
        self.target_end = torch.from_numpy(
            b.basket_ptr[np.minimum(np.arange(len(owner)) + p.horizon, last_target) + 1]
        ).to(device)
        self.windows = windows(b.user_ptr[users], inputs[users], p.max_steps)
        yield
        # The basket where each position's customer first bought its product: with
        # `new_only`, a target counts only if the customer has not had it yet.
        basket_of = np.repeat(np.arange(len(owner)), np.diff(b.basket_ptr))
        key = owner[basket_of] * n_items + b.items
        first = np.array(pd.Series(basket_of).groupby(key).transform("min"), dtype=np.int64)
        self.first_basket = torch.from_numpy(first).to(device)
        yield
        self._validation_setup(val_users)
        with seeded(p.seed):
            self.network = BasketGRU(n_items, p.embedding, p.hidden).to(device)
        self.optimiser = torch.optim.Adam(self.network.parameters(), lr=p.lr,
                                          weight_decay=p.weight_decay)

    def _validation_setup(self, val_users: np.ndarray) -> None:
        """Each validation customer's history without their last basket, and the products of
        that basket they had not had before (customers without any are left out); sorted by
        history length, so validation runs in groups of similar length."""
        b = self.baskets
        last = b.user_ptr[val_users + 1] - 1
        first = np.maximum(b.user_ptr[val_users], last - self.p.max_history)
        steps = last - first
        history, relevant, keep = [], [], []
        for r in np.argsort(steps, kind="stable"):
            had = b.items[b.basket_ptr[b.user_ptr[val_users[r]]]:b.basket_ptr[last[r]]]
            target = b.items[b.basket_ptr[last[r]]:b.basket_ptr[last[r] + 1]]
            new = np.setdiff1d(target, had)
            new = new[self.recommendable[new]]
            if len(new):
                keep.append(r)
                relevant.append(new)
                history.append(np.unique(had))
        keep = np.asarray(keep, dtype=np.int64)
        self.val_first, self.val_steps = first[keep], steps[keep]
        self.val_relevant = relevant
        rows = np.repeat(np.arange(len(history)), [len(h) for h in history])
        cols = np.concatenate(history) if history else np.empty(0, dtype=np.int64)
        self.val_seen = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                                      shape=(len(history), self.n_items))

    def _batches(self) -> Iterator[float]:
        import torch
        import torch.nn.functional as F

        p = self.p
        starts, steps = self.windows
        order = torch.randperm(len(starts), generator=self.shuffle).numpy()
        items, basket_ptr = self.tensors
        self.network.train()
        for begin in range(0, len(order), p.batch_size):
            chosen = order[begin:begin + p.batch_size]
            bag_items, offsets, cells, basket, shape = _grid(self.tensors, starts[chosen],
                                                             steps[chosen])
            states = self.network.states(bag_items, offsets, cells, shape, drop=p.dropout,
                                         generator=self.noise)
            logits = self.network.logits(states.reshape(-1, states.shape[-1])[cells])
            log_p = F.log_softmax(logits, dim=1)
            positions, local = spans(basket_ptr[basket + 1], self.target_end[basket])
            if p.new_only:
                new = self.first_basket[positions] > basket[local]
                positions, local = positions[new], local[new]
            size = torch.bincount(local, minlength=len(basket)).float()
            picked = log_p[local, items[positions]] / size[local]
            loss = -picked.sum() / max(int((size > 0).sum()), 1)
            self.optimiser.zero_grad(set_to_none=True)
            loss.backward()
            self.optimiser.step()
            yield float(loss.detach())

    def validate(self) -> Generator[None, None, tuple[float | None, float | None]]:
        self.network.eval()

        def scores_of(part: np.ndarray) -> torch.Tensor:
            return last_logits(self.network, self.tensors, self.val_first[part],
                               self.val_steps[part])

        return (yield from validation_pass(scores_of, np.arange(len(self.val_relevant)),
                                           self.val_relevant, self.val_seen,
                                           self.recommendable, softmax_loss))

    def finish(self, state: dict[str, torch.Tensor]) -> dict[str, Any]:
        learned = super().finish(state)
        learned.update(baskets_=self.baskets, tensors_=self.tensors)
        return learned
