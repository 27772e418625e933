"""Interaction data for the recommenders: id maps, one long log, and the matrices models train on.

What counts (the same rules as engine.customers.rfm, so figures agree across pages):

- only known customers; anonymous visitors and orders without a customer are left out;
- a *purchase* is a product line with a positive quantity of a ``completed`` order, one per line
  (weight 1, whatever the quantity: ten mugs on one line say as much about taste as one);
- a *return* (quantity < 0 or flagged, whatever the order status: UCI Online Retail books
  returns as cancelled credit notes) subtracts its share of the units bought, so a fully returned
  product counts 0 and a half-returned one half; lines of cancelled or refunded orders with
  positive quantities are not purchases;
- postage and fees are kept in `item_info` (flagged `is_non_product`) so ids stay stable, but
  their lines are not in the log: they say nothing about taste and are never recommended;
- browsing events (view, cart, wishlist) and ratings come from the events frame; event
  purchases are used only when the orders give none (a shop that exports clicks, not orders).

Every split keeps the same id maps, so a model trained on one part scores the other directly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from engine.recommenders.base import as_csr

KINDS = ("purchase", "return", "rating", "cart", "wishlist", "view")
BUYING = ("purchase", "return")


@dataclass(frozen=True)
class InteractionWeights:
    """Implicit confidence one event adds; a purchase line is the unit."""

    purchase: float = 1.0
    cart: float = 0.3
    wishlist: float = 0.3
    view: float = 0.1
    rating: float = 1.0

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> InteractionWeights:
        return cls(**{k: float(v) for k, v in data.items() if k in cls.__dataclass_fields__})

    def of(self, kind: str) -> float:
        """The weight of one event of `kind` (returns net against purchases)."""
        return self.purchase if kind in BUYING else float(getattr(self, kind, 0.0))


BUYING_ONLY = InteractionWeights(purchase=1.0, cart=0.0, wishlist=0.0, view=0.0, rating=0.0)


def _empty_log() -> pd.DataFrame:
    return pd.DataFrame({"user": pd.Series(dtype="int32"), "item": pd.Series(dtype="int32"),
                         "kind": pd.Series(dtype=object), "weight": pd.Series(dtype="float32"),
                         "value": pd.Series(dtype="float32"),
                         "time": pd.Series(dtype="datetime64[us]")})


@dataclass
class Interactions:
    """Who did what with which item, with the id maps that turn positions back into ids.

    `log.weight` is the unweighted amount of one row (1 per purchase line or event, a negative
    share of a purchase for a return); `confidence` applies `InteractionWeights` per kind.
    `cold_start` holds, on a test part made by `time_split`/`last_basket_split`, how many rows,
    users and items were dropped because training never saw them."""

    users: pd.Index
    items: pd.Index
    item_info: pd.DataFrame
    log: pd.DataFrame
    weights: InteractionWeights = field(default_factory=InteractionWeights)
    cold_start: dict[str, int] = field(default_factory=dict)

    @property
    def n_users(self) -> int:
        return len(self.users)

    @property
    def n_items(self) -> int:
        return len(self.items)

    def _matrix(self, rows: pd.DataFrame, values: np.ndarray) -> sp.csr_matrix:
        """Sum `values` per (user, item) into a users × items matrix."""
        matrix = sp.csr_matrix(
            (np.asarray(values, dtype=np.float32),
             (rows["user"].to_numpy(np.int64), rows["item"].to_numpy(np.int64))),
            shape=(self.n_users, self.n_items), dtype=np.float32)
        matrix.sum_duplicates()
        return matrix

    def _binary(self, rows: pd.DataFrame, value: float = 1.0) -> sp.csr_matrix:
        """`value` wherever (user, item) occurs in `rows`: summing duplicates in the sparse
        matrix and overwriting is several times faster than pandas' drop_duplicates."""
        matrix = self._matrix(rows, np.ones(len(rows), dtype=np.float32))
        matrix.data[:] = value
        return matrix

    def confidence(self, weights: InteractionWeights | None = None) -> sp.csr_matrix:
        """users × items float32 implicit confidence: purchases net of returns (never below 0)
        plus weighted carts, wishlists and views; a rating counts like a purchase."""
        weights = weights or self.weights
        log = self.log
        buying = log["kind"].isin(BUYING).to_numpy()
        bought = self._matrix(log[buying], log["weight"].to_numpy()[buying])
        # Returns net in float32: a full return leaves rounding dust, not a purchase.
        bought.data = np.where(bought.data > 1e-4, bought.data, 0) * weights.purchase
        total = bought
        rated = (log["kind"] == "rating").to_numpy()
        if rated.any():
            total = total + self._binary(log[rated], weights.rating)
        for kind in ("cart", "wishlist", "view"):
            rows = (log["kind"] == kind).to_numpy()
            if rows.any() and getattr(weights, kind):
                total = total + self._matrix(log[rows],
                                             log["weight"].to_numpy()[rows] * getattr(weights,
                                                                                      kind))
        return as_csr(total)

    def implicit_sets(self) -> sp.csr_matrix:
        """Binary N(u) for SVD++: every item the user rated, bought, carted or viewed."""
        return as_csr(self._binary(self.log))

    def counts(self, kind: str) -> sp.csr_matrix:
        """How many rows of `kind` each user has per item (e.g. views, for reasons)."""
        rows = self.log[self.log["kind"] == kind]
        return as_csr(self._matrix(rows, np.ones(len(rows))))

    def seen(self) -> sp.csr_matrix:
        """Binary: items the user bought (even if returned) or rated; `recommend` skips them."""
        return as_csr(self._binary(self.log[self.log["kind"].isin(("purchase", "return",
                                                                     "rating"))]))

    def recommendable(self) -> np.ndarray:
        """bool [n_items]: False for postage, fees and other non-products."""
        return ~self.item_info["is_non_product"].to_numpy(dtype=bool)

    def ratings(self) -> pd.DataFrame | None:
        """Explicit ratings (the last one per user and item), or None when there are none."""
        rows = self.log[(self.log["kind"] == "rating") & self.log["value"].notna()]
        if rows.empty:
            return None
        rows = rows.sort_values("time", kind="stable").drop_duplicates(["user", "item"],
                                                                         keep="last")
        return pd.DataFrame({"user": rows["user"].to_numpy(np.int32),
                             "item": rows["item"].to_numpy(np.int32),
                             "rating": rows["value"].to_numpy(np.float32)})

    def subset(self, mask: np.ndarray) -> Interactions:
        """The same id maps with only the log rows in `mask`."""
        return replace(self, log=self.log[np.asarray(mask, dtype=bool)].reset_index(drop=True),
                       cold_start={})


