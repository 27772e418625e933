"""Customer lifetime value: BG/NBD for purchases, Gamma-Gamma for spend (maximum likelihood).

References (equation numbers below refer to these):
- [FHL05] Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to
  the Pareto/NBD Model", Marketing Science 24(2), 275-284.
- [H08] Fader & Hardie (2008), "Computing P(alive) Using the BG/NBD Model",
  brucehardie.com/notes/021.
- [GG13] Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value",
  brucehardie.com/notes/025 (the spend sub-model of Fader, Hardie & Lee 2005, "RFM and CLV",
  Journal of Marketing Research 42(4), 415-430).

Time is in days. A customer's history is (x, t_x, T): repeat purchase days, the day of the last
purchase and the customer's age, both counted from the first purchase day, as the `lifetimes`
package summarises it (`summary_data_from_transaction_data`, freq='D'). The model classes follow
the house estimator style; the maths lives in the `bgnbd_*` and `gamma_gamma_*` functions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
from scipy.special import expit, gammaln, hyp2f1, psi
from threadpoolctl import ThreadpoolController

log = logging.getLogger(__name__)

MIN_REPEAT_CUSTOMERS = 20
BGNBD_PARAMS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMS = ("p", "q", "v")
SUMMARY_COLUMNS = ("frequency", "recency", "T", "monetary_value")
_DAYS_PER_YEAR = 365.0
_LOG_BOUND = 30.0  # parameters are searched in [e^-30, e^30]: wide, but never inf or 0


class NotEnoughData(Exception):
    """The data cannot support a lifetime-value fit; the message says what is needed."""


# ---------------------------------------------------------------------------- transactions


def purchases(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per known customer and purchase day: `customer`, `day` (midnight), `value`.

    - Only orders with status 'completed' are purchases; cancelled and refunded orders are not.
    - Orders on the same day (on the shop's clock, `local_time`) are one purchase: the models
      count purchase occasions, and lifetimes' freq='D' summary does the same.
    - `value` sums the day's lines, returns excluded (`is_return`, negative quantities). Returns
      are money given back for an earlier purchase, not a purchase with a negative value; letting
      them in would put negative or near-zero "spend" into Gamma-Gamma, which models positive
      spend per occasion. The cost: a purchase that is later returned or cancelled (Online Retail
      writes a cancellation as a separate negative invoice) counts at its full value. Netting
      same-day cancellations was tried: on Online Retail it leaves BG/NBD's dropout parameters
      on a flat ridge where neither our fit nor lifetimes' converges to a stable point.
      Other lines count as they are (postage the customer paid, a discount line written as a
      negative price), so a day can net to zero or less; such a day is not a purchase.
    """
    keep = lines["customer"].notna() & lines["status"].eq("completed") & ~lines["is_return"]
    kept = lines.loc[keep]
    when = kept["local_time"].fillna(kept["placed_at"]) if "local_time" in kept else (
        kept["placed_at"])
    frame = pd.DataFrame({"customer": kept["customer"].astype(str),
                          "day": when.dt.normalize(),
                          "value": kept["amount"].astype(float)})
    daily = frame.groupby(["customer", "day"], as_index=False, sort=True)["value"].sum()
    return daily.loc[daily["value"] > 0].reset_index(drop=True)


