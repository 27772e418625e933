"""Use case: customer profiles from the shop database, for the profile page and the CLI.

The jobs are generators (HOUSE_STYLE §2): each step yields a Progress, which is also a cancel
point, and the database engine they open is disposed however they end. Nothing is written.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Generator
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from engine.customers.profiles import (
    NO_ORDERS,
    POPULAR_IN_CATEGORIES,
    CustomerProfile,
    build_profiles,
    customer_profile,
)
from engine.customers.rfm import DEFAULT_SEGMENT_RULES, SegmentRule
from storage.database import create_db_engine
from storage.progress import Progress
from storage.queries import behaviour_events, customer_table, sales_lines

__all__ = ["UnknownCustomer", "profile_job", "profile_to_json", "profile_to_text",
           "profiles_job"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_STEPS = 4


class UnknownCustomer(LookupError):
    """The shop has no customer with this id; the message suggests ids that look alike."""

    def __init__(self, customer: str, suggestions: list[str]) -> None:
        self.customer = customer
        self.suggestions = suggestions
        super().__init__(self.describe())

    def describe(self) -> str:
        text = f"This shop has no customer '{self.customer}'."
        if self.suggestions:
            return f"{text} Did you mean {', '.join(self.suggestions)}?"
        return (f"{text} Use the customer number (or e-mail) as it appears in the imported "
                "files.")

    def __str__(self) -> str:  # LookupError would quote the message like a dictionary key
        return self.describe()


def similar_ids(customer: str, known: pd.Series, limit: int = 5) -> list[str]:
    """Ids containing what was typed, then ids that are spelled alike (difflib), at most
    `limit`. Only ids of about the same length are compared, so large shops stay fast."""
    ids = known.dropna().astype(str)
    typed = customer.strip()
    if not typed:
        return []
    found = sorted(ids[ids.str.contains(typed, case=False, regex=False)], key=len)[:limit]
    near = ids[(ids.str.len() - len(typed)).abs() <= 2].tolist()
    for match in difflib.get_close_matches(typed, near, n=limit, cutoff=0.6):
        if match not in found and len(found) < limit:
            found.append(match)
    return found


def _load(engine) -> Generator[Progress, None, tuple[pd.DataFrame, ...]]:
    yield Progress(1, _STEPS, "Reading orders")
    lines = sales_lines(engine)
    yield Progress(2, _STEPS, "Reading browsing and rating events")
    events = behaviour_events(engine)
    yield Progress(3, _STEPS, "Building profiles")
    return lines, events


def profile_job(db_path: Path | str, customer: str, *, as_of: pd.Timestamp | None = None,
                rules: tuple[SegmentRule, ...] = DEFAULT_SEGMENT_RULES,
                ) -> Generator[Progress, None, CustomerProfile]:
    """One customer's profile; UnknownCustomer (before the orders are read) when the shop
    does not know them."""
    engine = create_db_engine(db_path)
    try:
        yield Progress(0, _STEPS, "Looking up the customer")
        customers = customer_table(engine)
        key = str(customer).strip()
        if not (customers["customer"].astype(str) == key).any():
            raise UnknownCustomer(key, similar_ids(key, customers["customer"]))
        lines, events = yield from _load(engine)
        profile = customer_profile(key, lines, events, customers, as_of=as_of, rules=rules)
        yield Progress(_STEPS, _STEPS, "Done")
        return profile
    finally:
        engine.dispose()


def profiles_job(db_path: Path | str, *, as_of: pd.Timestamp | None = None,
                 rules: tuple[SegmentRule, ...] = DEFAULT_SEGMENT_RULES,
                 ) -> Generator[Progress, None, pd.DataFrame]:
    """Profiles of every customer (engine.customers.profiles.build_profiles)."""
    engine = create_db_engine(db_path)
    try:
        yield Progress(0, _STEPS, "Reading customers")
        customers = customer_table(engine)
        lines, events = yield from _load(engine)
        profiles = build_profiles(lines, events, customers, as_of=as_of, rules=rules)
        yield Progress(_STEPS, _STEPS, "Done")
        return profiles
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------- output


def _plain(value: Any) -> Any:
    """A JSON-safe version of one value: ISO dates, Python numbers, None for missing."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or (np.ndim(value) == 0 and not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


_PAIRS = {"top_categories": ("category", "share"), "top_products": ("product", "quantity"),
          "latent_needs": ("product", "events"), "latent_categories": ("category", "events")}


