"""Who is about to leave, what they are worth, why (in plain words) and what to do about it.

Reasons come from the customer's own numbers. Each candidate reason has a figure where higher
means "more like someone leaving" (how overdue against their own rhythm, how long since a
single order, how few orders a repeat customer has made, how much their spend fell, how much
they returned, how much their browsing fell). A figure is ranked by how unusual it is among
customers who were retained in the most recent labelled window: its unusualness is the share
of those customers with a less extreme figure (ties count half). Up to three reasons more
unusual than REASON_LEVEL of retained customers are listed, most unusual first; a customer with
none gets their single most unusual one, so every row has at least one reason. Figures that
point away from churn (no drop in spend, no returns) are never reasons.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.churn.features import churn_features
from engine.churn.labels import (
    NotEnoughHistory,
    as_day,
    churn_labels,
    lines_until,
    purchase_days,
    shop_time,
)
from engine.churn.models import (
    PROGRESS_TOTAL,
    ChurnReport,
    GBMParams,
    LogRegParams,
    NeuralParams,
    check_window,
    fit_model,
    scaled_steps,
    step_progress,
)
from engine.customers.clv import (
    BetaGeoModel,
    GammaGammaModel,
    NotEnoughData,
    clv_summary,
    lifetime_value,
)
from engine.customers.rfm import NO_SEGMENT, rfm_table, segment_action
from storage.progress import Progress

log = logging.getLogger(__name__)

REASON_LEVEL = 0.8
MAX_REASONS = 3
HIGH_VALUE_SHARE = 0.2  # the top fifth by value at stake gets a personal touch
RECOMMENDED = 3


# ---------------------------------------------------------------------------- reasons


@dataclass(frozen=True)
class _Reason:
    """One kind of reason: its figure (higher = more churn-like; NaN = does not apply) and
    the sentence for one customer's row of features."""

    name: str
    figure: Callable[[pd.DataFrame], pd.Series]
    words: Callable[[dict], str]


def _days(value: float) -> str:
    n = round(value)
    return f"{n} day" if n == 1 else f"{n} days"


def _every(value: float) -> str:
    n = round(value)
    return "every day" if n <= 1 else f"every {n} days"


def _percent(share: float) -> str:
    return f"{max(1, round(100 * share))}%"


def _times(n: float) -> str:
    n = round(n)
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _overdue(f: pd.DataFrame) -> pd.Series:
    # A rhythm needs at least two gaps; "only 2 orders so far" speaks for the others.
    return f["rhythm"].where(f["frequency"] >= 3)


def _overdue_words(row: dict) -> str:
    if row["recency_days"] > row["gap_mean"]:
        return (f"no order for {_days(row['recency_days'])}; usually orders "
                f"{_every(row['gap_mean'])}")
    return (f"last order {_days(row['recency_days'])} ago; usually orders "
            f"{_every(row['gap_mean'])}")


def _single(f: pd.DataFrame) -> pd.Series:
    return f["recency_days"].where(f["frequency"] == 1)


def _single_words(row: dict) -> str:
    if row["recency_days"] == 0:
        return "only ever ordered once, today"
    return f"only ever ordered once, {_days(row['recency_days'])} ago"


def _few_orders(f: pd.DataFrame) -> pd.Series:
    return -f["frequency"].where(f["frequency"] >= 2)


def _few_orders_words(row: dict) -> str:
    return (f"only {round(row['frequency'])} orders so far, the first "
            f"{_days(row['tenure_days'])} ago")


def _spend_drop(f: pd.DataFrame) -> pd.Series:
    before = f["spend_prev_90"].where(f["spend_prev_90"] > 0)
    return ((before - f["spend_90"].clip(lower=0)) / before).clip(lower=0).fillna(0.0)


def _spend_drop_words(row: dict) -> str:
    if row["spend_90"] <= 0:
        return (f"nothing bought in the last 3 months, after ordering "
                f"{_times(row['orders_prev_90'])} in the 3 before")
    share = 1 - row["spend_90"] / row["spend_prev_90"]
    return f"spent {_percent(share)} less in the last 3 months than in the 3 before"