def clv_summary(lines: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Frequency, recency, T and monetary value per customer, from purchase days up to `as_of`.

    `as_of` is a day (a time of day is dropped); purchases on that day count, as in lifetimes'
    `summary_data_from_transaction_data(..., observation_period_end=as_of, freq='D')`:
    frequency = purchase days - 1, recency = last - first day, T = as_of - first day (in days),
    monetary_value = mean value of the repeat purchase days (0 for one-time buyers).
    """
    end = _as_day(as_of)
    bought = purchases(lines)
    bought = bought.loc[bought["day"] <= end]
    if bought.empty:
        raise NotEnoughData(f"Lifetime value needs completed purchases by known customers up to "
                            f"{end:%Y-%m-%d}; there are none. Import sales with customer ids.")
    grouped = bought.groupby("customer", sort=True)
    first, last = grouped["day"].min(), grouped["day"].max()
    count = grouped["day"].size()
    first_value = bought.drop_duplicates("customer").set_index("customer")["value"]
    total = grouped["value"].sum()
    frequency = (count - 1).astype(float)
    repeat_mean = (total - first_value.reindex(total.index)) / frequency.where(frequency > 0)
    day = pd.Timedelta(days=1)
    summary = pd.DataFrame({"frequency": frequency,
                            "recency": (last - first) / day,
                            "T": (end - first) / day,
                            "monetary_value": repeat_mean.fillna(0.0)})
    summary.index.name = "customer"
    return summary.astype(float)


def _as_day(value) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


# ---------------------------------------------------------------------------- BG/NBD maths


def bgnbd_log_likelihood(params, x, t_x, T) -> np.ndarray:
    """Log-likelihood of each customer's (x, t_x, T): [FHL05] eq. (6), in the log form of its
    section 7 (the second term only when x > 0)."""
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x)
    a4 = np.where(x > 0, a4, -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def _bgnbd_gradient(params, x, t_x, T) -> np.ndarray:
    """d log-likelihood / d (r, alpha, a, b) per customer, shape (4, n); derived from eq. (6)."""
    r, alpha, a, b = params
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x)
    a4 = np.where(x > 0, a4, -np.inf)
    w = np.exp(a4 - np.logaddexp(a3, a4))  # share of the "dropped out after t_x" term
    d_r = (psi(r + x) - psi(r) + np.log(alpha)
           - (1 - w) * np.log(alpha + T) - w * np.log(alpha + t_x))
    d_alpha = r / alpha - (r + x) * ((1 - w) / (alpha + T) + w / (alpha + t_x))
    d_ab = psi(a + b) - psi(a + b + x)
    d_a = d_ab + w / a
    d_b = d_ab + psi(b + x) - psi(b) - w / (b + np.maximum(x, 1) - 1)
    return np.stack([d_r, d_alpha, d_a, d_b])


def bgnbd_probability_alive(params, x, t_x, T) -> np.ndarray:
    """P(still buying at T | x, t_x, T), [H08] eq. (2); 1 for a customer with no repeat
    purchase (under BG/NBD a customer can only drop out right after a purchase)."""
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    odds_dead = (np.log(a) - np.log(b + np.maximum(x, 1) - 1)
                 + (r + x) * np.log((alpha + T) / (alpha + t_x)))
    return np.where(x > 0, expit(-odds_dead), 1.0)


def bgnbd_expected_purchases(params, t, x, t_x, T) -> np.ndarray:
    """E[X(T, T + t) | x, t_x, T], [FHL05] eq. (10).

    The Gauss function is taken through Euler's transformation,
    2F1(r+x, b+x; c; z) (1-z)^(r+x) = (1-z)^(a-1) 2F1(a+b-1-r, a-1; c; z), c = a+b+x-1,
    z = t / (alpha+T+t): its upper parameters stay small however many purchases a customer
    made, so the series converges fast and never overflows. With x = t_x = T = 0 this is the
    unconditional E[X(t)] of eq. (9).
    """
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    c = a + b + x - 1
    z = t / (alpha + T + t)
    hyp = (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z)
    return c / (a - 1) * (1 - hyp) * bgnbd_probability_alive(params, x, t_x, T)


def bgnbd_probability_no_purchase(params, t, x, t_x, T) -> np.ndarray:
    """P(no purchase in (T, T + t] | x, t_x, T).

    Derivation: a customer dead at T never buys again. One alive at T (probability P(alive))
    stays alive at least until the next purchase, because BG/NBD drops customers only right
    after a purchase; so "no purchase in (T, T+t]" is exactly "no Poisson event in t days".
    Given alive, the posterior of the purchase rate is Gamma(r + x, alpha + T) (the alive term
    of eq. (6) is (1-p)^x lambda^x e^(-lambda T)), and E[e^(-lambda t)] under it is
    ((alpha+T) / (alpha+T+t))^(r+x). Hence
    P = 1 - P(alive) + P(alive) ((alpha+T) / (alpha+T+t))^(r+x).
    Unlike 1 - P(alive), this is below 1 for one-time buyers, who are "alive" by definition.
    """
    r, alpha, _a, _b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    alive = bgnbd_probability_alive(params, x, t_x, T)
    quiet_if_alive = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
    return 1 - alive + alive * quiet_if_alive


# ---------------------------------------------------------------------------- Gamma-Gamma maths


def gamma_gamma_log_likelihood(params, x, m) -> np.ndarray:
    """Log-likelihood of each repeat buyer's mean spend m over x purchases: [GG13] eq. (5),
    the density of the sample mean when spends are Gamma(p, nu) with nu ~ Gamma(q, v)."""
    p, q, v = params
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v)
            + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(x * m + v))


def _gamma_gamma_gradient(params, x, m) -> np.ndarray:
    """d log-likelihood / d (p, q, v) per customer, shape (3, n); derived from [GG13] eq. (5)."""
    p, q, v = params
    px = p * x
    d_p = x * (psi(px + q) - psi(px) + np.log(m) + np.log(x) - np.log(x * m + v))
    d_q = psi(px + q) - psi(q) + np.log(v) - np.log(x * m + v)
    d_v = q / v - (px + q) / (x * m + v)
    return np.stack([d_p, d_q, d_v])


def gamma_gamma_expected_value(params, x, m) -> np.ndarray:
    """E[spend per purchase | x, m], [GG13] eq. (6): a weighted mean of the population mean
    p v / (q - 1) and the customer's own mean m, weight p x / (p x + q - 1) on m. With x = 0
    it is the population mean."""
    p, q, v = params
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    weight = p * x / (p * x + q - 1)
    return (1 - weight) * (p * v / (q - 1)) + weight * m


# ---------------------------------------------------------------------------- fitting


def _maximise(log_likelihood: Callable, gradient: Callable, start: np.ndarray,
              penalizer: float) -> np.ndarray:
    """Parameters maximising the mean log-likelihood minus penalizer * sum(params^2) (lifetimes'
    objective), searched over log-parameters with L-BFGS-B and the analytic gradient."""

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        with np.errstate(all="ignore"):
            value = -np.mean(log_likelihood(params)) + penalizer * np.sum(params**2)
            grad = (-np.mean(gradient(params), axis=1) + 2 * penalizer * params) * params
        if not np.isfinite(value) or not np.all(np.isfinite(grad)):
            return 1e300, np.zeros_like(log_params)
        return value, grad

    # L-BFGS-B's tiny linear algebra only waits on BLAS threads: one thread is 2-10x faster.
    with _blas_threads().limit(limits=1, user_api="blas"):
        from scipy.optimize import minimize  # here: it takes 0.3 s to import

        result = minimize(objective, np.log(start), jac=True, method="L-BFGS-B",
                          bounds=[(-_LOG_BOUND, _LOG_BOUND)] * len(start),
                          options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-9})
    if not result.success:
        # L-BFGS-B stops this way when the line search cannot improve within float precision,
        # which at this tolerance is usually at the optimum; say so in the log either way.
        log.info("L-BFGS-B: %s (gradient %s)", result.message, result.jac)
    return np.exp(result.x)


@cache
def _blas_threads() -> ThreadpoolController:
    return ThreadpoolController()  # looks up the loaded BLAS libraries once (a few ms)


def _check_repeat_buyers(summary: pd.DataFrame) -> None:
    if summary.empty:
        raise NotEnoughData("Lifetime value needs completed purchases by known customers; "
                            "there are none. Import sales with customer ids.")
    repeat = int((summary["frequency"] > 0).sum())
    if repeat == 0 and summary["T"].nunique() == 1:
        raise NotEnoughData("Lifetime value needs purchases on different days; every purchase "
                            "in this shop is on one day. Import a longer sales history.")
    if repeat < MIN_REPEAT_CUSTOMERS:
        raise NotEnoughData(f"Lifetime value needs at least {MIN_REPEAT_CUSTOMERS} customers who "
                            f"bought on more than one day; this shop has {repeat}. Import a "
                            "longer sales history, with customer ids.")


class _Fitted:
    params_: dict[str, float]

    def _params(self) -> tuple[float, ...]:
        if not hasattr(self, "params_"):
            raise RuntimeError(f"{type(self).__name__} is not fitted yet; call fit() first")
        return tuple(self.params_.values())


class BetaGeoModel(_Fitted):
    """BG/NBD [FHL05]: while active, a customer buys at Poisson rate lambda ~ Gamma(r, alpha)
    per day; after each purchase they drop out with probability p ~ Beta(a, b)."""

    def __init__(self, *, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    def fit(self, summary: pd.DataFrame) -> BetaGeoModel:
        """Maximum likelihood on `clv_summary` rows; `log_likelihood_` is the total (eq. 6)."""
        _check_repeat_buyers(summary)
        x, t_x, T = (summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
        start = np.array([1.0, max(float(T.mean()), 1.0), 1.0, 1.0])
        params = _maximise(lambda p: bgnbd_log_likelihood(p, x, t_x, T),
                           lambda p: _bgnbd_gradient(p, x, t_x, T), start, self.penalizer)
        self.params_ = dict(zip(BGNBD_PARAMS, map(float, params), strict=True))
        self.log_likelihood_ = float(np.sum(bgnbd_log_likelihood(params, x, t_x, T)))
        self.n_customers_ = len(summary)
        return self

    def expected_purchases(self, days: float, summary: pd.DataFrame) -> pd.Series:
        """Expected purchase days in the next `days` days, given each customer's history."""
        values = bgnbd_expected_purchases(self._params(), days, *_history(summary))
        return pd.Series(values, index=summary.index, name="expected_purchases")

    def probability_alive(self, summary: pd.DataFrame) -> pd.Series:
        values = bgnbd_probability_alive(self._params(), *_history(summary))
        return pd.Series(values, index=summary.index, name="p_alive")

    def probability_no_purchase(self, days: float, summary: pd.DataFrame) -> pd.Series:
        """P(no purchase in the next `days` days); see `bgnbd_probability_no_purchase`."""
        values = bgnbd_probability_no_purchase(self._params(), days, *_history(summary))
        return pd.Series(values, index=summary.index, name="p_no_purchase")


def _history(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))


