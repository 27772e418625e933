"""Customer profiles: who each customer is, from their orders, browsing and what the shop knows.

`build_profiles` gives one row per customer for the whole shop in one vectorised pass (group-bys
over categorical customer codes); `customer_profile` adds the detail one page shows: top
categories and products, a monthly timeline, latent needs and recommendations. Inputs are the
frames of `storage.queries` (`sales_lines`, `behaviour_events`, `customer_table`); nothing here
touches the database. Purchases, revenue and returns are counted as `engine.customers.rfm`
says, so a profile and the RFM table always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from engine.customers.rfm import (
    DEFAULT_SEGMENT_RULES,
    NO_ORDERS_ACTION,
    SegmentRule,
    purchase_orders,
    resolve_as_of,
    rfm_values,
    sales_window,
    score_rfm,
    segment_action,
)

NO_ORDERS = "No orders yet"  # the segment of customers known only from browsing or a list
POPULAR_IN_CATEGORIES = "popular in your favourite categories"
POPULAR_OVERALL = "popular in the shop"
LATENT_MIN_EVENTS = 3  # views + carts of a product (or category) before it counts as a need
DISCOUNT_TOLERANCE = 0.01  # a line is "below the usual price" when 1% or more under it
TOP_N = 5
RECOMMENDATIONS = 10
CATEGORY_SEPARATOR = "|"  # MovieLens files a film under several genres: "Comedy|Drama"

EVENT_COLUMNS = {"view": "views", "cart": "carts", "wishlist": "wishlists",
                 "search": "searches", "purchase": "purchase_events", "rating": "ratings"}
INTEREST_KINDS = ("view", "cart", "wishlist", "purchase", "rating")
BROWSE_KINDS = ("view", "cart")
HAD_KINDS = ("purchase", "rating")  # the customer has the product already
DEMOGRAPHICS = ("name", "email", "age", "gender", "occupation", "zip")
_EVENT_FIELDS = ("customer", "product_id", "category", "kind", "occurred_at")

PROFILE_COLUMNS = (
    "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment",
    "first_purchase", "last_purchase", "tenure_days", "orders", "average_order_value",
    "items", "returned_items", "return_rate", "favourite_category", "favourite_product",
    "preferred_weekday", "preferred_hour", "main_country", "main_channel",
    "price_sensitivity", "discount_share", "price_level", *EVENT_COLUMNS.values(),
)


# ---------------------------------------------------------------------------- helpers


def _events(events: pd.DataFrame | None, as_of: pd.Timestamp) -> pd.DataFrame:
    """Events of known customers up to `as_of`, with float product ids like the lines'."""
    if events is None or events.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _EVENT_FIELDS})
        frame["product_id"] = pd.Series(dtype=float)
        frame["occurred_at"] = pd.Series(dtype="datetime64[us]")
        return frame
    keep = (events["customer"].notna() & (events["occurred_at"] <= as_of)).to_numpy()
    frame = events.loc[keep, list(_EVENT_FIELDS)].copy()
    frame["product_id"] = pd.to_numeric(frame["product_id"], errors="coerce").astype(float)
    frame["customer"] = frame["customer"].astype(str).astype(object)
    return frame


def _catalogue(lines: pd.DataFrame, events: pd.DataFrame | None) -> pd.DataFrame:
    """product_id → label (the name, or the SKU where a log gave none) and category."""
    parts = []
    for frame in (lines, events):
        if frame is not None and len(frame):
            ids = pd.to_numeric(frame["product_id"], errors="coerce")
            first = (ids.notna() & ~ids.duplicated()).to_numpy()
            part = frame.loc[first, ["product", "sku", "category"]]
            parts.append(part.assign(product_id=ids[first].astype(float)))
    if not parts:
        return pd.DataFrame({"label": pd.Series(dtype=object),
                             "category": pd.Series(dtype=object)},
                            index=pd.Index([], dtype=float, name="product_id"))
    both = pd.concat(parts).drop_duplicates("product_id")
    label = both["product"].astype(object).where(both["product"].notna(), both["sku"])
    return pd.DataFrame({"label": label.to_numpy(dtype=object),
                         "category": both["category"].astype(object).to_numpy()},
                        index=pd.Index(both["product_id"].to_numpy(), name="product_id"))


