"""From raw cells and a mapping to one typed row per source row, with a reason for every row
that cannot be used. Pure pandas: no database here."""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from storage.mapping import CUSTOMERS, EVENTS, ORDERS, PRODUCTS, Mapping
from storage.parsing import clean_ids, clean_text, parse_numbers, parse_times

TEXT_FIELDS = ("email", "name", "country", "channel", "status", "event", "product",
               "description", "category",
               "brand", "session", "visitor", "text", "gender", "occupation")
ID_FIELDS = ("order", "customer", "sku", "zip")
NUMBER_FIELDS = ("quantity", "price", "amount", "value", "age")

_EVENT_KINDS = {
    "view": "view", "pv": "view", "pageview": "view", "detail": "view", "productview": "view",
    "click": "view", "浏览": "view", "查看": "view", "点击": "view",
    "cart": "cart", "addtocart": "cart", "addcart": "cart", "removefromcart": "cart",
    "加购": "cart", "加入购物车": "cart",
    "wishlist": "wishlist", "fav": "wishlist", "favorite": "wishlist", "favourite": "wishlist",
    "like": "wishlist", "收藏": "wishlist",
    "search": "search", "搜索": "search",
    "purchase": "purchase", "buy": "purchase", "order": "purchase", "transaction": "purchase",
    "购买": "purchase", "下单": "purchase", "支付": "purchase",
    "rating": "rating", "rate": "rating", "review": "rating", "评分": "rating", "评价": "rating",
}
# Lines that are money but not merchandise: postage, fees, discounts, manual adjustments.
_NON_PRODUCT_SKUS = {"POST", "DOT", "M", "C2", "D", "S", "B", "BANK CHARGES", "AMAZONFEE",
                     "CRUK", "ADJUST", "CARRIAGE", "SHIPPING", "FEE", "DISCOUNT"}
_NON_PRODUCT_NAME = re.compile(
    r"^(postage|dotcom postage|carriage|shipping|shipping fee|delivery|delivery charge|manual|"
    r"discount|bank charges?|amazon fee|.*commission|adjust(ment)?( bad debt)?|samples?|"
    r"gift ?wrap(ping)?|service charge|运费|邮费|快递费|手续费|折扣|优惠|调整|包装费)$", re.I)
_GIFT_VOUCHER_SKU = re.compile(r"^gift_\d+", re.I)


@dataclass
class Normalized:
    rows: pd.DataFrame  # typed fields + source_row; one row per usable or rejected source row
    reasons: pd.Series  # str reason for rejected rows, None for usable ones
    reason_columns: pd.Series  # the column a rejection is about (or None)
    decimal_comma: bool
    date_format: str


def normalize(frame: pd.DataFrame, source_rows: np.ndarray, mapping: Mapping, *, file: str,
              dayfirst: bool | None = None, timezone: str | None = None,
              decimal_comma: bool | None = None) -> Generator[str, None, Normalized]:
    """Parse every mapped column; yields the name of each column done (a cancel point)."""
    cols = mapping.columns
    out = pd.DataFrame({"source_row": source_rows}, index=frame.index)
    reasons = pd.Series(None, index=frame.index, dtype=object)
    reason_cols = pd.Series(None, index=frame.index, dtype=object)

    def reject(mask: pd.Series, why: pd.Series | str, column: str | None) -> None:
        mask = mask & reasons.isna()
        if mask.any():
            reasons[mask] = why[mask] if isinstance(why, pd.Series) else why
            reason_cols[mask] = column

    for key in ID_FIELDS:
        if key in cols:
            out[key] = clean_ids(frame[cols[key]])
            yield cols[key]
    for key in TEXT_FIELDS:
        if key in cols:
            out[key] = clean_text(frame[cols[key]])
            yield cols[key]
    # The user's choice, or None: each column's values decide. Once one column shows a
    # decimal comma ('12,50'), the file's other columns are read the same way.
    found_comma = False
    for key in NUMBER_FIELDS:
        if key in cols:
            parsed = parse_numbers(frame[cols[key]],
                                   decimal_comma=True if found_comma else decimal_comma)
            found_comma |= parsed.decimal_comma
            out[key] = parsed.values
            reject(parsed.bad, _quoted(frame[cols[key]]) + " is not a number", cols[key])
            yield cols[key]
    date_format = ""
    if "date" in cols:
        times = parse_times(frame[cols["date"]], column=cols["date"], file=file,
                            dayfirst=dayfirst, timezone=timezone)
        date_format = times.format
        out["date"] = times.utc
        out["offset"] = times.offset_minutes
        reject(times.bad, _quoted(frame[cols["date"]]) + " is not a date", cols["date"])
        reject(out["date"].isna(), "has no date", cols["date"])
        yield cols["date"]
    for key, value in mapping.constants.items():
        out[key] = value

    if mapping.kind == ORDERS:
        _orders(out, cols, reject)
    elif mapping.kind == EVENTS:
        _events(out, frame, cols, reject)
    elif mapping.kind == PRODUCTS:
        reject(_missing(out, "sku") & _missing(out, "product"), "has no product code or name",
               cols.get("sku") or cols.get("product"))
    elif mapping.kind == CUSTOMERS:
        reject(_missing(out, "customer"), "has no customer id", cols.get("customer"))
    if "sku" in out or "product" in out:
        # Products are known by their code; logs without codes know them by name.
        out["product_key"] = coalesce(out.get("sku"), out.get("product"))
        out["is_non_product"] = non_product_mask(out.get("sku"), out.get("product"))
    return Normalized(out, reasons, reason_cols, found_comma, date_format)