class GammaGammaModel(_Fitted):
    """Gamma-Gamma spend [GG13]: each purchase's value is Gamma(p, nu), nu ~ Gamma(q, v) across
    customers, independent of how often they buy. Fitted on repeat buyers only, whose
    `monetary_value` is the mean of their repeat purchases."""

    def __init__(self, *, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    def fit(self, summary: pd.DataFrame) -> GammaGammaModel:
        """Maximum likelihood (eq. 5) on the rows with frequency > 0."""
        _check_repeat_buyers(summary)
        repeat = summary.loc[summary["frequency"] > 0]
        x = repeat["frequency"].to_numpy(dtype=float)
        m = repeat["monetary_value"].to_numpy(dtype=float)
        if np.any(m <= 0):
            raise ValueError("monetary_value of repeat buyers must be positive")
        start = np.array([1.0, 2.0, float(np.mean(m))])
        params = _maximise(lambda p: gamma_gamma_log_likelihood(p, x, m),
                           lambda p: _gamma_gamma_gradient(p, x, m), start, self.penalizer)
        if params[1] <= 1:
            raise NotEnoughData("Lifetime value needs purchase values that settle around an "
                                "average; in this shop a few very large purchases dominate, so "
                                "no average spend can be estimated. Import a longer history.")
        self.params_ = dict(zip(GAMMA_GAMMA_PARAMS, map(float, params), strict=True))
        self.log_likelihood_ = float(np.sum(gamma_gamma_log_likelihood(params, x, m)))
        self.n_customers_ = len(repeat)
        return self

    def expected_average_value(self, summary: pd.DataFrame) -> pd.Series:
        """Expected value of a future purchase day; the population mean for one-time buyers."""
        values = gamma_gamma_expected_value(self._params(), summary["frequency"].to_numpy(float),
                                            summary["monetary_value"].to_numpy(float))
        return pd.Series(values, index=summary.index, name="expected_average_value")


# ---------------------------------------------------------------------------- value


def lifetime_value(bg: BetaGeoModel, gg: GammaGammaModel, summary: pd.DataFrame, *,
                   horizon_days: int = 365, annual_discount: float = 0.10) -> pd.Series:
    """Expected discounted value of each customer's purchases over the next `horizon_days`.

    The horizon is cut into months (365/12 days; the last may be shorter). Each month's expected
    purchases (the increase of eq. (10) over the month) times the expected value per purchase
    (Gamma-Gamma) is discounted from the month's end at `annual_discount` a year, compounded:
    factor (1 + d)^(-days / 365). End of month is lifetimes' `customer_lifetime_value`
    convention; monthly steps keep the discounting close to continuous at 12 evaluations.
    The BG/NBD and Gamma-Gamma independence assumption lets the two expectations multiply.
    """
    month = _DAYS_PER_YEAR / 12
    steps = int(np.ceil(horizon_days / month - 1e-9))
    ends = np.minimum(np.arange(1, steps + 1) * month, horizon_days)
    cumulative = np.stack([bg.expected_purchases(end, summary).to_numpy() for end in ends])
    per_month = np.diff(cumulative, axis=0, prepend=0.0)
    discount = (1 + annual_discount) ** (-ends / _DAYS_PER_YEAR)
    value = (discount @ per_month) * gg.expected_average_value(summary).to_numpy()
    return pd.Series(value, index=summary.index, name="clv")
