"""SVD++: the implicit term and its gradient against loops, learning on real ratings, save and
load, cancel, seeds, too little data, and the device choice. CPU only (tests force it)."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
import torch

from engine import device as device_module
from engine.device import DeviceUnavailable, probe_device
from engine.recommenders import svdpp
from engine.recommenders.base import EpochReport, NotEnoughData
from engine.recommenders.data import Interactions, interactions_from_ratings, random_split
from engine.recommenders.metrics import rmse
from engine.recommenders.svdpp import (
    EpochProgress,
    SVDppRecommender,
    implicit_term,
)
from tests.conftest import data_file


def tiny_ratings(users: int = 30, items: int = 20, per_user: int = 8, seed: int = 0):
    """Ratings with a planted structure: two tastes, two kinds of item."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(users):
        taste = u % 2
        for i in rng.choice(items, per_user, replace=False):
            liked = (i % 2) == taste
            rows.append((f"u{u}", f"i{i}", 4 + rng.integers(0, 2) if liked else
                         1 + rng.integers(0, 2), 1_000_000 + len(rows)))
    return pd.DataFrame(rows, columns=["user", "item", "rating", "time"])


@pytest.fixture(scope="module")
def tiny() -> Interactions:
    return interactions_from_ratings(tiny_ratings())


@pytest.fixture(scope="module")
def movielens_subset() -> tuple[Interactions, Interactions]:
    """The first 200 users of MovieLens 100K (about 20,000 ratings), split 80/20."""
    path = data_file("ml-100k", "u.data")
    frame = pd.read_csv(path, sep="\t", names=["user", "item", "rating", "time"])
    frame = frame[frame["user"] <= 200]
    return random_split(interactions_from_ratings(frame), test_fraction=0.2, seed=0)


# ---------------------------------------------------------------------------- the maths


def test_implicit_term_and_gradient_match_loops():
    gen = torch.Generator().manual_seed(1)
    n_items, k = 6, 3
    Y = torch.randn(n_items, k, generator=gen, dtype=torch.float64, requires_grad=True)
    sets = [[0, 2, 5], [], [1], [2, 3, 4, 5]]  # N(u) per user; user 1 has none
    indptr = torch.tensor(np.cumsum([0] + [len(s) for s in sets]))
    indices = torch.tensor([j for s in sets for j in s])
    norm = torch.tensor([len(s) ** -0.5 if s else 0.0 for s in sets], dtype=torch.float64)
    users = torch.tensor([3, 0, 1, 2])
    z = implicit_term(Y, indptr, indices, norm, users)

    expected = torch.zeros(len(users), k, dtype=torch.float64)
    for row, u in enumerate(users.tolist()):
        for j in sets[u]:
            expected[row] += Y.detach()[j] / math.sqrt(len(sets[u]))
    torch.testing.assert_close(z, expected)

    upstream = torch.randn(len(users), k, generator=gen, dtype=torch.float64)
    (z * upstream).sum().backward()
    grad = torch.zeros(n_items, k, dtype=torch.float64)
    for row, u in enumerate(users.tolist()):
        for j in sets[u]:  # d/dy_j of Σ_u g_u·z_u = Σ_{u: j∈N(u)} |N(u)|^-½ g_u
            grad[j] += upstream[row] / math.sqrt(len(sets[u]))
    torch.testing.assert_close(Y.grad, grad)


def test_training_gradient_matches_the_loss_written_out(tiny, monkeypatch):
    """The first step's row gradients (gathered leaves, bincount penalties) equal autograd of
    the SVD++ objective written with loops over ratings and over N(u)."""
    captured = {}

    class Stop(Exception):
        pass

    def record(self, params, updates):
        captured.update({name: (rows.clone(), grad.clone()) for name, rows, grad in updates})
        raise Stop

    monkeypatch.setattr(svdpp._RowAdam, "step", record)
    p = svdpp.SVDppParams(factors=4, reg=0.07, reg_implicit=0.3, batch_size=10**6,
                          early_stopping=False, device="cpu")
    generator = torch.Generator().manual_seed(0)
    problem = svdpp._problem(tiny, p, generator)
    run = svdpp._Run(problem, p, torch.device("cpu"), generator)
    run.params["Y"] = torch.randn(run.params["Y"].shape, generator=generator) * 0.1
    start = {name: t.clone().double().requires_grad_(True) for name, t in run.params.items()}
    with pytest.raises(Stop):
        for _ in run.epoch():
            pass

    P, Q, Y, bu, bi = (start[n] for n in ("P", "Q", "Y", "bu", "bi"))
    n_sets = [problem.n_fit[1][problem.n_fit[0][u]:problem.n_fit[0][u + 1]]
              for u in range(problem.n_users)]
    loss, n = 0.0, 0
    for u in range(problem.n_users):
        z = sum((Y[j] for j in n_sets[u]), torch.zeros(4, dtype=torch.float64))
        z = z / math.sqrt(len(n_sets[u])) if len(n_sets[u]) else z
        for pos in range(problem.indptr[u], problem.indptr[u + 1]):
            i, r = problem.items[pos], problem.values[pos]
            pred = problem.mu + bu[u] + bi[i] + Q[i] @ (P[u] + z)
            loss = loss + (pred - r) ** 2 + p.reg * (P[u] @ P[u] + Q[i] @ Q[i] + bu[u] ** 2
                                                      + bi[i] ** 2)
            n += 1
        loss = loss + p.reg_implicit * sum((Y[j] @ Y[j] for j in n_sets[u]), 0.0)
    (loss / n).backward()
    for name, (rows, grad) in captured.items():
        torch.testing.assert_close(grad.double(), start[name].grad[rows], rtol=1e-4,
                                   atol=1e-6)
    assert set(captured) == {"P", "Q", "Y", "bu", "bi"}