def _quoted(values: pd.Series) -> pd.Series:
    return "'" + values.astype(str).str.strip() + "'"


def coalesce(first: pd.Series | None, second: pd.Series | None) -> pd.Series:
    """`first`, with its gaps filled from `second`, as a categorical."""
    if first is None:
        return second
    if second is None or not first.isna().any():
        return first
    merged = first.astype(object).where(first.notna(), second.astype(object))
    return merged.astype("category")


def _missing(out: pd.DataFrame, key: str) -> pd.Series:
    return out[key].isna() if key in out else pd.Series(True, index=out.index)


def _orders(out: pd.DataFrame, cols: dict[str, str], reject) -> None:
    reject(_missing(out, "customer") & _missing(out, "order"),
           "has neither a customer nor an order number", cols.get("customer") or cols.get("order"))
    if "quantity" in cols:
        reject(out["quantity"].isna(), "has no quantity", cols["quantity"])
    else:
        out["quantity"] = 1.0
    if "price" not in out:
        out["price"] = np.nan
    if "amount" in cols:
        # Logs with a line total but no unit price: derive the price.
        derived = out["amount"] / out["quantity"].replace(0, np.nan)
        out["price"] = out["price"].fillna(derived)
    else:
        out["amount"] = out["quantity"] * out["price"]
    out["status"] = _order_status(out["status"]) if "status" in out else "completed"
    # Logs without order numbers: one order per customer and moment.
    if "order" not in out or out["order"].isna().any():
        customer = out["customer"].astype(object).fillna("") if "customer" in out else ""
        synthetic = (customer + "@" + out["date"].astype(str)).astype("category")
        out["order_key"] = coalesce(out.get("order"), synthetic)
    else:
        out["order_key"] = out["order"]


def _order_status(values: pd.Series) -> pd.Series:
    text = values.astype(object).fillna("").astype(str).str.lower()
    status = pd.Series("completed", index=values.index)
    status[text.str.contains("refund|退款|returned") & ~text.str.contains("partial")] = "refunded"
    status[text.str.contains("cancel|void|取消|failed|关闭")] = "cancelled"
    return status


def _events(out: pd.DataFrame, frame: pd.DataFrame, cols: dict[str, str], reject) -> None:
    raw = out["event"].astype(object).fillna("").astype(str) if "event" in out else \
        pd.Series("", index=out.index)
    key = raw.str.lower().str.replace(r"[^0-9a-z\u4e00-\u9fff]", "", regex=True)
    kind = key.map(_EVENT_KINDS)
    reject(kind.isna(), "'" + raw + "' is not an event type ShopSense knows (view, cart, "
           "wishlist, search, purchase, rating)", cols.get("event"))
    # A removal from the cart is kept as a cart event with value -1, so it can offset an add.
    removal = key == "removefromcart"
    if removal.any():
        if "value" not in out:
            out["value"] = np.nan
        out.loc[removal, "value"] = -1.0
    out["event"] = kind
    if "value" not in out:
        out["value"] = np.nan
    if "customer" not in out and "visitor" not in out and "session" in out:
        out["visitor"] = out["session"]
    who = ~(_missing(out, "customer") & _missing(out, "visitor") & _missing(out, "session"))
    reject(~who, "has no customer, visitor or session", cols.get("customer"))


def non_product_mask(sku: pd.Series | None, name: pd.Series | None) -> pd.Series:
    index = (sku if sku is not None else name).index
    mask = pd.Series(False, index=index)
    for values, test in ((sku, _is_non_product_sku), (name, _is_non_product_name)):
        if values is not None:
            categories = values.cat.categories.to_series()
            hit = set(categories[categories.map(test).astype(bool)])
            mask |= values.isin(hit).to_numpy()
    return mask


def _is_non_product_sku(sku: str) -> bool:
    return sku.upper() in _NON_PRODUCT_SKUS or bool(_GIFT_VOUCHER_SKU.match(sku))


def _is_non_product_name(name: str) -> bool:
    return bool(_NON_PRODUCT_NAME.match(name))