def _split_categories(frame: pd.DataFrame, weight: str) -> pd.DataFrame:
    """One row per (row, category), a product filed under several categories giving each an
    equal share of `weight`. Works on the category names, not on every row's text."""
    category = frame["category"]
    if not isinstance(category.dtype, pd.CategoricalDtype):
        category = category.astype(object).astype("category")
    codes = category.cat.codes.to_numpy()
    names = [[p.strip() for p in str(n).split(CATEGORY_SEPARATOR) if p.strip()]
             for n in category.cat.categories]
    sizes = np.array([len(p) for p in names] + [0], dtype=np.int64)  # code -1 → size 0
    flat = np.array([p for ps in names for p in ps] or [""], dtype=object)
    starts = np.concatenate([[0], np.cumsum(sizes[:-1])])[np.where(codes < 0, -1, codes)]
    counts = sizes[codes]  # code -1 reads the trailing 0
    rows = np.repeat(np.arange(len(frame)), counts)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    out = frame.drop(columns="category").iloc[rows].reset_index(drop=True)
    out["category"] = flat[np.repeat(starts, counts) + offsets] if len(rows) else flat[:0]
    out[weight] = out[weight].to_numpy(dtype=float) / np.repeat(counts, counts)
    return out


def _by_customer(values: pd.Series) -> pd.Series:
    """A group-by result over the categorical customer column, indexed by plain strings."""
    return pd.Series(values.to_numpy(), index=pd.Index(np.asarray(values.index, dtype=object),
                                                       name="customer"))


def _top_per_customer(keys: pd.Series, values: pd.Series | np.ndarray,
                      weights: pd.Series | np.ndarray | None = None) -> pd.Series:
    """The most frequent (or heaviest) value per customer; ties go to the smallest value."""
    if isinstance(keys.dtype, pd.CategoricalDtype):
        codes, names = keys.cat.codes.to_numpy(), keys.cat.categories
    else:
        codes, names = pd.factorize(keys)
    frame = pd.DataFrame({"c": codes, "v": np.asarray(values, dtype=object)
                          if isinstance(values, pd.Series)
                          and isinstance(values.dtype, pd.CategoricalDtype)
                          else np.asarray(values),
                          "w": 1.0 if weights is None else np.asarray(weights, dtype=float)})
    frame = frame.loc[frame["v"].notna().to_numpy() & (frame["c"].to_numpy() >= 0)]
    if frame.empty:
        return pd.Series(dtype=object, index=pd.Index([], dtype=object, name="customer"))
    totals = frame.groupby(["c", "v"], sort=False)["w"].sum().reset_index()
    totals = totals.sort_values(["c", "w", "v"], ascending=[True, False, True], kind="stable")
    first = totals.drop_duplicates("c")
    index = pd.Index(np.asarray(names, dtype=object)[first["c"].to_numpy()], name="customer")
    return pd.Series(first["v"].to_numpy(), index=index)


# ---------------------------------------------------------------------------- prices


def _usual_prices(kept: pd.DataFrame) -> pd.Series:
    """The median unit price each product sold for to the shop's customers: the norm."""
    priced = kept.loc[kept["unit_price"].to_numpy() > 0]
    return priced.groupby("product_id")["unit_price"].median()


def _price_columns(kept: pd.DataFrame) -> pd.DataFrame:
    """price_sensitivity, discount_share and price_level per customer, from product lines bought.

    - price_sensitivity: the quantity-weighted mean of unit price / the product's usual price
      (its median over the shop's customers' lines). 1 = pays what the shop's customers usually
      pay; 0.8 = 20%
      less (volume tiers, sales, coupons); above 1 = pays more than most.
    - discount_share: the share of their lines bought at least 1% under the usual price.
    - price_level: how expensive the products they choose are: the quantity-weighted mean of
      their products' usual prices over the same mean for the whole shop; < 1 leans to
      low-priced items.
    Lines without a price (free samples) are left out."""
    priced = kept.loc[kept["unit_price"].to_numpy() > 0]
    usual = _usual_prices(kept).reindex(priced["product_id"].to_numpy()).to_numpy()
    quantity = priced["quantity"].to_numpy(dtype=float)
    frame = pd.DataFrame({
        "customer": priced["customer"].array,
        "q": quantity,
        "qr": quantity * priced["unit_price"].to_numpy(dtype=float) / usual,
        "below": priced["unit_price"].to_numpy() < (1 - DISCOUNT_TOLERANCE) * usual,
        "qn": quantity * usual,
    })
    sums = frame.groupby("customer", observed=True).agg(
        q=("q", "sum"), qr=("qr", "sum"), below=("below", "mean"), qn=("qn", "sum"))
    shop_level = frame["qn"].sum() / frame["q"].sum() if len(frame) else np.nan
    return pd.DataFrame({"price_sensitivity": _by_customer(sums["qr"] / sums["q"]),
                         "discount_share": _by_customer(sums["below"].astype(float)),
                         "price_level": _by_customer(sums["qn"] / sums["q"] / shop_level)})


