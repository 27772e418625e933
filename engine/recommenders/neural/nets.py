"""The PyTorch modules of the neural recommenders.

Kept apart because it imports torch at module level: the recommender classes import it only
when they train, score or load, so `import engine.recommenders.neural` stays cheap.

Every source of randomness (dropout masks, the VAE's noise) takes an explicit
`torch.Generator`, so a run is reproducible from its seed whatever else uses torch's global
generator meanwhile.
"""

from __future__ import annotations

from itertools import pairwise

import torch
import torch.nn.functional as F
from torch import nn


def dropout(x: torch.Tensor, p: float, generator: torch.Generator | None) -> torch.Tensor:
    """Inverted dropout drawn from `generator` (None: evaluation, no dropout)."""
    if generator is None or p <= 0:
        return x
    keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
    return x * keep / (1.0 - p)


def _mlp(sizes: list[int]) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(pairwise(sizes)):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(nn.Tanh())
    return nn.Sequential(*layers)


class MultVAE(nn.Module):
    """Liang et al. 2018: an encoder of a customer's (normalised) product vector to a Gaussian
    latent code, and a decoder to a softmax over every product. `variational=False` gives
    Mult-DAE (a deterministic code, no KL term)."""

    def __init__(self, n_items: int, hidden: int, latent: int, variational: bool) -> None:
        super().__init__()
        self.variational = variational
        widths = [hidden] if hidden > 0 else []
        self.encoder = _mlp([n_items, *widths, 2 * latent if variational else latent])
        self.decoder = _mlp([latent, *widths, n_items])

    def forward(self, x: torch.Tensor, *, drop: float = 0.0,
                generator: torch.Generator | None = None,
                ) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits over products and the KL divergence (0 for Mult-DAE); with a generator,
        training mode (input dropout, sampled code), without one the mean code."""
        h = dropout(F.normalize(x, dim=1), drop, generator)
        code = self.encoder(h)
        if not self.variational:
            return self.decoder(code), code.new_zeros(())
        mu, logvar = code.chunk(2, dim=1)
        kl = -0.5 * torch.mean(torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1))
        if generator is not None:
            noise = torch.randn(mu.shape, generator=generator, device=mu.device)
            mu = mu + noise * torch.exp(0.5 * logvar)
        return self.decoder(mu), kl


class BasketGRU(nn.Module):
    """A GRU over a customer's baskets: each step's input is the mean embedding of the
    basket's products; the state after step t scores every product for basket t + 1."""

    def __init__(self, n_items: int, embedding: int, hidden: int) -> None:
        super().__init__()
        self.items = nn.Embedding(n_items, embedding)
        nn.init.normal_(self.items.weight, std=0.1)
        self.gru = nn.GRU(embedding, hidden, batch_first=True)
        self.out = nn.Linear(hidden, n_items)

    def states(self, bag_items: torch.Tensor, bag_offsets: torch.Tensor,
               step_of_bag: torch.Tensor, shape: tuple[int, int], *, drop: float = 0.0,
               generator: torch.Generator | None = None) -> torch.Tensor:
        """Hidden states [sequences, steps, hidden] of padded sequences of baskets.

        Basket b holds `bag_items[bag_offsets[b]:bag_offsets[b + 1]]` and sits at flat
        position `step_of_bag[b]` of the [sequences × steps] grid; empty grid cells are
        padding after a sequence's end, which a GRU (causal) never lets back in."""
        bags = F.embedding_bag(bag_items, self.items.weight, bag_offsets, mode="mean")
        bags = dropout(bags, drop, generator)
        grid = bags.new_zeros(shape[0] * shape[1], bags.shape[1])
        grid[step_of_bag] = bags
        states, _last = self.gru(grid.view(shape[0], shape[1], -1))
        return dropout(states, drop, generator)

    def logits(self, states: torch.Tensor) -> torch.Tensor:
        return self.out(states)


class PropensityNet(nn.Module):
    """P(customer buys product) from a pair's features: dense 128 → 64 → sigmoid.

    The input is [customer features, product features, customer factors ⊙ product factors];
    the first layer is split by those three parts, so scoring one customer against every
    product costs one small matrix product per part instead of materialising every pair."""

    def __init__(self, user_dim: int, item_dim: int, factors: int, hidden: tuple[int, int],
                 drop: float) -> None:
        super().__init__()
        self.factors = factors
        self.drop = drop
        self.user_in = nn.Linear(user_dim, hidden[0])
        self.item_in = nn.Linear(item_dim, hidden[0], bias=False)
        self.pair_in = nn.Linear(factors, hidden[0], bias=False)
        self.hidden = nn.Linear(hidden[0], hidden[1])
        self.head = nn.Linear(hidden[1], 1)

    def _rest(self, first: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
        h = dropout(torch.relu(first), self.drop, generator)
        h = dropout(torch.relu(self.hidden(h)), self.drop, generator)
        return self.head(h).squeeze(-1)

    def forward(self, users: torch.Tensor, items: torch.Tensor, *,
                generator: torch.Generator | None = None) -> torch.Tensor:
        """Logits of matched rows of user and item features."""
        k = self.factors
        first = (self.user_in(users) + self.item_in(items)
                 + self.pair_in(users[:, :k] * items[:, :k]))
        return self._rest(first, generator)

    def all_items(self, users: torch.Tensor, items: torch.Tensor) -> torch.Tensor:
        """Logits [len(users), len(items)] of every pair (evaluation: no dropout)."""
        k = self.factors
        per_user = self.user_in(users)  # [U, H]
        per_item = self.item_in(items)  # [I, H]
        # (u ⊙ i) W_p^T = i (diag(u) W_p^T): one [I, k] @ [k, H] product per user
        weighted = users[:, :k, None] * self.pair_in.weight.T[None]  # [U, k, H]
        pair = torch.matmul(items[None, :, :k], weighted)  # [U, I, H]
        first = pair + per_user[:, None, :] + per_item[None, :, :]
        return self._rest(first, None)