def customers_per_item(train: Interactions, *, since: pd.Timestamp | None = None) -> np.ndarray:
    """float [n_items]: how many customers bought each item (net of returns), counting ratings
    where the shop has no purchases and any interaction where it has neither."""
    data = train if since is None else train.subset((train.log["time"] > since).to_numpy())
    kinds = data.log["kind"]
    if (kinds == "purchase").any():
        matrix = data.subset(kinds.isin(BUYING).to_numpy()).confidence(BUYING_ONLY)
    elif (kinds == "rating").any():
        matrix = data.subset((kinds == "rating").to_numpy()).implicit_sets()
    else:
        matrix = data.implicit_sets()
    return np.diff(as_csr(matrix > 0).tocsc().indptr).astype(np.float64)


# ---------------------------------------------------------------------------- building


def _index(values: pd.Series) -> pd.Index:
    return pd.Index(sorted(pd.unique(values.dropna().astype(str))), dtype=object)


def _text(series: pd.Series | None, length: int) -> np.ndarray:
    if series is None:
        return np.full(length, "", dtype=object)
    return series.fillna("").astype(str).to_numpy(dtype=object)


def interactions_from_frames(lines: pd.DataFrame, events: pd.DataFrame | None = None, *,
                             weights: InteractionWeights = InteractionWeights()) -> Interactions:
    """Build interactions from `storage.queries.sales_lines` and `behaviour_events` frames.

    A `description` column, where a frame has one, feeds the content recommender."""
    lines = lines[lines["customer"].notna() & lines["sku"].notna()]
    if events is None:
        events = pd.DataFrame(columns=["customer", "sku", "product", "category", "kind",
                                       "value", "occurred_at"])
    events = events[events["customer"].notna() & events["sku"].notna()
                    & events["kind"].isin(KINDS)]

    # Item metadata: the last name/category seen per sku; non-product if any line says so.
    meta = pd.concat([
        pd.DataFrame({"sku": lines["sku"].astype(str), "name": _text(lines["product"],
                                                                     len(lines)),
                      "category": _text(lines.get("category"), len(lines)),
                      "description": _text(lines.get("description"), len(lines)),
                      "is_non_product": lines["is_non_product"].astype(bool).to_numpy()}),
        pd.DataFrame({"sku": events["sku"].astype(str), "name": _text(events.get("product"),
                                                                      len(events)),
                      "category": _text(events.get("category"), len(events)),
                      "description": _text(events.get("description"), len(events)),
                      "is_non_product": np.zeros(len(events), dtype=bool)})],
        ignore_index=True)
    items = _index(meta["sku"])
    info = meta.groupby("sku", sort=True).agg(
        name=("name", "last"), category=("category", "last"),
        description=("description", "last"), is_non_product=("is_non_product", "any"))
    info = info.reindex(items).rename_axis("sku").reset_index()
    info["is_non_product"] = info["is_non_product"].astype(bool)
    users = _index(pd.concat([lines["customer"].astype(str), events["customer"].astype(str)]))

    products = lines[~lines["is_non_product"].astype(bool)]
    returned = products["is_return"].astype(bool) | (products["quantity"] < 0)
    bought = products[~returned & (products["status"] == "completed")
                      & (products["quantity"] > 0)]
    back = products[returned & (products["quantity"] != 0)]
    frames = []
    if len(bought):
        frames.append(pd.DataFrame({"customer": bought["customer"].astype(str),
                                    "sku": bought["sku"].astype(str), "kind": "purchase",
                                    "weight": 1.0, "value": np.nan,
                                    "time": bought["placed_at"]}))
    if len(back):
        # A return takes back its share of the lines bought: units returned / units per line.
        key = [bought["customer"].astype(str), bought["sku"].astype(str)]
        per_line = bought.groupby(key)["quantity"].mean()
        units = per_line.reindex(pd.MultiIndex.from_arrays(
            [back["customer"].astype(str), back["sku"].astype(str)])).to_numpy()
        units = np.where(np.isfinite(units) & (units > 0), units, 1.0)
        frames.append(pd.DataFrame({"customer": back["customer"].astype(str),
                                    "sku": back["sku"].astype(str), "kind": "return",
                                    "weight": -np.abs(back["quantity"].to_numpy()) / units,
                                    "value": np.nan, "time": back["placed_at"]}))
    if len(events):
        use = events if not len(bought) else events[events["kind"] != "purchase"]
        value = pd.to_numeric(use["value"], errors="coerce")
        frames.append(pd.DataFrame({"customer": use["customer"].astype(str),
                                    "sku": use["sku"].astype(str), "kind": use["kind"],
                                    "weight": 1.0,
                                    "value": value.where(use["kind"] == "rating"),
                                    "time": pd.to_datetime(use["occurred_at"], utc=True)
                                    .dt.tz_localize(None)}))
    log = _empty_log()
    if frames:
        raw = pd.concat([f.assign(time=_naive(f["time"])) for f in frames], ignore_index=True)
        log = _finish_log(raw["customer"], raw["sku"], users, items, raw)
    return Interactions(users=users, items=items, item_info=info, log=log, weights=weights)


