"""Per-customer churn features as of a cutoff, computed from nothing later than the cutoff.

The lines and events are cut to the cutoff's day before anything else is computed, so no
feature can see the future whatever the code below does with them (tests prove it).
Undefined values stay NaN (the gaps of a one-time buyer); the models decide how to fill them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.churn.labels import as_day, events_until, lines_until, purchase_days

RECENT_DAYS = 90  # the "last 3 months" of the trend features
BROWSE_WINDOWS = (30, 90)
BROWSE_KINDS = {"view": "views", "cart": "carts"}

_LINE_COLUMNS = ("customer", "status", "is_return", "is_non_product", "amount", "product_id",
                 "category", "placed_at", "local_time")  # all the features read

FEATURES = (
    "recency_days", "frequency", "monetary", "avg_spend", "tenure_days",
    "gap_mean", "gap_std", "gap_last", "rhythm",
    "spend_90", "spend_prev_90", "orders_90", "orders_prev_90", "spend_trend", "orders_trend",
    "return_rate", "n_products", "n_categories",
    "views_30", "views_90", "carts_30", "carts_90",
)


def churn_features(lines: pd.DataFrame, events: pd.DataFrame | None,
                   cutoff: object) -> pd.DataFrame:
    """One row per customer with a purchase on or before the cutoff (index `customer`).

    recency_days, tenure_days: days from the last / first purchase day to the cutoff.
    frequency: purchase days; monetary: their total value; avg_spend: per purchase day.
    gap_mean / gap_std / gap_last: days between consecutive purchase days (NaN if bought once).
    rhythm: recency_days ÷ gap_mean, how overdue they are against their own habit.
    spend_90 / orders_90 vs spend_prev_90 / orders_prev_90: the last 90 days against the 90
    before; *_trend = (last − before) / (last + before), in [−1, 1], 0 when both are 0.
    return_rate: value returned ÷ value bought (0..1). n_products, n_categories: breadth.
    views_* / carts_*: browsing events in the last 30 / 90 days (0 without events).
    """
    cutoff = as_day(cutoff)
    lines = lines_until(lines[[c for c in _LINE_COLUMNS if c in lines]], cutoff)
    events = events_until(events, cutoff)
    days = purchase_days(lines)
    if days.empty:
        return pd.DataFrame(columns=list(FEATURES), index=pd.Index([], name="customer"),
                            dtype=float)
    days = days.sort_values(["customer", "day"], kind="stable")
    frame = _rhythm(days, cutoff)
    frame = frame.join(_trend(days, cutoff))
    frame = frame.join(_basket(lines, frame.index))
    frame = frame.join(_browsing(events, cutoff, frame.index))
    return frame[list(FEATURES)].astype(float)


def _rhythm(days: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    by = days.groupby("customer", sort=True)
    first, last = by["day"].min(), by["day"].max()
    frame = pd.DataFrame({
        "recency_days": (cutoff - last).dt.days,
        "frequency": by["day"].size(),
        "monetary": by["value"].sum(),
        "tenure_days": (cutoff - first).dt.days,
    })
    frame.index.name = "customer"
    frame["avg_spend"] = frame["monetary"] / frame["frequency"]
    gaps = days.assign(gap=by["day"].diff().dt.days).dropna(subset=["gap"])
    gap_by = gaps.groupby("customer", sort=True)["gap"]
    frame["gap_mean"] = gap_by.mean()
    frame["gap_std"] = gap_by.std(ddof=0)
    frame["gap_last"] = gap_by.last()
    frame["rhythm"] = frame["recency_days"] / frame["gap_mean"]
    return frame


def _trend(days: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    age = (cutoff - days["day"]).dt.days
    recent = age < RECENT_DAYS
    before = (age >= RECENT_DAYS) & (age < 2 * RECENT_DAYS)
    window = pd.DataFrame({
        "customer": days["customer"],
        "spend_90": days["value"].where(recent, 0.0),
        "spend_prev_90": days["value"].where(before, 0.0),
        "orders_90": recent.astype(float),
        "orders_prev_90": before.astype(float),
    })
    frame = window.groupby("customer", sort=True).sum()
    frame["spend_trend"] = _change(frame["spend_90"].clip(lower=0),
                                   frame["spend_prev_90"].clip(lower=0))
    frame["orders_trend"] = _change(frame["orders_90"], frame["orders_prev_90"])
    return frame


def _change(now: pd.Series, before: pd.Series) -> pd.Series:
    total = now + before
    return ((now - before) / total.where(total > 0)).fillna(0.0)


def _basket(lines: pd.DataFrame, customers: pd.Index) -> pd.DataFrame:
    known = lines[lines["customer"].notna()]
    bought = known[(known["status"] == "completed") & ~known["is_return"]]
    returned = known[known["is_return"]]
    value_bought = bought.groupby("customer")["amount"].sum().reindex(customers, fill_value=0.0)
    value_returned = (-returned.groupby("customer")["amount"].sum()).reindex(customers,
                                                                            fill_value=0.0)
    rate = (value_returned.clip(lower=0) / value_bought.where(value_bought > 0)).fillna(0.0)
    products = bought[~bought["is_non_product"]]
    return pd.DataFrame({
        "return_rate": rate.clip(upper=1.0),
        "n_products": products.groupby("customer")["product_id"].nunique()
        .reindex(customers, fill_value=0),
        "n_categories": products.groupby("customer")["category"].nunique()
        .reindex(customers, fill_value=0),
    }, index=customers)


def _browsing(events: pd.DataFrame | None, cutoff: pd.Timestamp,
              customers: pd.Index) -> pd.DataFrame:
    columns = [f"{name}_{days}" for name in BROWSE_KINDS.values() for days in BROWSE_WINDOWS]
    frame = pd.DataFrame(0.0, index=customers, columns=columns)
    if events is None or events.empty:
        return frame
    known = events[events["customer"].notna() & events["kind"].isin(list(BROWSE_KINDS))]
    age = (cutoff - known["occurred_at"].dt.normalize()).dt.days
    for kind, name in BROWSE_KINDS.items():
        for window in BROWSE_WINDOWS:
            hits = known[(known["kind"] == kind) & (age < window).to_numpy()]
            counts = hits.groupby("customer").size()
            frame[f"{name}_{window}"] = counts.reindex(customers, fill_value=0).astype(float)
    return frame


def bgnbd_summary(features: pd.DataFrame) -> pd.DataFrame:
    """The BG/NBD inputs (lifetimes convention, days) of these features' customers: repeat
    purchase days, first-to-last purchase, and first purchase to the cutoff."""
    summary = pd.DataFrame({
        "frequency": features["frequency"] - 1,
        "recency": features["tenure_days"] - features["recency_days"],
        "T": features["tenure_days"],
    }, index=features.index)
    summary["monetary_value"] = np.where(summary["frequency"] > 0, features["avg_spend"], 0.0)
    return summary.astype(float)