def _returns(f: pd.DataFrame) -> pd.Series:
    return f["return_rate"]


def _returns_words(row: dict) -> str:
    return f"returned {_percent(row['return_rate'])} of what they bought"


def _browse_drop(f: pd.DataFrame) -> pd.Series:
    recent = f["views_30"] + f["carts_30"]
    earlier = (f["views_90"] + f["carts_90"] - recent) / 2  # per 30 days before the last 30
    drop = 1 - recent / earlier.where(earlier > 0)
    return drop.clip(lower=0, upper=1).fillna(0.0)


def _browse_words(row: dict) -> str:
    recent = row["views_30"] + row["carts_30"]
    if recent == 0:
        return "stopped browsing: no visits in 30 days"
    earlier = (row["views_90"] + row["carts_90"] - recent) / 2
    return (f"browsing less: {int(recent)} visits in the last 30 days, against about "
            f"{round(earlier)} a month before")


REASONS = (
    _Reason("overdue", _overdue, _overdue_words),
    _Reason("single order", _single, _single_words),
    _Reason("few orders", _few_orders, _few_orders_words),
    _Reason("spend drop", _spend_drop, _spend_drop_words),
    _Reason("returns", _returns, _returns_words),
    _Reason("browsing drop", _browse_drop, _browse_words),
)


def unusualness(values: pd.Series, reference: pd.Series) -> pd.Series:
    """Share of the reference with a smaller value (ties count half); NaN stays NaN."""
    ref = np.sort(reference.dropna().to_numpy(dtype=float))
    x = values.to_numpy(dtype=float)
    if len(ref) == 0:
        share = np.where(np.isnan(x), np.nan, 0.5)
    else:
        below = np.searchsorted(ref, x, side="left")
        equal = np.searchsorted(ref, x, side="right") - below
        share = np.where(np.isnan(x), np.nan, (below + 0.5 * equal) / len(ref))
    return pd.Series(share, index=values.index)


def explain(features: pd.DataFrame, retained: pd.DataFrame) -> pd.Series:
    """The reasons (list of sentences, most unusual first) for every row of `features`;
    `retained` holds the features of customers who came back, the yardstick."""
    scores = pd.DataFrame({
        reason.name: unusualness(reason.figure(features), reason.figure(retained))
        for reason in REASONS})
    # A figure that points away from churn (no drop, no returns) is never a reason.
    for reason in REASONS:
        if reason.name in ("spend drop", "returns", "browsing drop"):
            scores[reason.name] = scores[reason.name].where(reason.figure(features) > 0)
    order = np.argsort(-scores.fillna(-1.0).to_numpy(), axis=1, kind="stable")
    values = scores.to_numpy()
    out = []
    for i, row in enumerate(features.to_dict("records")):
        picked = [j for j in order[i] if not np.isnan(values[i, j])]
        strong = [j for j in picked if values[i, j] >= REASON_LEVEL][:MAX_REASONS]
        out.append([REASONS[j].words(row) for j in (strong or picked[:1])])
    return pd.Series(out, index=features.index, name="reasons", dtype=object)


# ---------------------------------------------------------------------------- value and action


