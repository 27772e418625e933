"""Use cases behind the Overview and Customers pages: the shop at a glance, every customer in one
table, and one customer's full profile.

They are quick reads (a few seconds on 500k order lines), called off the UI thread. Everything
is counted as `engine.customers.rfm` counts it (purchases, net revenue after returns), values
come from the lifetime-value models of `engine.customers.clv` as `main.py clv` fits them, and
profiles from `engine.customers.profiles`, so every page and the CLI agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from engine.churn.labels import NotEnoughHistory, default_horizon
from engine.customers.clv import (
    BetaGeoModel,
    GammaGammaModel,
    NotEnoughData,
    clv_summary,
    lifetime_value,
    purchases,
)
from engine.customers.profiles import CustomerProfile, ShopProfiles, profile_of, shop_profiles
from engine.customers.rfm import (
    purchase_orders,
    resolve_as_of,
    rfm_values,
    sales_window,
    score_rfm,
)
from engine.jobs.clv import ANNUAL_DISCOUNT
from engine.jobs.profiles import UnknownCustomer, similar_ids
from engine.jobs.training import recommendations_for, runs
from storage.database import create_db_engine
from storage.queries import behaviour_events, customer_table, database_summary, sales_lines

__all__ = ["CustomerBook", "CustomerDetails", "CustomerList", "ShopOverview", "UnknownCustomer",
           "book_from", "customer_book", "customer_details", "customer_list",
           "held_customer_details", "model_recommendations", "overview_from", "shop_overview"]

LIFETIME_DAYS = 365  # lifetime value is what a customer is expected to spend in the next year
ACTIVE_DAYS_FALLBACK = 90  # "active" when the shop has too few repeat buyers for its own rhythm
RECOMMENDED = 5
# Orders without a customer (guest checkouts) are part of the shop's orders and revenue but of
# no customer's figures; they go through the RFM counting rules under this id, which no
# imported customer can have.
_GUEST = "\0guest"

TABLE_COLUMNS = ("customer", "name", "email", "country", "segment", "orders", "revenue",
                 "last_purchase", "lifetime_value", "r_score", "f_score", "m_score")


# ---------------------------------------------------------------------------- the overview


@dataclass(frozen=True)
class ShopOverview:
    """The key figures and monthly series of the Overview page."""

    customers: int  # every customer the shop knows, with or without orders
    orders: int  # purchases (rfm: completed orders with a product bought), guests included
    revenue: float  # net of returns, guests included
    active_customers: int  # customers with a purchase in the last `active_days` days
    active_days: int  # the shop's buying rhythm (engine.churn.labels.default_horizon)
    as_of: pd.Timestamp | None  # the day after the last order; None without orders
    monthly: pd.DataFrame  # month, revenue, new_customers, returning_customers
    segments: pd.Series  # customers per RFM segment, largest first


def overview_from(lines: pd.DataFrame, customers: int) -> ShopOverview:
    """The overview of a shop whose sales are `lines` (storage.queries.sales_lines) and whose
    customer list holds `customers` customers."""
    empty = pd.DataFrame({"month": pd.Series(dtype="datetime64[us]"),
                          "revenue": pd.Series(dtype=float),
                          "new_customers": pd.Series(dtype="int64"),
                          "returning_customers": pd.Series(dtype="int64")})
    if lines.empty:
        return ShopOverview(customers, 0, 0.0, 0, ACTIVE_DAYS_FALLBACK, None, empty,
                            pd.Series(dtype="int64"))
    as_of = resolve_as_of(lines)
    window = sales_window(lines.assign(customer=lines["customer"].fillna(_GUEST)), as_of)
    orders = purchase_orders(window)
    known = window.loc[(window["customer"] != _GUEST).to_numpy()]
    rfm = score_rfm(rfm_values(known, as_of)) if len(known) else pd.DataFrame(
        {"recency_days": pd.Series(dtype="Int64"), "segment": pd.Series(dtype=object)})
    try:
        active_days = default_horizon(lines)
    except NotEnoughHistory:
        active_days = ACTIVE_DAYS_FALLBACK
    return ShopOverview(
        customers=customers, orders=len(orders), revenue=round(float(window["revenue"].sum()), 2),
        active_customers=int((rfm["recency_days"] <= active_days).sum()),
        active_days=active_days, as_of=as_of,
        monthly=_monthly(window, orders.loc[(orders["customer"] != _GUEST).to_numpy()]),
        segments=rfm["segment"].value_counts(sort=True).rename("customers"))


def _monthly(window: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Net revenue per month on the shop's clock, and the customers who bought that month for
    the first time (new) or again (returning). Quiet months are kept, so charts show gaps."""
    month = window["local_time"].dt.to_period("M")
    revenue = window.groupby(month)["revenue"].sum()
    bought = pd.DataFrame({"customer": orders["customer"].astype(object).to_numpy(),
                           "month": orders["local_time"].dt.to_period("M").to_numpy()})
    bought = bought.drop_duplicates()
    first = bought.groupby("customer")["month"].transform("min")
    is_new = (bought["month"] == first).to_numpy()
    new = bought.loc[is_new].groupby("month").size()
    returning = bought.loc[~is_new].groupby("month").size()
    months = pd.period_range(month.min(), month.max(), freq="M")
    return pd.DataFrame({
        "month": months.to_timestamp(),
        "revenue": revenue.reindex(months, fill_value=0.0).round(2).to_numpy(),
        "new_customers": new.reindex(months, fill_value=0).to_numpy(dtype="int64"),
        "returning_customers": returning.reindex(months, fill_value=0).to_numpy(dtype="int64"),
    })


