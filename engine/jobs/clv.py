"""Use case: every customer's expected lifetime value, from the shop database (HOUSE_STYLE §2).

`clv_job` reads the sales, summarises each customer's purchase days, fits BG/NBD (how often and
how long customers keep buying) and Gamma-Gamma (how much they spend), and values every customer
over a horizon. `clv_to_json` and `clv_to_text` are what `python main.py clv` prints.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from engine.customers.clv import (
    BetaGeoModel,
    GammaGammaModel,
    NotEnoughData,
    clv_summary,
    lifetime_value,
    purchases,
)
from storage.database import create_db_engine
from storage.progress import Progress
from storage.queries import sales_lines

__all__ = ["ClvResult", "NotEnoughData", "clv_job", "clv_to_json", "clv_to_text"]

ANNUAL_DISCOUNT = 0.10
TOP = 20
_STEPS = 5


@dataclass(frozen=True)
class ClvResult:
    """Fitted parameters and one row per customer, most valuable first."""

    as_of: pd.Timestamp
    horizon_days: int
    customers: int
    repeat_customers: int
    params: dict[str, float]  # r, alpha, a, b (BG/NBD) and p, q, v (Gamma-Gamma)
    log_likelihood_bgnbd: float
    log_likelihood_gg: float
    # index customer; frequency, recency, T, monetary_value, p_alive, expected_purchases,
    # expected_average_value, clv
    values: pd.DataFrame


def clv_job(db_path: Path | str, *, horizon_days: int = 365,
            as_of=None) -> Generator[Progress, None, ClvResult]:
    """Value every customer over the next `horizon_days` days, seen from `as_of` (a day; by
    default the day after the last purchase). Raises NotEnoughData when the shop's history
    cannot support the models."""
    if horizon_days <= 0:
        raise ValueError("horizon_days must be positive")
    yield Progress(0, _STEPS, "Reading the sales")
    engine = create_db_engine(db_path)
    try:
        lines = sales_lines(engine)
    finally:
        engine.dispose()
    yield Progress(1, _STEPS, "Summarising each customer's purchase days")
    if as_of is None:
        days = purchases(lines)["day"]
        if days.empty:
            raise NotEnoughData("Lifetime value needs completed purchases by known customers; "
                                "there are none. Import sales with customer ids.")
        as_of = days.max() + pd.Timedelta(days=1)
    as_of = pd.Timestamp(as_of).normalize()
    summary = clv_summary(lines, as_of)
    del lines
    yield Progress(2, _STEPS, "Fitting how often customers buy (BG/NBD)")
    bg = BetaGeoModel().fit(summary)
    yield Progress(3, _STEPS, "Fitting how much customers spend (Gamma-Gamma)")
    gg = GammaGammaModel().fit(summary)
    yield Progress(4, _STEPS, "Valuing every customer")
    values = summary.assign(
        p_alive=bg.probability_alive(summary),
        expected_purchases=bg.expected_purchases(horizon_days, summary),
        expected_average_value=gg.expected_average_value(summary),
        clv=lifetime_value(bg, gg, summary, horizon_days=horizon_days,
                           annual_discount=ANNUAL_DISCOUNT))
    values = values.sort_values("clv", ascending=False, kind="stable")
    yield Progress(5, _STEPS, "Done")
    return ClvResult(as_of=as_of, horizon_days=horizon_days, customers=len(values),
                     repeat_customers=int((values["frequency"] > 0).sum()),
                     params={**bg.params_, **gg.params_},
                     log_likelihood_bgnbd=bg.log_likelihood_, log_likelihood_gg=gg.log_likelihood_,
                     values=values)


def clv_to_json(result: ClvResult) -> dict:
    """One JSON-ready object: parameters, log-likelihoods and the top customers."""
    top = result.values.head(TOP)
    return {
        "as_of": f"{result.as_of:%Y-%m-%d}",
        "horizon_days": result.horizon_days,
        "customers": result.customers,
        "repeat_customers": result.repeat_customers,
        "params": {k: float(v) for k, v in result.params.items()},
        "log_likelihood": {"bgnbd": result.log_likelihood_bgnbd,
                           "gamma_gamma": result.log_likelihood_gg},
        "top": [{"customer": str(customer), "clv": round(float(row.clv), 2),
                 "p_alive": round(float(row.p_alive), 4),
                 "expected_purchases": round(float(row.expected_purchases), 3)}
                for customer, row in zip(top.index, top.itertuples(), strict=True)],
    }


def clv_to_text(result: ClvResult) -> str:
    """The report `python main.py clv` prints: parameters, what they mean, the top customers."""
    p = result.params
    v = result.values
    rate = p["r"] / p["alpha"]
    drop = p["a"] / (p["a"] + p["b"])
    mean_spend = p["p"] * p["v"] / (p["q"] - 1)
    lines = [
        f"Customer lifetime value as of {result.as_of:%Y-%m-%d}, "
        f"over the next {result.horizon_days} days",
        f"{result.customers:,} customers with purchases; {result.repeat_customers:,} bought on "
        "more than one day.",
        "",
        f"How often customers buy (BG/NBD): r = {p['r']:.4g}, alpha = {p['alpha']:.4g}, "
        f"a = {p['a']:.4g}, b = {p['b']:.4g} (log-likelihood {result.log_likelihood_bgnbd:,.1f})",
        f"  While they keep buying, customers shop on {rate * 30:.2f} days a month on average "
        f"(once every {1 / rate:.0f} days); after each purchase, {drop:.1%} of them on average "
        "stop for good.",
        f"How much they spend (Gamma-Gamma): p = {p['p']:.4g}, q = {p['q']:.4g}, "
        f"v = {p['v']:.4g} (log-likelihood {result.log_likelihood_gg:,.1f})",
        f"  A purchase day is worth {mean_spend:,.2f} on average; the more often a customer has "
        "bought, the more their own average counts.",
        "",
        f"Expected in the next {result.horizon_days} days: {v['expected_purchases'].sum():,.0f} "
        f"purchase days worth {v['clv'].sum():,.2f} in all (discounted at "
        f"{ANNUAL_DISCOUNT:.0%} a year). Returns are not subtracted.",
        "",
        f"Top {min(TOP, len(v))} customers by expected value:",
        f"  {'customer':<14}{'value':>14}{'still buying':>14}{'purchases':>11}"
        f"{'bought on':>11}{'avg spend':>12}",
    ]
    for customer, row in zip(v.index[:TOP], v.head(TOP).itertuples(), strict=True):
        lines.append(f"  {str(customer)[:13]:<14}{row.clv:>14,.2f}{row.p_alive:>14.0%}"
                     f"{row.expected_purchases:>11.1f}{row.frequency + 1:>6.0f} days"
                     f"{row.expected_average_value:>12,.2f}")
    return "\n".join(lines)