def _naive(times: pd.Series) -> pd.Series:
    """Naive UTC datetime64[us] (the log compares times across frames)."""
    times = pd.to_datetime(times)
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    return times.astype("datetime64[us]")


def _finish_log(user_ids: pd.Series, item_ids: pd.Series, users: pd.Index, items: pd.Index,
                raw: pd.DataFrame) -> pd.DataFrame:
    log = pd.DataFrame({
        "user": users.get_indexer(user_ids.astype(str)).astype(np.int32),
        "item": items.get_indexer(item_ids.astype(str)).astype(np.int32),
        "kind": raw["kind"].astype(str).to_numpy(dtype=object),
        "weight": raw["weight"].to_numpy(np.float32),
        "value": raw["value"].to_numpy(np.float32),
        "time": raw["time"].astype("datetime64[us]").to_numpy()})
    return log.sort_values(["time", "user", "item"], kind="stable").reset_index(drop=True)


def interactions_from_ratings(frame: pd.DataFrame, *, user: str = "user", item: str = "item",
                              rating: str = "rating", time: str = "time") -> Interactions:
    """Explicit ratings (MovieLens style) as interactions; numeric times are Unix seconds."""
    users, items = _index(frame[user]), _index(frame[item])
    if time in frame:
        stamps = frame[time]
        stamps = (pd.to_datetime(stamps, unit="s") if pd.api.types.is_numeric_dtype(stamps)
                  else _naive(stamps))
    else:
        stamps = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    raw = pd.DataFrame({"kind": "rating", "weight": 1.0,
                        "value": pd.to_numeric(frame[rating]).to_numpy(np.float32),
                        "time": stamps.astype("datetime64[us]").to_numpy()}, index=frame.index)
    names = items.to_numpy(dtype=object)
    info = pd.DataFrame({"sku": names, "name": names, "category": "", "description": "",
                         "is_non_product": False})
    log = _finish_log(frame[user], frame[item], users, items, raw)
    return Interactions(users=users, items=items, item_info=info, log=log)