def test_predictions_follow_the_formula(tiny):
    model = SVDppRecommender(factors=3, epochs=3, device="cpu").fit(tiny)
    s = {k: v.numpy() for k, v in model.state_.items()}
    indptr, indices = s["N_indptr"], s["N_indices"]
    users, items = np.array([0, 5, 7]), np.array([3, 0, 11])
    expected = []
    for u, i in zip(users, items, strict=True):
        history = indices[indptr[u]:indptr[u + 1]]
        z = s["Y"][history].sum(0) / math.sqrt(len(history))
        value = model.mu_ + s["bu"][u] + s["bi"][i] + s["Q"][i] @ (s["P"][u] + z)
        expected.append(min(max(value, 1.0), 5.0))
    np.testing.assert_allclose(model.predict(users, items), expected, rtol=1e-5)
    np.testing.assert_allclose(model.score_items(users)[np.arange(3), items],
                               expected, rtol=1e-5)


# ---------------------------------------------------------------------------- learning


def test_movielens_subset_trains_in_seconds_and_beats_the_baselines(movielens_subset):
    train, test = movielens_subset
    ratings, held = train.ratings(), test.ratings()
    started = time.perf_counter()
    model = SVDppRecommender(device="cpu").fit(train)
    seconds = time.perf_counter() - started
    ours = rmse(held["rating"], model.predict(held["user"].to_numpy(),
                                              held["item"].to_numpy()))
    mean = ratings["rating"].mean()
    global_mean = rmse(held["rating"], np.full(len(held), mean))
    item_mean = ratings.groupby("item")["rating"].mean()
    popularity = rmse(held["rating"], held["item"].map(item_mean).fillna(mean))
    assert seconds < 10
    assert ours < popularity - 0.02 < global_mean
    assert model.history_[0].metric_name == "rmse"
    assert all(r.val_metric is not None and r.train_loss > 0 for r in model.history_)


def test_implicit_variant_ranks_by_taste_and_uses_views():
    """Customers buy within one of two groups of products; one customer has only viewed a
    product of group A: browsing alone must put group A first for them."""
    rng = np.random.default_rng(0)
    rows = []
    for u in range(60):
        group = u % 2
        for i in rng.choice(10, 6, replace=False):
            rows.append((u, 2 * i + group, "purchase"))
    rows += [(60, 0, "view"), (60, 0, "view")]
    log = pd.DataFrame(rows, columns=["user", "item", "kind"])
    log = log.assign(user=log["user"].astype(np.int32), item=log["item"].astype(np.int32),
                     weight=np.float32(1), value=np.float32(np.nan),
                     time=pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(len(log)),
                                                                       unit="h"))
    names = [f"p{i}" for i in range(20)]
    data = Interactions(users=pd.Index([f"c{u}" for u in range(61)]), items=pd.Index(names),
                        item_info=pd.DataFrame({"sku": names, "name": names, "category": "",
                                                "description": "",
                                                "is_non_product": False}),
                        log=log)
    model = SVDppRecommender(implicit=True, factors=8, epochs=40, lr=0.05, reg=0.01,
                             patience=10, device="cpu").fit(data)
    assert model.history_[0].metric_name == "ndcg@10"
    scores = model.score_items(np.array([0, 1, 60]))
    even, odd = scores[:, 0::2].mean(1), scores[:, 1::2].mean(1)
    assert even[0] > odd[0] and odd[1] > even[1]
    assert even[2] > odd[2]  # the viewer: only N(u) speaks for them
    items, _ = model.recommend(np.array([60]), n=5)
    assert (items % 2 == 0).mean() > 0.5
    assert model.reason(60, 0) == "viewed 2 times"
    assert model.reason(0, int(items[0, 0])).startswith(("because you", "customers"))
    assert model.explicit is False


# ---------------------------------------------------------------------------- files, cancel, seeds


