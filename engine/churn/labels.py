"""Who churned: no purchase within a horizon after a cutoff, and how long that horizon should be.

A purchase is what engine.customers.clv counts as one (a completed order, one per customer per
day, returns left out), so churn, lifetime value and RFM agree on what "bought" means. Days are
whole calendar days on the shop's clock (`local_time`, else `placed_at`, as clv.purchases counts
them): a cutoff includes everything on its own day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.customers.clv import purchases

WEEK = 7
HORIZON_PERCENTILE = 80
MIN_HORIZON_DAYS, MAX_HORIZON_DAYS = 14, 365
MIN_GAPS = 20


class NotEnoughHistory(Exception):
    """The shop's data cannot support a churn model; the message says what is needed."""


def as_day(when: object) -> pd.Timestamp:
    """A cutoff or date as midnight of its day, time-zone free (the data is naive UTC)."""
    day = pd.Timestamp(when)
    if day.tzinfo is not None:
        day = day.tz_convert("UTC").tz_localize(None)
    return day.normalize()


def lines_until(lines: pd.DataFrame, cutoff: object) -> pd.DataFrame:
    """The order lines placed on or before the cutoff's day: all a feature may look at."""
    end = as_day(cutoff) + pd.Timedelta(days=1)
    return lines[shop_time(lines) < end]


def shop_time(lines: pd.DataFrame) -> pd.Series:
    """When each line was placed on the shop's clock, the clock purchase days are counted on."""
    if "local_time" in lines:
        return lines["local_time"].fillna(lines["placed_at"])
    return lines["placed_at"]


def events_until(events: pd.DataFrame | None, cutoff: object) -> pd.DataFrame | None:
    if events is None or events.empty:
        return events
    end = as_day(cutoff) + pd.Timedelta(days=1)
    return events[events["occurred_at"] < end]


def purchase_days(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per customer per purchase day (customer, day, value), days at midnight."""
    days = purchases(lines)
    return days.assign(day=pd.to_datetime(days["day"]).dt.normalize())


def churn_labels(lines: pd.DataFrame, cutoff: object, horizon_days: int,
                 *, days: pd.DataFrame | None = None) -> pd.Series:
    """`churned` (bool) for every customer with a purchase on or before the cutoff: True when
    they made none in (cutoff, cutoff + horizon]. `days` may pass purchase_days(lines) in."""
    cutoff = as_day(cutoff)
    days = purchase_days(lines) if days is None else days
    before = days.loc[days["day"] <= cutoff, "customer"].unique()
    end = cutoff + pd.Timedelta(days=horizon_days)
    came_back = days.loc[(days["day"] > cutoff) & (days["day"] <= end), "customer"].unique()
    index = pd.Index(np.sort(before), name="customer")
    return pd.Series(~index.isin(came_back), index=index, name="churned")


def purchase_gaps(days: pd.DataFrame) -> pd.Series:
    """Days between each customer's consecutive purchase days."""
    ordered = days.sort_values(["customer", "day"])
    gaps = ordered.groupby("customer")["day"].diff().dt.days
    return gaps.dropna()


def default_horizon(lines: pd.DataFrame) -> int:
    """The shop's own churn horizon in days: the 80th percentile of the gaps between repeat
    customers' consecutive purchase days, rounded to whole weeks (between 2 weeks and a year).

    By then 80% of the returns this shop has ever seen had already happened, so a customer
    still away after it is unlikely to be between two ordinary orders.
    """
    gaps = purchase_gaps(purchase_days(lines))
    if len(gaps) < MIN_GAPS:
        raise NotEnoughHistory(
            "Churn prediction learns the shop's buying rhythm from customers who come back; "
            f"it needs at least {MIN_GAPS} repeat purchases and this shop has {len(gaps)}. "
            "Import more order history, or give the horizon in days yourself.")
    days = float(np.percentile(gaps.to_numpy(), HORIZON_PERCENTILE))
    weeks = max(1, round(days / WEEK))
    return int(min(max(weeks * WEEK, MIN_HORIZON_DAYS), MAX_HORIZON_DAYS))