# ---------------------------------------------------------------------------- splits


def random_split(data: Interactions, *, test_fraction: float = 0.2,
                 seed: int = 0) -> tuple[Interactions, Interactions]:
    """Seeded random holdout of (user, item) pairs: rating pairs where the shop has ratings
    (every other row stays in training, to feed N(u)), else every interaction pair.

    Whole pairs move together, so a test item is never one the user already has in training
    (which `recommend` would skip)."""
    log = data.log
    rated = (log["kind"] == "rating") & log["value"].notna()
    eligible = rated.to_numpy() if rated.any() else np.ones(len(log), dtype=bool)
    key = log["user"].to_numpy(np.int64) * max(data.n_items, 1) + log["item"].to_numpy(np.int64)
    pairs = np.unique(key[eligible])
    rng = np.random.default_rng(seed)
    chosen = rng.permutation(pairs)[: round(test_fraction * len(pairs))]
    test = eligible & np.isin(key, chosen)
    return data.subset(~test), data.subset(test)


def time_split(data: Interactions, *, days: int = 60) -> tuple[Interactions, Interactions]:
    """Test on the last `days` days of the log, train on everything before."""
    times = data.log["time"]
    cutoff = times.max() - pd.Timedelta(days=days)
    return _known_only(data, (times > cutoff).to_numpy())


def last_basket_split(data: Interactions) -> tuple[Interactions, Interactions]:
    """Test on each customer's last purchase day (from that day on), for customers who bought
    on at least two days; train on everything else."""
    log = data.log
    day = log["time"].dt.floor("D")
    bought = log[log["kind"] == "purchase"]
    days = day[bought.index].groupby(bought["user"])
    last = days.max()[days.nunique() >= 2]
    cut = log["user"].map(last)
    return _known_only(data, (cut.notna() & (day >= cut)).to_numpy())


def _known_only(data: Interactions, test: np.ndarray) -> tuple[Interactions, Interactions]:
    """Split, then drop test rows of users or items training never saw (cold start: counted)."""
    train = data.subset(~test)
    log = data.log[test]
    known_users = np.zeros(data.n_users, dtype=bool)
    known_users[train.log["user"].to_numpy()] = True
    known_items = np.zeros(data.n_items, dtype=bool)
    known_items[train.log["item"].to_numpy()] = True
    user_ok = known_users[log["user"].to_numpy()]
    item_ok = known_items[log["item"].to_numpy()]
    keep = user_ok & item_ok
    out = data.subset(_mask(len(data.log), test, keep))
    out.cold_start = {"rows_dropped": int((~keep).sum()),
                      "new_users": int(log["user"][~user_ok].nunique()),
                      "new_items": int(log["item"][~item_ok].nunique())}
    return train, out


def _mask(length: int, test: np.ndarray, keep: np.ndarray) -> np.ndarray:
    mask = np.zeros(length, dtype=bool)
    mask[np.flatnonzero(test)[keep]] = True
    return mask