def shop_overview(db_path: Path | str) -> ShopOverview:
    engine = create_db_engine(db_path)
    try:
        lines = sales_lines(engine)
        customers = database_summary(engine)["counts"]["customers"]
    finally:
        engine.dispose()
    return overview_from(lines, customers)


# ---------------------------------------------------------------------------- the customer list


@dataclass(frozen=True)
class CustomerBook:
    """Every customer in one table, and the shop's profiles pass, kept so that opening one
    customer's profile needs no second read of the database nor a second pass over it."""

    as_of: pd.Timestamp
    # One row per customer, TABLE_COLUMNS: revenue is net of returns; lifetime_value is the
    # expected spend over the next LIFETIME_DAYS (NaN without purchases or without a fit).
    table: pd.DataFrame
    shop: ShopProfiles
    notes: tuple[str, ...] = ()


def _lifetime_values(lines: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """CLV per customer, fitted as engine.jobs.clv.clv_job fits them (same day, horizon and
    discount), so the list and `main.py clv` give the same values."""
    empty = pd.Series(dtype=float, name="lifetime_value")
    days = purchases(lines)["day"]
    if days.empty:
        return empty, []
    summary = clv_summary(lines, days.max() + pd.Timedelta(days=1))
    try:
        bg = BetaGeoModel().fit(summary)
        gg = GammaGammaModel().fit(summary)
    except (NotEnoughData, ValueError) as problem:
        return empty, [str(problem)]
    value = lifetime_value(bg, gg, summary, horizon_days=LIFETIME_DAYS,
                           annual_discount=ANNUAL_DISCOUNT)
    return value.rename("lifetime_value"), []


def book_from(lines: pd.DataFrame, events: pd.DataFrame | None,
              customers: pd.DataFrame) -> CustomerBook:
    """The customer book of a shop from its storage.queries frames."""
    events = events if events is not None else pd.DataFrame()
    shop = shop_profiles(lines, events, customers)
    profiles = shop.profiles
    values, notes = _lifetime_values(lines)
    table = profiles.assign(revenue=profiles["monetary"], country=profiles["main_country"])
    table = table.join(values)
    known = customers.dropna(subset=["customer"]).drop_duplicates("customer")
    known = known.set_index(known["customer"].astype(str))
    for column in ("name", "email"):
        table[column] = known[column].reindex(table.index).to_numpy(dtype=object)
    table = table.rename_axis("customer").reset_index()
    table["customer"] = table["customer"].astype(str).to_numpy(dtype=object)
    return CustomerBook(resolve_as_of(lines, events), table[list(TABLE_COLUMNS)], shop,
                        tuple(notes))


def customer_book(db_path: Path | str) -> CustomerBook:
    engine = create_db_engine(db_path)
    try:
        lines = sales_lines(engine)
        events = behaviour_events(engine)
        customers = customer_table(engine)
    finally:
        engine.dispose()
    return book_from(lines, events, customers)


# ---------------------------------------------------------------------------- one customer


@dataclass(frozen=True)
class CustomerDetails:
    profile: CustomerProfile
    lifetime_value: float | None  # over the next LIFETIME_DAYS


def customer_details(book: CustomerBook, customer: str) -> CustomerDetails:
    """One customer's profile (engine.customers.profiles) and lifetime value from the book;
    UnknownCustomer, with ids that look alike, when the shop does not know them."""
    key = str(customer).strip()
    rows = np.flatnonzero(book.table["customer"].to_numpy() == key)
    if not len(rows):
        raise UnknownCustomer(key, similar_ids(key, book.table["customer"]))
    profile = profile_of(book.shop, key)
    row = book.table.iloc[rows[0]]
    value = row["lifetime_value"]
    return CustomerDetails(profile, None if pd.isna(value) else float(value))


# ---------------------------------------------------------------------------- across processes


@dataclass(frozen=True)
class CustomerList:
    """The part of a CustomerBook that a window shows: the table, without the shop's order
    lines. Those stay in the process that read the book (`held_customer_details` uses them):
    sending them over would cost the window a second of unpickling on a large shop."""

    as_of: pd.Timestamp
    table: pd.DataFrame
    notes: tuple[str, ...] = ()


_held_books: dict[str, CustomerBook] = {}  # by database path, in the process that reads them


def customer_list(db_path: Path | str) -> CustomerList:
    """Read the customer book, keep it in this process, and return its table."""
    book = customer_book(db_path)
    _held_books[str(Path(db_path).resolve())] = book
    return CustomerList(book.as_of, book.table, book.notes)


def held_customer_details(db_path: Path | str, customer: str) -> CustomerDetails:
    """`customer_details` from the book the last `customer_list` of this process read (read
    again if there is none, e.g. in a fresh process)."""
    key = str(Path(db_path).resolve())
    if key not in _held_books:
        _held_books[key] = customer_book(db_path)
    return customer_details(_held_books[key], customer)


def model_recommendations(db_path: Path | str, customer: str, n: int = RECOMMENDED,
                          ) -> tuple[bool, pd.DataFrame]:
    """Whether a trained model is active, and what it recommends to `customer` (product,
    category, score, reason; empty when it has nothing for them)."""
    history = runs(db_path)
    has_model = bool(len(history) and history["is_active"].any())
    if not has_model:
        return False, pd.DataFrame(columns=["rank", "sku", "product", "category", "score",
                                            "reason", "run_id"])
    return True, recommendations_for(db_path, customer, n)