def value_at_stake(lines: pd.DataFrame, features: pd.DataFrame, as_of: pd.Timestamp,
                   horizon_days: int) -> tuple[pd.Series, pd.Series, list[str]]:
    """Expected value over the horizon from BG/NBD + Gamma-Gamma (clv.lifetime_value), less
    the share of value the customer returns (their return_rate): the fits count what was
    ordered, and a customer who sends everything back is worth nothing to win back. Where the
    fit is impossible, the customer's past average yearly spend (net of returns) scaled to the
    horizon. Returns (value, source per customer, notes)."""
    yearly = features["monetary"] * 365 / np.maximum(features["tenure_days"] + 1, 365)
    fallback = (yearly * horizon_days / 365).clip(lower=0)
    try:
        summary = clv_summary(lines, as_of)
        bg, gg = BetaGeoModel().fit(summary), GammaGammaModel().fit(summary)
        ordered = lifetime_value(bg, gg, summary, horizon_days=horizon_days).reindex(
            features.index)
        value = ordered * (1 - features["return_rate"])
    except (NotEnoughData, ValueError) as problem:
        log.info("lifetime value fit failed, using past spend: %s", problem)
        note = (f"Value at stake is past average yearly spend scaled to {horizon_days} days: "
                f"the lifetime-value model could not be fitted ({problem})")
        return fallback, pd.Series("past spend", index=features.index), [note]
    missing = value.isna() | ~np.isfinite(value)
    source = pd.Series(np.where(missing, "past spend", "clv"), index=features.index)
    notes = []
    if missing.any():
        notes.append(f"{int(missing.sum())} customers have no lifetime-value estimate; their "
                     "value at stake is past average yearly spend scaled to the horizon.")
    return value.where(~missing, fallback), source, notes


def recommended_products(lines: pd.DataFrame, customers: pd.Index,
                         n: int = RECOMMENDED) -> pd.Series:
    """The shop's most popular products (by how many customers bought them) that each customer
    has not bought yet: the popularity fallback of engine.customers.profiles, for many
    customers in one pass. Customers who bought all of them get their own favourites."""
    bought = lines[lines["customer"].notna() & (lines["status"] == "completed")
                   & ~lines["is_return"] & ~lines["is_non_product"] & (lines["quantity"] > 0)]
    pairs = bought[["customer", "product_id"]].drop_duplicates()
    popularity = pairs.groupby("product_id").size().sort_values(ascending=False, kind="stable")
    names = bought.drop_duplicates("product_id").set_index("product_id")
    label = names["product"].astype(object).where(names["product"].notna(), names["sku"])
    popular = list(popularity.index[: n + 200])
    mine = pairs[pairs["customer"].isin(customers)].groupby("customer")["product_id"].agg(set)
    units = bought[bought["customer"].isin(customers)].groupby(
        ["customer", "product_id"])["quantity"].sum().reset_index()
    units = units.sort_values(["customer", "quantity", "product_id"],
                              ascending=[True, False, True], kind="stable")
    favourite = units.groupby("customer")["product_id"].agg(lambda s: list(s[:n]))
    out = {}
    for customer in customers:
        had = mine.get(customer, set())
        picks = [p for p in popular if p not in had][:n]
        source = "popular" if picks else "favourite"
        picks = picks or favourite.get(customer, [])
        out[customer] = (source, [str(label.get(p, p)) for p in picks])
    return pd.Series(out, dtype=object)


def suggest_action(segment: str, *, high_value: bool, at_risk: bool,
                   products: tuple[str, list[str]] | None = None) -> str:
    """segment_action, except for customers at risk: a personal call for the high-value ones,
    a win-back offer naming products for the others."""
    base = segment_action(segment, high_value=high_value)
    if not at_risk:
        return base
    if high_value:
        if "call" in base.lower():
            return base
        return ("Call them personally: they are among your most valuable customers and may be "
                "about to leave. Ask how it is going and what would bring them back.")
    source, names = products or ("popular", [])
    if not names:
        return "Send a win-back offer on what they bought before."
    listed = ", ".join(names)
    if source == "popular":
        return f"Send a win-back offer with popular products they have not tried: {listed}."
    return f"Send a win-back offer on their favourite products: {listed}."


# ---------------------------------------------------------------------------- scoring