# ---------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class ShopProfiles:
    """One pass over the shop (`shop_profiles`), kept so that each customer's profile
    (`profile_of`) only adds their detail instead of going over the whole shop again."""

    as_of: pd.Timestamp
    window: pd.DataFrame  # rfm.sales_window
    kept: pd.DataFrame  # product lines bought in completed orders
    events: pd.DataFrame
    catalogue: pd.DataFrame
    profiles: pd.DataFrame


def shop_profiles(lines: pd.DataFrame, events: pd.DataFrame | None,
                  customers: pd.DataFrame | None, as_of: pd.Timestamp | str | None = None,
                  rules: tuple[SegmentRule, ...] = DEFAULT_SEGMENT_RULES) -> ShopProfiles:
    """Every profile column in one pass (see build_profiles for what each one means)."""
    stamp = resolve_as_of(lines, events, as_of)
    window = sales_window(lines, stamp)
    ev = _events(events, stamp)
    orders = purchase_orders(window)
    rfm = score_rfm(rfm_values(window, stamp, orders), rules)

    ids = pd.Index(np.asarray(rfm.index, dtype=object)).append(
        pd.Index(ev["customer"].unique(), dtype=object))
    if customers is not None and len(customers):
        ids = ids.append(pd.Index(customers["customer"].dropna().astype(str), dtype=object))
    ids = pd.Index(ids.unique(), name="customer")
    out = pd.DataFrame(index=ids).join(rfm.set_axis(pd.Index(np.asarray(rfm.index,
                                                                         dtype=object))))
    out["frequency"] = out["frequency"].fillna(0).astype("int64")
    out["monetary"] = out["monetary"].fillna(0.0)
    for column in ("r_score", "f_score", "m_score"):
        out[column] = out[column].astype("Int64")
    out["segment"] = out["segment"].fillna(NO_ORDERS)

    by_order = orders.groupby("customer", observed=True)["placed_at"]
    out["first_purchase"] = _by_customer(by_order.min()).reindex(ids)
    out["last_purchase"] = _by_customer(by_order.max()).reindex(ids)
    tenure = (stamp.normalize() - out["first_purchase"].dt.normalize()).dt.days
    out["tenure_days"] = tenure.astype("Int64")
    out["orders"] = out["frequency"]

    in_purchase = window["kept"].to_numpy() & window["order_id"].isin(orders["order_id"])
    gross = window.loc[in_purchase.to_numpy(), ["customer", "amount"]].groupby(
        "customer", observed=True)["amount"]
    per_order = _by_customer(gross.sum()).reindex(ids) / out["orders"].where(out["orders"] > 0)
    out["average_order_value"] = per_order.round(2)

    goods = window.loc[window["product_line"].to_numpy(),
                       ["customer", "product_id", "quantity", "unit_price", "category",
                        "bought", "kept", "returned_qty"]]
    bought = goods.loc[goods["bought"].to_numpy()].groupby("customer", observed=True)
    returned = goods.groupby("customer", observed=True)["returned_qty"].sum()
    out["items"] = _by_customer(bought["quantity"].sum()).reindex(ids).fillna(0.0)
    out["returned_items"] = _by_customer(returned).reindex(ids).fillna(0.0)
    # Returns of items bought before the data begins can exceed what the data shows bought.
    out["return_rate"] = (out["returned_items"] / out["items"].where(out["items"] > 0)).clip(
        upper=1.0)

    kept = goods.loc[goods["kept"].to_numpy()]
    catalogue = _catalogue(lines, events)
    out["favourite_category"] = _favourite_categories(kept, ev).reindex(ids)
    favourite = _top_per_customer(kept["customer"], kept["product_id"].to_numpy(dtype=float),
                                  kept["quantity"])
    out["favourite_product"] = favourite.map(catalogue["label"]).reindex(ids)

    local = orders["local_time"].dt
    out["preferred_weekday"] = _top_per_customer(
        orders["customer"], local.day_of_week.to_numpy()).reindex(ids).astype("Int64")
    out["preferred_hour"] = _top_per_customer(
        orders["customer"], local.hour.to_numpy()).reindex(ids).astype("Int64")
    any_order = window[["order_id", "customer", "country"]].drop_duplicates("order_id")
    country = _top_per_customer(orders["customer"], orders["country"]).reindex(ids)
    fallback = _top_per_customer(any_order["customer"], any_order["country"]).reindex(ids)
    out["main_country"] = country.where(country.notna(), fallback)
    out["main_channel"] = _top_per_customer(orders["customer"], orders["channel"]).reindex(ids)
    out = out.join(_price_columns(kept))

    counts = ev.groupby(["customer", "kind"]).size().unstack(fill_value=0)
    for kind, column in EVENT_COLUMNS.items():
        values = counts[kind] if kind in counts else pd.Series(dtype="int64")
        out[column] = values.reindex(ids).fillna(0).astype("int64")

    out = out[list(PROFILE_COLUMNS)]
    if customers is not None and len(customers):
        out = _with_demographics(out, customers)
    return ShopProfiles(stamp, window, kept, ev, catalogue, out)