def profile_to_json(profile: CustomerProfile) -> dict:
    """The profile as one JSON-safe dict; pairs become small objects, the timeline rows."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(profile):
        value = getattr(profile, f.name)
        if f.name in _PAIRS:
            first, second = _PAIRS[f.name]
            out[f.name] = [{first: _plain(a), second: _plain(b)} for a, b in value]
        elif f.name == "purchase_timeline":
            out[f.name] = [{"month": row.month.strftime("%Y-%m"), "orders": int(row.orders),
                            "revenue": float(row.revenue)} for row in value.itertuples()]
        else:
            out[f.name] = _plain(value)
    if out.get("preferred_weekday") is not None:
        out["preferred_weekday_name"] = WEEKDAYS[out["preferred_weekday"]]
    return out


def _date(value: pd.Timestamp | None) -> str:
    return value.strftime("%d %b %Y").lstrip("0") if value is not None else "never"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _price_words(profile: CustomerProfile) -> str | None:
    if profile.price_sensitivity is None:
        return None
    ratio = profile.price_sensitivity
    if ratio < 0.97:
        paid = f"pays {_percent(1 - ratio)} less than the usual price"
    elif ratio > 1.03:
        paid = f"pays {_percent(ratio - 1)} more than the usual price"
    else:
        paid = "pays about the usual price"
    text = f"{paid}; {_percent(profile.discount_share or 0)} of their lines were below it"
    level = profile.price_level
    if level is not None and level < 0.8:
        text += "; leans to low-priced products"
    elif level is not None and level > 1.25:
        text += "; leans to higher-priced products"
    return text


def _buying_lines(p: CustomerProfile) -> list[str]:
    if p.orders == 0:
        return ["  No orders yet."]
    ago = f", {p.recency_days} days before {_date(p.as_of)}" if p.recency_days is not None else ""
    out = [f"  Orders: {p.orders:,} (first {_date(p.first_purchase)}, "
           f"last {_date(p.last_purchase)}{ago})",
           f"  Spent: {_number(p.monetary)} after returns; "
           f"{_number(p.average_order_value or 0)} per order on average"]
    returned = (f", {_number(p.returned_items)} returned ({_percent(p.return_rate)})"
                if p.returned_items and p.return_rate is not None else ", none returned")
    out.append(f"  Items: {_number(p.items)} bought{returned}")
    when = []
    if p.preferred_weekday is not None:
        when.append(f"on {WEEKDAYS[p.preferred_weekday]}s")
    if p.preferred_hour is not None:
        when.append(f"around {p.preferred_hour:02d}:00")
    where = [w for w in (p.main_country, p.main_channel) if w]
    if when or where:
        text = "  Usually buys " + " ".join(when)
        out.append(text + (f" ({', '.join(where)})" if where else ""))
    prices = _price_words(p)
    if prices:
        out.append(f"  Prices: {prices}")
    out.append(f"  Scores (5 is best): recent {p.r_score}, frequent {p.f_score}, "
               f"spend {p.m_score}")
    return out


def profile_to_text(profile: CustomerProfile) -> str:
    """What `main.py profile --customer ID` prints: plain words a shop owner can act on."""
    p = profile
    out = [f"Customer {p.customer}: {p.segment}" + (" (high value)" if p.high_value else ""),
           f"  What to do: {p.suggested_action}", "", "Buying", *_buying_lines(p)]
    if p.demographics:
        about = ", ".join(f"{k} {v}" for k, v in p.demographics.items())
        out += ["", f"About them: {about}"]
    if p.top_categories:
        out += ["", "Favourite categories: " + ", ".join(
            f"{name} ({_percent(share)})" for name, share in p.top_categories)]
    if p.top_products:
        out += ["Favourite products: " + ", ".join(
            f"{name} ({_number(q)})" for name, q in p.top_products)]
    activity = [f"{n:,} {label}" for n, label in (
        (p.views, "views"), (p.carts, "times added to cart"), (p.wishlists, "wishlist adds"),
        (p.searches, "searches"), (p.purchase_events, "purchase events"),
        (p.ratings, "ratings")) if n]
    if activity:
        out += ["", "Browsing: " + ", ".join(activity)]
    if p.latent_needs:
        out += ["Looked at again and again but never bought: " + ", ".join(
            f"{name} ({n} times)" for name, n in p.latent_needs[:5])]
    if p.latent_categories:
        out += ["Browses but never buys in: " + ", ".join(
            f"{name} ({n} times)" for name, n in p.latent_categories[:5])]
    if p.recommendations:
        why = ("popular in their favourite categories"
               if p.recommendation_source == POPULAR_IN_CATEGORIES else "popular in the shop")
        out += ["", f"Suggested products ({why} they have not bought yet; "
                    "no trained recommender yet):",
                *(f"  - {name}" for name in p.recommendations[:5])]
    if p.segment == NO_ORDERS and not activity:
        out += ["", "Nothing is known about this customer's shopping yet."]
    return "\n".join(out)