def iter_score_customers(lines: pd.DataFrame, events: pd.DataFrame | None,
                         report: ChurnReport, as_of: object,
                         ) -> Generator[Progress, None, pd.DataFrame]:
    """score_customers as a job step (yields Progress; per epoch when the network refits)."""
    as_of, horizon = as_day(as_of), report.horizon_days
    window = as_of - pd.Timedelta(days=horizon)
    days = purchase_days(lines)
    labels = churn_labels(None, window, horizon, days=days)
    problem = check_window(labels, window, horizon)
    if problem:
        raise NotEnoughHistory(problem)
    yield Progress(0, PROGRESS_TOTAL, "Churn: features of the latest labelled period")
    trained_on = churn_features(lines, events, window).loc[labels.index]
    fitting = fit_model(report.chosen, trained_on, labels.to_numpy(dtype=int),
                        horizon_days=horizon, seed=report.seed, params=_params(report))
    model = yield from step_progress(scaled_steps(fitting, 0.02, 0.88),
                                     "Churn: refitting the chosen model on the latest period")
    yield Progress(int(0.9 * PROGRESS_TOTAL), PROGRESS_TOTAL, "Churn: scoring every customer")
    features = churn_features(lines, events, as_of)
    risk = pd.Series(model.predict_proba(features), index=features.index)
    upto = lines_until(lines, as_of)
    yield Progress(int(0.93 * PROGRESS_TOTAL), PROGRESS_TOTAL, "Churn: value at stake")
    value, source, notes = value_at_stake(upto, features, as_of, horizon)
    yield Progress(int(0.96 * PROGRESS_TOTAL), PROGRESS_TOTAL, "Churn: reasons and actions")
    # rfm counts lines up to a moment; the day after the last one covers the whole day.
    segments = rfm_table(upto, as_of + pd.Timedelta(days=1))["segment"]
    segment = segments.reindex(features.index).fillna(NO_SEGMENT)
    high_value = value >= value.quantile(1 - HIGH_VALUE_SHARE)
    at_risk = risk >= model.threshold
    needs_products = features.index[at_risk & ~high_value]
    products = recommended_products(upto, needs_products)
    frame = pd.DataFrame({
        "risk": risk, "value": value, "value_at_risk": risk * value, "at_risk": at_risk,
        "high_value": high_value, "segment": segment,
        "reasons": explain(features, trained_on.loc[~labels.to_numpy()]),
        "recency_days": features["recency_days"], "frequency": features["frequency"],
        "monetary": features["monetary"], "value_source": source,
    })
    frame["action"] = [
        suggest_action(segment.at[c], high_value=bool(high_value.at[c]),
                       at_risk=bool(at_risk.at[c]), products=products.get(c))
        for c in frame.index]
    frame = frame.sort_values(["value_at_risk", "risk"], ascending=False, kind="stable")
    frame.attrs.update(model=report.chosen, threshold=float(model.threshold),
                       as_of=as_of, trained_until=window, notes=notes,
                       last_day=as_day(shop_time(lines).max()))
    return frame


def _params(report: ChurnReport) -> LogRegParams | GBMParams | NeuralParams | None:
    """The hyper-parameters the comparison used, back from the report's plain dicts."""
    kinds = {"logreg": LogRegParams, "gbm": GBMParams, "neural": NeuralParams}
    stored = report.params.get(report.chosen)
    if report.chosen not in kinds or not stored:
        return None
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in stored.items()}
    return kinds[report.chosen](**values)


def score_customers(lines: pd.DataFrame, events: pd.DataFrame | None, report: ChurnReport,
                    as_of: object) -> pd.DataFrame:
    """Every customer with a purchase up to `as_of`, riskiest value first.

    The report's chosen model is refitted (calibration and threshold too) on the most recent
    labelled window: features at as_of − horizon, churn in (as_of − horizon, as_of]. Columns:
    risk (calibrated probability of no purchase within the horizon), value (expected value over
    the horizon; `value_source` says 'clv' or 'past spend'), value_at_risk = risk × value,
    at_risk (risk ≥ the model's operating threshold), high_value (top fifth by value), segment
    (RFM), reasons (plain sentences, see the module docstring), action, and recency_days,
    frequency, monetary. `attrs` holds the model, threshold and notes.
    """
    steps = iter_score_customers(lines, events, report, as_of)
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value