def _favourite_categories(kept: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """By units bought; for customers who have bought nothing yet, by what they browsed,
    carted or rated (interest, not purchases)."""
    bought = _split_categories(kept[["customer", "category", "quantity"]], "quantity")
    favourite = _top_per_customer(bought["customer"], bought["category"], bought["quantity"])
    interest = events.loc[events["kind"].isin(INTEREST_KINDS), ["customer", "category"]]
    interest = _split_categories(interest.assign(weight=1.0), "weight")
    browsed = _top_per_customer(interest["customer"], interest["category"], interest["weight"])
    browsed = browsed.loc[~browsed.index.isin(favourite.index)]
    return pd.concat([favourite, browsed]) if len(browsed) else favourite


def _with_demographics(profiles: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """The customer list's columns that hold anything (MovieLens: age, gender, occupation,
    zip); its country fills in where no order says where the customer buys."""
    known = customers.dropna(subset=["customer"]).drop_duplicates("customer")
    known = known.set_index(pd.Index(known["customer"].astype(str).to_numpy(dtype=object)))
    present = [c for c in DEMOGRAPHICS if c in known and known[c].notna().any()]
    extra = known[present].reindex(profiles.index)
    if "age" in extra:
        extra["age"] = pd.to_numeric(extra["age"], errors="coerce").astype("Int64")
    if "country" in known:
        country = known["country"].reindex(profiles.index)
        profiles = profiles.assign(main_country=profiles["main_country"].where(
            profiles["main_country"].notna(), country))
    return profiles.join(extra)


def build_profiles(lines: pd.DataFrame, events: pd.DataFrame | None,
                   customers: pd.DataFrame | None, as_of: pd.Timestamp | str | None = None,
                   rules: tuple[SegmentRule, ...] = DEFAULT_SEGMENT_RULES) -> pd.DataFrame:
    """One row per customer (index `customer`) from everything known up to `as_of`.

    Customers seen only in events or the customer list get a row too, in the segment
    "No orders yet". Columns: RFM values, scores and segment; first/last purchase (UTC),
    tenure (days from the first purchase to `as_of`), orders, average order value (before
    returns), items bought and returned (units of products), return_rate (returned / bought,
    capped at 1); favourite_category (by units; from interest for customers who have not
    bought; None when the shop has no categories), favourite_product, preferred_weekday
    (0 = Monday) and preferred_hour of their purchases on the shop's clock, main_country,
    main_channel; price_sensitivity, discount_share, price_level (see `_price_columns`);
    event counts by kind (views, carts, ..., ratings); and the demographic columns of the
    customer list that hold data."""
    return shop_profiles(lines, events, customers, as_of, rules).profiles


# ---------------------------------------------------------------------------- one customer


@dataclass(frozen=True)
class CustomerProfile:
    """One customer, as the profile page and `main.py profile` show them."""

    customer: str
    as_of: pd.Timestamp
    segment: str
    suggested_action: str
    high_value: bool  # in the top fifth by spend (m_score 5)
    recency_days: int | None
    frequency: int
    monetary: float
    r_score: int | None
    f_score: int | None
    m_score: int | None
    first_purchase: pd.Timestamp | None
    last_purchase: pd.Timestamp | None
    tenure_days: int | None
    orders: int
    average_order_value: float | None
    items: float
    returned_items: float
    return_rate: float | None
    favourite_category: str | None
    favourite_product: str | None
    preferred_weekday: int | None
    preferred_hour: int | None
    main_country: str | None
    main_channel: str | None
    price_sensitivity: float | None
    discount_share: float | None
    price_level: float | None
    views: int
    carts: int
    wishlists: int
    searches: int
    purchase_events: int
    ratings: int
    demographics: dict[str, Any] = field(default_factory=dict)
    top_categories: list[tuple[str, float]] = field(default_factory=list)  # (name, share)
    top_products: list[tuple[str, float]] = field(default_factory=list)  # (name, units)
    purchase_timeline: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False)
    latent_needs: list[tuple[str, int]] = field(default_factory=list)  # (product, events)
    latent_categories: list[tuple[str, int]] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    recommendation_source: str = POPULAR_OVERALL


def _python(value: Any) -> Any:
    """NaN/NA → None and numpy scalars → Python, so a profile reads and serialises plainly."""
    if value is None or (np.ndim(value) == 0 and not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def customer_profile(customer: str, lines: pd.DataFrame, events: pd.DataFrame | None,
                     customers: pd.DataFrame | None, as_of: pd.Timestamp | str | None = None,
                     rules: tuple[SegmentRule, ...] = DEFAULT_SEGMENT_RULES) -> CustomerProfile:
    """The full profile of one customer; KeyError when the shop does not know them.

    Scores and price norms are relative to the whole shop, so the shop's table is built
    first (under a second on 500k lines); for several customers, build it once with
    `shop_profiles` and call `profile_of`."""
    return profile_of(shop_profiles(lines, events, customers, as_of, rules), customer)


def profile_of(shop: ShopProfiles, customer: str) -> CustomerProfile:
    """One customer's full profile from the shop's table; KeyError for an unknown customer."""
    key = str(customer)
    if key not in shop.profiles.index:
        raise KeyError(customer)
    row = shop.profiles.loc[key]
    values = {name: _python(row[name]) for name in PROFILE_COLUMNS}
    m_score = values["m_score"]
    high_value = m_score is not None and m_score >= 5
    action = (NO_ORDERS_ACTION if values["segment"] == NO_ORDERS
              else segment_action(values["segment"], high_value=high_value))
    demographics = {c: _python(row[c]) for c in DEMOGRAPHICS if c in row.index}

    mine = shop.window.loc[(shop.window["customer"] == key).to_numpy()]
    kept = shop.kept.loc[(shop.kept["customer"] == key).to_numpy()]
    my_events = shop.events.loc[(shop.events["customer"] == key).to_numpy()]
    top_categories = _top_categories(kept, my_events)
    recommendations, source = _recommend(shop, kept, my_events,
                                         [name for name, _share in top_categories[:3]])
    latent_needs, latent_categories = _latent_needs(kept, my_events, shop.catalogue)
    return CustomerProfile(
        customer=key, as_of=shop.as_of, suggested_action=action, high_value=high_value,
        demographics={k: v for k, v in demographics.items() if v is not None},
        top_categories=top_categories, top_products=_top_products(kept, shop.catalogue),
        purchase_timeline=_timeline(mine), latent_needs=latent_needs,
        latent_categories=latent_categories, recommendations=recommendations,
        recommendation_source=source, **values)


def _top_categories(kept: pd.DataFrame, events: pd.DataFrame) -> list[tuple[str, float]]:
    """Shares of units bought per category; before a first purchase, of interest events."""
    split = _split_categories(kept[["category", "quantity"]], "quantity")
    totals = split.groupby("category")["quantity"].sum()
    if totals.empty:
        interest = events.loc[events["kind"].isin(INTEREST_KINDS), ["category"]]
        split = _split_categories(interest.assign(weight=1.0), "weight")
        totals = split.groupby("category")["weight"].sum()
    if totals.empty or totals.sum() <= 0:
        return []
    shares = (totals / totals.sum()).sort_values(ascending=False, kind="stable").head(TOP_N)
    return [(str(name), round(float(share), 4)) for name, share in shares.items()]


def _top_products(kept: pd.DataFrame, catalogue: pd.DataFrame) -> list[tuple[str, float]]:
    units = kept.groupby("product_id")["quantity"].sum()
    units = units.sort_values(ascending=False, kind="stable").head(TOP_N)
    labels = catalogue["label"].reindex(units.index.to_numpy(dtype=float))
    return [(str(label), float(q)) for label, q in zip(labels, units.to_numpy(), strict=True)]


def _timeline(mine: pd.DataFrame) -> pd.DataFrame:
    """Purchases and net revenue per calendar month on the shop's clock, quiet months
    included so that a chart shows the gaps."""
    if mine.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[us]"),
                             "orders": pd.Series(dtype="int64"),
                             "revenue": pd.Series(dtype=float)})
    month = mine["local_time"].dt.to_period("M")
    purchase = mine["kept"].to_numpy() & mine["product_line"].to_numpy()
    orders = mine.loc[purchase].groupby(month[purchase])["order_id"].nunique()
    revenue = mine.groupby(month)["revenue"].sum()
    months = pd.period_range(month.min(), month.max(), freq="M")
    return pd.DataFrame({
        "month": months.to_timestamp(),
        "orders": orders.reindex(months, fill_value=0).to_numpy(dtype="int64"),
        "revenue": revenue.reindex(months, fill_value=0.0).round(2).to_numpy(),
    })