def test_save_then_load_gives_identical_predictions(tiny, tmp_path):
    model = SVDppRecommender(factors=4, epochs=5, device="cpu").fit(tiny)
    model.save(tmp_path / "svdpp")
    loaded = SVDppRecommender.load(tmp_path / "svdpp")
    users = np.arange(tiny.n_users)
    np.testing.assert_array_equal(model.score_items(users), loaded.score_items(users))
    items = np.arange(tiny.n_users) % tiny.n_items
    np.testing.assert_array_equal(model.predict(users, items), loaded.predict(users, items))
    for a, b in zip(model.recommend(users, 5), loaded.recommend(users, 5), strict=True):
        np.testing.assert_array_equal(a, b)
    assert loaded.get_params() == model.get_params()
    assert loaded.reason(0, 1) == model.reason(0, 1)
    assert sorted(p.name for p in (tmp_path / "svdpp").iterdir()) == ["params.json",
                                                                        "state.pt"]
    torch.load(tmp_path / "svdpp" / "state.pt", weights_only=True)  # plain tensors only


def test_closing_iter_fit_stops_and_keeps_the_previous_model(tiny, movielens_subset,
                                                             monkeypatch):
    model = SVDppRecommender(factors=4, epochs=3, batch_size=512, device="cpu").fit(tiny)
    users = np.arange(tiny.n_users)
    before = model.score_items(users)
    state = dict(model.state_)
    monkeypatch.setattr(svdpp, "YIELD_EVERY_S", 0.0)  # a cancel point after every batch
    steps = model.iter_fit(movielens_subset[0])
    report = next(steps)
    while math.isnan(report.train_loss):  # cancel points while the data are prepared
        report = next(steps)
    assert isinstance(report, EpochProgress) and report.epoch == 1  # within the first epoch
    started = time.perf_counter()
    steps.close()
    assert time.perf_counter() - started < 1.0
    np.testing.assert_array_equal(model.score_items(users), before)
    assert all(model.state_[k] is v for k, v in state.items())
    assert model.n_users_ == tiny.n_users


def test_epochs_report_losses_and_stop_early(movielens_subset):
    reports = list(SVDppRecommender(epochs=200, lr=0.05, reg=0.01, patience=2,
                                    device="cpu").iter_fit(movielens_subset[0]))
    epochs = [r for r in reports if not isinstance(r, EpochProgress)]
    assert all(isinstance(r, EpochReport) and r.val_loss is not None for r in epochs)
    assert len(epochs) < 200  # overfits quickly with little regularisation, then stops
    assert epochs[0].val_metric == pytest.approx(math.sqrt(epochs[0].val_loss))


def test_same_seed_same_rmse(movielens_subset):
    train, test = movielens_subset
    held = test.ratings()

    def fitted_rmse(seed: int) -> float:
        model = SVDppRecommender(epochs=4, seed=seed, device="cpu").fit(train)
        return rmse(held["rating"], model.predict(held["user"].to_numpy(),
                                                  held["item"].to_numpy()))

    first = fitted_rmse(0)
    assert fitted_rmse(0) == first
    assert fitted_rmse(1) != first


def test_a_handful_of_ratings_is_not_enough():
    frame = tiny_ratings(users=3, items=4, per_user=2)
    with pytest.raises(NotEnoughData, match="at least"):
        SVDppRecommender(device="cpu").fit(interactions_from_ratings(frame))


def test_ratings_variant_needs_ratings():
    frame = tiny_ratings()
    data = interactions_from_ratings(frame)
    data = Interactions(data.users, data.items, data.item_info,
                        data.log.assign(kind="purchase", value=np.float32(np.nan)))
    with pytest.raises(NotEnoughData, match="implicit"):
        SVDppRecommender(device="cpu").fit(data)


# ---------------------------------------------------------------------------- devices


@pytest.fixture
def no_cuda(monkeypatch):
    device_module._probe.cache_clear()
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    yield
    device_module._probe.cache_clear()


def test_cuda_requested_without_one_is_a_plain_error(no_cuda, tiny):
    with pytest.raises(DeviceUnavailable, match="No CUDA GPU"):
        probe_device("cuda")
    with pytest.raises(DeviceUnavailable):
        SVDppRecommender(device="cuda").fit(tiny)
    assert probe_device("auto").kind in ("mps", "cpu")


def test_cpu_is_forced_and_named():
    info = probe_device("cpu")
    assert (info.kind, info.torch_device) == ("cpu", "cpu") and info.name
    with pytest.raises(ValueError, match="unknown device"):
        probe_device("tpu")


def test_presets():
    fast, accurate = SVDppRecommender.default_params(), SVDppRecommender.accurate_params()
    assert SVDppRecommender(**fast).get_params() == fast
    assert accurate["factors"] > fast["factors"] and accurate["epochs"] > fast["epochs"]
    assert accurate["early_stopping"]
