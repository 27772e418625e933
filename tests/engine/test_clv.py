"""Lifetime value: purchase rules, hand-computed BG/NBD and Gamma-Gamma cases, simulations, the
`lifetimes` peer on Online Retail, too little data, and the job."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate

from engine.customers.clv import (
    BetaGeoModel,
    GammaGammaModel,
    NotEnoughData,
    bgnbd_expected_purchases,
    bgnbd_log_likelihood,
    bgnbd_probability_alive,
    bgnbd_probability_no_purchase,
    clv_summary,
    gamma_gamma_expected_value,
    gamma_gamma_log_likelihood,
    lifetime_value,
    purchases,
)
from engine.jobs.clv import clv_job, clv_to_json, clv_to_text
from tests.conftest import run_job

AS_OF = pd.Timestamp("2011-12-10")
LIFETIMES = "lifetimes is the peer the BG/NBD and Gamma-Gamma fits are checked against; " \
            "install the test extra: pip install -e .[test]"
PARAMS = (0.5, 5.0, 0.8, 2.5)  # r, alpha, a, b for the small cases


def _lines(*rows: tuple) -> pd.DataFrame:
    """sales_lines-shaped frame from (customer, time, amount[, status[, order]]) rows; a
    negative amount is a returned line."""
    records = []
    for i, (customer, time, amount, *rest) in enumerate(rows):
        status = rest[0] if rest else "completed"
        order = rest[1] if len(rest) > 1 else i
        quantity = -1.0 if amount < 0 else 1.0
        records.append({"customer": customer, "customer_id": None, "order_id": order,
                        "placed_at": pd.Timestamp(time), "local_time": pd.Timestamp(time),
                        "status": status, "quantity": quantity, "unit_price": abs(amount),
                        "amount": float(amount), "is_return": amount < 0,
                        "is_non_product": False})
    return pd.DataFrame.from_records(records)


def _summary(x, t_x, T, m=None) -> pd.DataFrame:
    x = np.atleast_1d(np.asarray(x, dtype=float))
    return pd.DataFrame({"frequency": x, "recency": np.broadcast_to(t_x, x.shape).astype(float),
                         "T": np.broadcast_to(T, x.shape).astype(float),
                         "monetary_value": np.zeros_like(x) if m is None else m})


def _fitted(model, params: dict):
    model.params_ = params
    return model


def _bg(params=PARAMS) -> BetaGeoModel:
    return _fitted(BetaGeoModel(), dict(zip(("r", "alpha", "a", "b"), params, strict=True)))


# ---------------------------------------------------------------------------- purchase rules


def test_purchases_one_per_day_completed_only_returns_out():
    lines = _lines(
        ("A", "2024-01-01 09:00", 10.0, "completed", 1),
        ("A", "2024-01-01 09:00", 5.0, "completed", 1),
        ("A", "2024-01-01 17:30", 20.0, "completed", 2),   # second order the same day
        ("A", "2024-01-01 17:30", -8.0, "completed", 2),   # returned line: not spend
        ("A", "2024-01-03 10:00", 99.0, "cancelled", 3),
        ("A", "2024-01-04 10:00", 50.0, "refunded", 4),
        ("A", "2024-01-05 10:00", -30.0, "cancelled", 5),  # a credit note (Online Retail 'C')
        ("A", "2024-01-06 10:00", 0.0, "completed", 6),    # a free sample: not a purchase
        (np.nan, "2024-01-02 10:00", 40.0, "completed", 7),
        ("B", "2024-01-02 23:59", 12.5, "completed", 8),
    )
    bought = purchases(lines)
    assert list(bought.columns) == ["customer", "day", "value"]
    assert bought.to_dict("records") == [
        {"customer": "A", "day": pd.Timestamp("2024-01-01"), "value": 35.0},
        {"customer": "B", "day": pd.Timestamp("2024-01-02"), "value": 12.5},
    ]


def test_same_day_orders_count_once():
    lines = _lines(("A", "2024-03-01 08:00", 10.0), ("A", "2024-03-01 20:00", 30.0))
    summary = clv_summary(lines, pd.Timestamp("2024-03-11"))
    assert summary.loc["A"].to_dict() == {"frequency": 0.0, "recency": 0.0, "T": 10.0,
                                          "monetary_value": 0.0}


def test_returns_and_cancelled_orders_stay_out_of_monetary_value():
    lines = _lines(
        ("A", "2024-01-01", 100.0),
        ("A", "2024-01-05", 50.0, "completed", 10),
        ("A", "2024-01-05", -30.0, "completed", 10),
        ("A", "2024-01-09", -20.0, "cancelled"),
        ("A", "2024-01-12", 400.0, "cancelled"),
    )
    summary = clv_summary(lines, pd.Timestamp("2024-01-20"))
    assert summary.loc["A"].to_dict() == {"frequency": 1.0, "recency": 4.0, "T": 19.0,
                                          "monetary_value": 50.0}


def test_summary_uses_only_days_up_to_as_of():
    lines = _lines(("A", "2024-01-01 10:00", 10.0), ("A", "2024-01-04 18:00", 20.0),
                   ("A", "2024-01-06", 40.0), ("B", "2024-01-05", 5.0))
    summary = clv_summary(lines, pd.Timestamp("2024-01-04 09:00"))  # the day, not the hour
    assert list(summary.index) == ["A"]
    assert summary.loc["A"].to_dict() == {"frequency": 1.0, "recency": 3.0, "T": 3.0,
                                          "monetary_value": 20.0}
    assert summary.index.name == "customer"


def test_summary_matches_lifetimes_on_random_transactions():
    utils = pytest.importorskip("lifetimes.utils", reason=LIFETIMES)
    rng = np.random.default_rng(7)
    n = 3000
    times = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.uniform(0, 200, n), unit="D")
    lines = pd.DataFrame({"customer": rng.integers(0, 300, n).astype(str), "placed_at": times,
                          "local_time": times, "status": "completed",
                          "amount": rng.gamma(2.0, 20.0, n).round(2), "is_return": False})
    as_of = pd.Timestamp("2023-06-01")
    ours = clv_summary(lines, as_of)
    theirs = utils.summary_data_from_transaction_data(
        purchases(lines), "customer", "day", "value", observation_period_end=as_of, freq="D")
    pd.testing.assert_frame_equal(ours, theirs, check_names=False, rtol=1e-12)
    assert (ours["frequency"] > 0).sum() > 200


# ---------------------------------------------------------------------------- BG/NBD by hand


def test_bgnbd_likelihood_by_hand():
    r, alpha, a, b = PARAMS
    T, t_x = 20.0, 12.0
    # x = 0: eq. (6) reduces to (alpha / (alpha + T))^r
    assert bgnbd_log_likelihood(PARAMS, 0, 0, T)[()] == pytest.approx(
        r * math.log(alpha / (alpha + T)), rel=1e-12)
    # x = 2: B(a, b+2)/B(a, b) Γ(r+2) α^r / (Γ(r) (α+T)^(r+2))
    #        + B(a+1, b+1)/B(a, b) Γ(r+2) α^r / (Γ(r) (α+t_x)^(r+2))
    def log_beta(p, q):
        return math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)

    gamma_part = math.exp(math.lgamma(r + 2) - math.lgamma(r)) * alpha**r
    alive = math.exp(log_beta(a, b + 2) - log_beta(a, b)) * gamma_part / (alpha + T) ** (r + 2)
    dead = math.exp(log_beta(a + 1, b + 1) - log_beta(a, b)) * gamma_part / (alpha + t_x) ** (r + 2)
    # the same, with the beta ratios and Γ(r+2)/Γ(r) written out
    assert alive == pytest.approx(b * (b + 1) / ((a + b) * (a + b + 1)) * r * (r + 1)
                                  * alpha**r / (alpha + T) ** (r + 2))
    assert bgnbd_log_likelihood(PARAMS, 2, t_x, T)[()] == pytest.approx(
        math.log(alive + dead), rel=1e-12)


def test_probability_alive_by_hand():
    r, alpha, a, b = PARAMS
    assert bgnbd_probability_alive(PARAMS, 0, 0, 30.0)[()] == 1.0
    # [H08]: 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
    expected = 1 / (1 + a / (b + 2 - 1) * ((alpha + 20) / (alpha + 12)) ** (r + 2))
    assert bgnbd_probability_alive(PARAMS, 2, 12.0, 20.0)[()] == pytest.approx(expected)


def _hyp2f1_series(a: float, b: float, c: float, z: float) -> float:
    term, total, k = 1.0, 1.0, 0
    while abs(term) > 1e-16 * abs(total):
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
        total += term
        k += 1
    return total


def test_expected_purchases_of_a_new_customer_by_hand():
    # eq. (9): E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]
    r, alpha, a, b = PARAMS
    for t in (1.0, 10.0, 60.0):
        hand = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                        * _hyp2f1_series(r, b, a + b - 1, t / (alpha + t)))
        assert bgnbd_expected_purchases(PARAMS, t, 0, 0, 0)[()] == pytest.approx(hand, rel=1e-10)
    # a new customer with a constant rate and no dropout buys about rate × t
    nearly_poisson = (400.0, 100.0, 1e-6, 1e3)
    assert bgnbd_expected_purchases(nearly_poisson, 30.0, 0, 0, 0)[()] == pytest.approx(
        120.0, rel=1e-3)


def test_expected_purchases_conditional_matches_its_series_form():
    # eq. (10) as printed, with 2F1(r+x, b+x; a+b+x-1; z) summed term by term
    r, alpha, a, b = PARAMS
    x, t_x, T, t = 3, 15.0, 25.0, 40.0
    z = t / (alpha + T + t)
    hyp = _hyp2f1_series(r + x, b + x, a + b + x - 1, z)
    alive = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))
    hand = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    assert bgnbd_expected_purchases(PARAMS, t, x, t_x, T)[()] == pytest.approx(
        hand * alive, rel=1e-10)


# ---------------------------------------------------------------------------- P(no purchase)


def test_one_time_buyers_are_alive_but_may_not_buy():
    bg = _bg((0.83, 69.2, 0.0039, 6.65))  # about the Online Retail fit
    summary = _summary([0, 0, 5], [0, 0, 200], [30, 300, 300])
    alive = bg.probability_alive(summary)
    quiet = bg.probability_no_purchase(90, summary)
    assert alive.iloc[0] == alive.iloc[1] == 1.0
    assert 0.2 < quiet.iloc[0] < quiet.iloc[1] < 0.9  # reasonable, and grows with T
    assert quiet.iloc[0] == pytest.approx(((69.2 + 30) / (69.2 + 30 + 90)) ** 0.83)
    assert (quiet > 0).all() and (quiet < 1).all()
    assert bg.probability_no_purchase(0, summary).eq(1.0).all()


def test_probability_no_purchase_against_numeric_integration():
    """Integrate the posterior over (lambda, p) directly: no use of the alive/dead split."""
    r, alpha, a, b = PARAMS
    x, t_x, T, t = 2, 12.0, 20.0, 15.0
    prior = lambda lam, p: (lam ** (r - 1) * math.exp(-alpha * lam) * p ** (a - 1)  # noqa: E731
                            * (1 - p) ** (b - 1))

    def data(lam, p, horizon):  # P(history, and no purchase in (T, T+horizon] | lambda, p)
        return lam**x * ((1 - p) ** x * math.exp(-lam * (T + horizon))
                         + p * (1 - p) ** (x - 1) * math.exp(-lam * t_x))

    def mass(horizon):
        return integrate.dblquad(lambda lam, p: prior(lam, p) * data(lam, p, horizon),
                                 0, 1, 0, np.inf, epsabs=0, epsrel=1e-10)[0]

    numeric = mass(t) / mass(0.0)
    assert bgnbd_probability_no_purchase(PARAMS, t, x, t_x, T)[()] == pytest.approx(
        numeric, rel=1e-6)


def test_probability_no_purchase_and_alive_against_simulation():
    """Simulate BG/NBD customers, keep those with one repeat purchase near day 8 of 20."""
    r, alpha, a, b = 2.0, 10.0, 1.5, 3.0
    T, t, t_x = 20.0, 10.0, 8.0
    rng = np.random.default_rng(11)
    n = 2_000_000
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    first = rng.exponential(1 / lam)  # first repeat purchase
    second = first + rng.exponential(1 / lam)
    dropped = rng.random(n) < p  # dropped out right after the first repeat purchase
    kept = (np.abs(first - t_x) < 0.5) & (dropped | (second > T))
    quiet = dropped[kept] | (second[kept] > T + t)
    history = (1, t_x, T)
    for simulated, formula in ((quiet.mean(), bgnbd_probability_no_purchase((r, alpha, a, b), t,
                                                                           *history)),
                               (1 - dropped[kept].mean(), bgnbd_probability_alive(
                                   (r, alpha, a, b), *history))):
        se = math.sqrt(simulated * (1 - simulated) / kept.sum())
        assert abs(simulated - formula[()]) < 4 * se + 2e-3
    # one-time buyers (no repeat purchase by T): alive, quiet with ((alpha+T)/(alpha+T+t))^r
    kept = first > T
    simulated = (first[kept] > T + t).mean()
    assert simulated == pytest.approx(bgnbd_probability_no_purchase((r, alpha, a, b), t, 0, 0, T),
                                      abs=4 * math.sqrt(0.25 / kept.sum()))


# ---------------------------------------------------------------------------- Gamma-Gamma


def test_gamma_gamma_expected_value_by_hand():
    params = (6.0, 4.0, 15.0)  # p, q, v: population mean p v / (q-1) = 30
    # weight on the customer's own mean: p x / (p x + q - 1) = 18/21 = 6/7
    assert gamma_gamma_expected_value(params, 3, 20.0)[()] == pytest.approx(150 / 7)
    assert gamma_gamma_expected_value(params, 0, 0.0)[()] == pytest.approx(30.0)
    gg = _fitted(GammaGammaModel(), {"p": 6.0, "q": 4.0, "v": 15.0})
    values = gg.expected_average_value(_summary([0, 3], [0, 5], 10, m=[0.0, 20.0]))
    assert values.tolist() == pytest.approx([30.0, 150 / 7])


def test_gamma_gamma_likelihood_by_hand():
    p, q, v = 6.0, 4.0, 15.0
    x, m = 3, 20.0
    px = p * x
    hand = (math.lgamma(px + q) - math.lgamma(px) - math.lgamma(q) + q * math.log(v)
            + (px - 1) * math.log(m) + px * math.log(x) - (px + q) * math.log(v + m * x))
    assert gamma_gamma_log_likelihood((p, q, v), x, m)[()] == pytest.approx(hand, rel=1e-12)
    # it is a density in m: it integrates to 1
    total = integrate.quad(lambda mm: math.exp(gamma_gamma_log_likelihood((p, q, v), x, mm)[()]),
                           0, np.inf)[0]
    assert total == pytest.approx(1.0, rel=1e-8)


# ---------------------------------------------------------------------------- fitting


def _simulate_bgnbd(params, n: int, rng) -> pd.DataFrame:
    r, alpha, a, b = params
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    T = rng.uniform(100, 365, n)
    times = np.cumsum(rng.exponential(1 / lam[:, None], (n, 300)), axis=1)
    last_possible = rng.geometric(p)  # repeat purchases made before dropping out
    x = np.minimum((times <= T[:, None]).sum(axis=1), last_possible)
    t_x = np.where(x > 0, times[np.arange(n), np.maximum(x, 1) - 1], 0.0)
    return _summary(x, t_x, T)


def test_fit_recovers_simulated_parameters():
    truth = (0.8, 40.0, 0.8, 2.5)
    summary = _simulate_bgnbd(truth, 8000, np.random.default_rng(3))
    bg = BetaGeoModel().fit(summary)
    fitted = tuple(bg.params_.values())
    ll_truth = bgnbd_log_likelihood(truth, *(summary[c] for c in ("frequency", "recency", "T")))
    assert bg.log_likelihood_ >= ll_truth.sum()  # the maximum is at least as likely as the truth
    assert bg.n_customers_ == 8000
    for got, want in zip(fitted, truth, strict=True):
        assert got == pytest.approx(want, rel=0.2)


def test_lifetime_value_is_discounted_expected_purchases_times_spend():
    bg = _bg((0.83, 69.2, 0.0039, 6.65))
    gg = _fitted(GammaGammaModel(), {"p": 2.1, "q": 3.4, "v": 480.0})
    summary = _summary([0, 4, 10], [0, 100, 300], [200, 300, 320], m=[0.0, 150.0, 900.0])
    spend = gg.expected_average_value(summary)
    undiscounted = lifetime_value(bg, gg, summary, horizon_days=365, annual_discount=0.0)
    assert undiscounted.tolist() == pytest.approx(
        (bg.expected_purchases(365, summary) * spend).tolist(), rel=1e-12)
    # one month: discounted once, at its end
    month = lifetime_value(bg, gg, summary, horizon_days=30, annual_discount=0.10)
    assert month.tolist() == pytest.approx(
        (bg.expected_purchases(30, summary) * spend * 1.1 ** (-30 / 365)).tolist(), rel=1e-12)
    year = lifetime_value(bg, gg, summary)
    assert (year < undiscounted).all() and (year > undiscounted / 1.1).all()
    assert year.name == "clv" and year.index.equals(summary.index)


# ---------------------------------------------------------------------------- too little data


def test_no_purchases_is_not_enough_data():
    with pytest.raises(NotEnoughData, match="needs completed purchases"):
        clv_summary(_lines(("A", "2024-01-01", 10.0, "cancelled")), pd.Timestamp("2024-02-01"))
    with pytest.raises(NotEnoughData):
        clv_summary(_lines(("A", "2024-03-01", 10.0)), pd.Timestamp("2024-02-01"))


def test_few_repeat_customers_is_not_enough_data():
    rows = [(f"c{i}", "2024-01-01", 10.0) for i in range(50)]
    rows += [(f"c{i}", "2024-02-01", 12.0) for i in range(3)]
    summary = clv_summary(_lines(*rows), pd.Timestamp("2024-03-01"))
    for model in (BetaGeoModel(), GammaGammaModel()):
        with pytest.raises(NotEnoughData, match=r"at least 20 customers who bought on more than "
                                                r"one day; this shop has 3\."):
            model.fit(summary)


def test_all_purchases_on_one_day_is_not_enough_data():
    rows = [(f"c{i}", "2024-01-01 10:00", 10.0) for i in range(40)]
    summary = clv_summary(_lines(*rows), pd.Timestamp("2024-01-02"))
    with pytest.raises(NotEnoughData, match="on one day"):
        BetaGeoModel().fit(summary)


def test_unfitted_model_says_so():
    with pytest.raises(RuntimeError, match="fit"):
        BetaGeoModel().probability_alive(_summary([0], [0], [1]))


# ---------------------------------------------------------------------------- Online Retail


@pytest.fixture(scope="module")
def retail_summary(retail_lines) -> pd.DataFrame:
    return clv_summary(retail_lines, AS_OF)


def test_retail_summary_matches_lifetimes(retail_lines, retail_summary):
    utils = pytest.importorskip("lifetimes.utils", reason=LIFETIMES)
    bought = purchases(retail_lines)
    theirs = utils.summary_data_from_transaction_data(
        bought, "customer", "day", "value", observation_period_end=AS_OF, freq="D")
    pd.testing.assert_frame_equal(retail_summary, theirs, check_names=False, rtol=1e-12)
    assert len(retail_summary) == 4338 and (retail_summary["frequency"] > 0).sum() == 2790
    earlier = pd.Timestamp("2011-09-09")
    pd.testing.assert_frame_equal(
        clv_summary(retail_lines, earlier),
        utils.summary_data_from_transaction_data(bought, "customer", "day", "value",
                                                 observation_period_end=earlier, freq="D"),
        check_names=False, rtol=1e-12)


def test_retail_fits_agree_with_lifetimes(retail_summary):
    fitters = pytest.importorskip("lifetimes", reason=LIFETIMES)
    s = retail_summary
    f, rec, T = s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy()
    ours = BetaGeoModel().fit(s)
    theirs = fitters.BetaGeoFitter(penalizer_coef=0.0).fit(f, rec, T)
    for name, value in ours.params_.items():
        assert value == pytest.approx(theirs.params_[name], rel=0.01), name
    # lifetimes reports the mean negative LL on time scaled by _scale (10 / max T); scaling time
    # by s changes each customer's LL by -x log s, so undo it to compare totals in days.
    n = len(s)
    theirs_ll = -theirs._negative_log_likelihood_ * n + f.sum() * math.log(theirs._scale)
    assert ours.log_likelihood_ == pytest.approx(theirs_ll, abs=1e-3)
    at_theirs = bgnbd_log_likelihood(tuple(theirs.params_), f, rec, T).sum()
    assert at_theirs == pytest.approx(theirs_ll, rel=1e-12)  # same function, same data

    repeat = s[s["frequency"] > 0]
    gg = GammaGammaModel().fit(s)
    gg_theirs = fitters.GammaGammaFitter(penalizer_coef=0.0).fit(
        repeat["frequency"].to_numpy(), repeat["monetary_value"].to_numpy())
    for name, value in gg.params_.items():
        assert value == pytest.approx(gg_theirs.params_[name], rel=0.01), name
    assert gg.log_likelihood_ == pytest.approx(
        -gg_theirs._negative_log_likelihood_ * len(repeat), abs=1e-3)
    assert gg.n_customers_ == len(repeat)

    # the expectations agree too, at lifetimes' parameters
    same = _bg(tuple(theirs.params_))
    np.testing.assert_allclose(
        same.expected_purchases(90, s),
        theirs.conditional_expected_number_of_purchases_up_to_time(90, f, rec, T), rtol=1e-9)
    np.testing.assert_allclose(same.probability_alive(s),
                               theirs.conditional_probability_alive(f, rec, T), rtol=1e-12)
    np.testing.assert_allclose(
        _fitted(GammaGammaModel(), dict(gg_theirs.params_)).expected_average_value(s),
        gg_theirs.conditional_expected_average_profit(s["frequency"], s["monetary_value"]),
        rtol=1e-12)


def test_job_on_online_retail(retail_db):
    result = run_job(clv_job(retail_db, horizon_days=180))
    assert result.as_of == AS_OF and result.horizon_days == 180
    assert (result.customers, result.repeat_customers) == (4338, 2790)
    assert set(result.params) == {"r", "alpha", "a", "b", "p", "q", "v"}
    values = result.values
    assert list(values.columns) == ["frequency", "recency", "T", "monetary_value", "p_alive",
                                    "expected_purchases", "expected_average_value", "clv"]
    assert values["clv"].is_monotonic_decreasing and (values["clv"] > 0).all()
    assert values["p_alive"].between(0, 1).all()

    data = json.loads(json.dumps(clv_to_json(result)))
    assert data["as_of"] == "2011-12-10" and data["customers"] == 4338
    assert set(data["params"]) == {"r", "alpha", "a", "b", "p", "q", "v"}
    assert set(data["log_likelihood"]) == {"bgnbd", "gamma_gamma"}
    assert len(data["top"]) == 20 and data["top"][0]["customer"] == values.index[0]
    assert set(data["top"][0]) == {"customer", "clv", "p_alive", "expected_purchases"}

    text = clv_to_text(result)
    for word in ("r =", "alpha =", "a =", "b =", "p =", "q =", "v =", values.index[0]):
        assert word in text


def test_job_on_an_empty_shop_says_what_is_needed(tmp_path):
    with pytest.raises(NotEnoughData, match="needs completed purchases"):
        run_job(clv_job(tmp_path / "empty.sqlite3"))


def test_job_on_a_tiny_shop_says_what_is_needed(tmp_path):
    from storage.database import create_db_engine
    from storage.importer import import_file

    rows = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"]
    for i, customer in enumerate((12001, 12002, 12003, 12001, 12004)):
        rows.append(f"5000{i},8500{i},MUG {i},2,2011-0{i + 1}-03 10:00,3.5,{customer},France")
    source = tmp_path / "online_retail.csv"
    source.write_text("\n".join(rows) + "\n")
    db = tmp_path / "shop.sqlite3"
    engine = create_db_engine(db)
    run_job(import_file(engine, source))
    engine.dispose()
    with pytest.raises(NotEnoughData, match="this shop has 1"):
        run_job(clv_job(db))