def _latent_needs(kept: pd.DataFrame, events: pd.DataFrame, catalogue: pd.DataFrame,
                  ) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Products viewed or carted at least LATENT_MIN_EVENTS times and never bought, and
    categories browsed that often with nothing bought in them. A purchase event counts as
    bought; a rating as neither browsing nor buying."""
    browsed = events.loc[events["kind"].isin(BROWSE_KINDS).to_numpy()
                         & events["product_id"].notna().to_numpy()]
    purchased = events.loc[(events["kind"] == "purchase").to_numpy()]
    bought_ids = set(kept["product_id"].dropna()) | set(purchased["product_id"].dropna())
    counts = browsed.groupby("product_id").size()
    needs = counts.loc[(counts.to_numpy() >= LATENT_MIN_EVENTS)
                       & ~counts.index.isin(list(bought_ids))]
    needs = needs.sort_values(ascending=False, kind="stable")
    labels = catalogue["label"].reindex(needs.index.to_numpy(dtype=float))
    products = [(str(label), int(n)) for label, n in zip(labels, needs.to_numpy(), strict=True)]

    had = pd.concat([kept[["category"]].astype(object), purchased[["category"]]])
    had_categories = set(_split_categories(had.assign(weight=1.0), "weight")["category"])
    per_category = _split_categories(browsed[["category"]].assign(weight=1.0), "weight")
    counts = per_category.groupby("category").size()
    counts = counts.loc[(counts.to_numpy() >= LATENT_MIN_EVENTS)
                        & ~counts.index.isin(list(had_categories))]
    counts = counts.sort_values(ascending=False, kind="stable")
    return products, [(str(name), int(n)) for name, n in counts.items()]


def _recommend(shop: ShopProfiles, kept: pd.DataFrame, events: pd.DataFrame,
               favourites: list[str]) -> tuple[list[str], str]:
    """Until a recommender is trained, an honest fallback: the shop's most popular products
    (by how many customers bought them; by how many showed interest in a shop without sales)
    that this customer has not bought or rated: from their favourite categories where those
    have any, else from the whole shop. The source says which, so the page can say so."""
    sold = shop.kept[["product_id", "customer"]].astype({"customer": object})
    if sold.empty:
        interest = shop.events.loc[shop.events["kind"].isin(INTEREST_KINDS)]
        sold = interest[["product_id", "customer"]]
    popularity = sold.dropna().drop_duplicates().groupby("product_id").size()
    popularity = popularity.sort_values(ascending=False, kind="stable")
    had = set(kept["product_id"].dropna()) | set(
        events.loc[events["kind"].isin(HAD_KINDS), "product_id"].dropna())
    candidates = shop.catalogue.reindex(
        popularity.index[~popularity.index.isin(list(had))].to_numpy(dtype=float))
    picked: list[float] = []
    if favourites:
        wanted = set(favourites)
        fits = [isinstance(c, str) and bool(wanted & {p.strip() for p in
                                                      c.split(CATEGORY_SEPARATOR)})
                for c in candidates["category"]]
        picked = list(candidates.index[np.asarray(fits, dtype=bool)][:RECOMMENDATIONS])
    if picked:
        return [str(shop.catalogue.at[p, "label"]) for p in picked], POPULAR_IN_CATEGORIES
    top = candidates.index[:RECOMMENDATIONS]
    return [str(shop.catalogue.at[p, "label"]) for p in top], POPULAR_OVERALL
