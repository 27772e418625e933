"""RFM: how recently, how often and how much each customer buys, scored 1..5 and named.

The inputs are `storage.queries.sales_lines` frames; nothing here touches the database. The
same window (`sales_window`) and raw values (`rfm_values`) feed the profiles, so a customer's
RFM figures mean the same thing on every page.

What counts (shared by every figure built on this module):

- a *purchase* is an order with status ``completed`` holding at least one product line bought
  (quantity > 0, not postage or a fee); frequency counts distinct purchases;
- *revenue* is the amount of positive lines of completed orders plus the (negative) amount of
  return lines, whatever the status of the order that carries them: UCI Online Retail books
  returns as cancelled credit notes ("C" invoices), so returns are netted wherever they sit;
- lines of cancelled orders with positive quantities never happened and count nowhere; a
  refunded order counts as bought and returned, and adds nothing to revenue.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

SCORES = (1, 2, 3, 4, 5)
FM_VALUES = tuple(np.arange(2, 11) / 2)  # the mean of two 1..5 scores: 1, 1.5, ..., 5


@dataclass(frozen=True)
class SegmentRule:
    """A named rectangle of the RFM grid; both ranges are inclusive.

    `r` is the recency score (1..5) and `fm` the mean of the frequency and monetary scores
    (1, 1.5, ..., 5), the usual way to fold three scores onto a two-dimensional grid."""

    name: str
    r: tuple[int, int]
    fm: tuple[float, float]

    def matches(self, r: int, fm: float) -> bool:
        return self.r[0] <= r <= self.r[1] and self.fm[0] <= fm <= self.fm[1]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SegmentRule:
        """The inverse of `to_dict` (JSON gives lists where the dataclass holds tuples)."""
        r_low, r_high = data["r"]
        fm_low, fm_high = data["fm"]
        return cls(str(data["name"]), (int(r_low), int(r_high)), (float(fm_low), float(fm_high)))


# The widely used 11-segment RFM grid (recency score down, mean of F and M scores across):
#
#   R \ FM | 1 - 1.5         | 2 - 2.5          | 3 - 3.5            | 4 - 5
#   -------+-----------------+------------------+--------------------+----------------
#     5    | New             | Potential Loyal. | Potential Loyal.   | Champions
#     4    | Promising       | Potential Loyal. | Potential Loyal.   | Champions
#     3    | About to Sleep  | Need Attention   | Loyal              | Loyal
#     2    | Hibernating     | Hibernating (2)  | At Risk (2.5-3.5)  | Can't Lose Them
#     1    | Lost            | Lost (2)         | At Risk (2.5-3.5)  | Can't Lose Them
#
# In rows 1 and 2 the cut between low and middle spend is at FM 2 / 2.5. The rules do not
# overlap, so their order only matters once a user edits them: then the first match wins.
# Customers no rule places (none without purchases, say) are shown in this segment.
NO_SEGMENT = "No segment"

DEFAULT_SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule("Champions", (4, 5), (4.0, 5.0)),
    SegmentRule("Loyal", (3, 3), (3.0, 5.0)),
    SegmentRule("Potential Loyalist", (4, 5), (2.0, 3.5)),
    SegmentRule("New", (5, 5), (1.0, 1.5)),
    SegmentRule("Promising", (4, 4), (1.0, 1.5)),
    SegmentRule("Need Attention", (3, 3), (2.0, 2.5)),
    SegmentRule("About to Sleep", (3, 3), (1.0, 1.5)),
    SegmentRule("At Risk", (1, 2), (2.5, 3.5)),
    SegmentRule("Can't Lose Them", (1, 2), (4.0, 5.0)),
    SegmentRule("Hibernating", (2, 2), (1.0, 2.0)),
    SegmentRule("Lost", (1, 1), (1.0, 2.0)),
)

_ACTIONS = {
    "Champions": ("Reward them: early access to new products and a loyalty perk; ask for a "
                  "review or a referral."),
    "Loyal": "Keep them close: a loyalty reward and offers on products they already like.",
    "Potential Loyalist": ("Invite them to the loyalty programme and suggest products that go "
                           "with what they bought."),
    "New": "Welcome them: a thank-you note and a small discount on their second order.",
    "Promising": "Build the habit: a time-limited offer on a product they looked at or bought.",
    "Need Attention": "Remind them: a personal recommendation and a limited-time offer.",
    "About to Sleep": "Wake them up: recommend popular products with a small discount.",
    "At Risk": "Win them back: a personal email with a win-back offer on their favourites.",
    "Can't Lose Them": ("Win them back before a competitor does: a strong offer on their "
                        "favourite products and a note asking what went wrong."),
    "Hibernating": "Re-engage cheaply: best sellers and seasonal offers in the newsletter.",
    "Lost": "Try one last win-back offer; if there is no answer, stop spending on them.",
}
_HIGH_VALUE_ACTIONS = {
    "Champions": "Thank them personally; they are among your most valuable customers.",
    "At Risk": ("Call them personally: they have spent a lot with you, find out why they "
                "stopped and make a win-back offer."),
    "Can't Lose Them": ("Call them personally this week: they were among your best customers. "
                        "Ask what went wrong and offer something worth coming back for."),
    "Hibernating": "A personal call or note with a win-back offer: they have spent a lot before.",
    "Lost": "A personal call is worth it once: they spent a lot before; ask why they left.",
    "About to Sleep": "Reach out personally with a tailored offer before they drift away.",
    "Need Attention": "Reach out personally with a tailored offer before they drift away.",
}
NO_ORDERS_ACTION = ("Turn interest into a first order: a welcome discount on the products "
                    "they looked at.")


def segment_action(segment: str, *, high_value: bool) -> str:
    """A suggested next step in plain words; high-value customers get a personal touch where
    one pays off. A segment a user added to the rules gets a general suggestion."""
    if high_value and segment in _HIGH_VALUE_ACTIONS:
        return _HIGH_VALUE_ACTIONS[segment]
    return _ACTIONS.get(segment, "Look at what they buy and send them an offer that fits.")


def uncovered_cells(rules: tuple[SegmentRule, ...]) -> list[tuple[int, float]]:
    """The (r, fm) cells no rule matches: edited rules must leave none."""
    return [(r, fm) for r in SCORES for fm in FM_VALUES
            if not any(rule.matches(r, fm) for rule in rules)]


def segment_grid(rules: tuple[SegmentRule, ...] = DEFAULT_SEGMENT_RULES) -> pd.DataFrame:
    """The segment of every (r, fm) cell, first matching rule winning (rows r, columns fm)."""
    gaps = uncovered_cells(rules)
    if gaps:
        listed = ", ".join(f"R {r} / FM {fm:g}" for r, fm in gaps[:6])
        more = f" and {len(gaps) - 6} more" if len(gaps) > 6 else ""
        raise ValueError(f"The segment rules leave some customers without a segment "
                         f"({listed}{more}). Widen a rule so that it covers them.")
    cells = [[next(rule.name for rule in rules if rule.matches(r, fm)) for fm in FM_VALUES]
             for r in SCORES]
    return pd.DataFrame(cells, index=pd.Index(SCORES, name="r"),
                        columns=pd.Index(FM_VALUES, name="fm"))


# ---------------------------------------------------------------------------- the window

_NUMERIC = ("order_id", "product_id", "quantity", "unit_price", "amount", "placed_at",
            "local_time")
_TEXT = ("customer", "country", "channel", "category")


def resolve_as_of(lines: pd.DataFrame, events: pd.DataFrame | None = None,
                  as_of: pd.Timestamp | str | None = None) -> pd.Timestamp:
    """`as_of` as a naive UTC timestamp; by default the day after the last order (or event,
    in a shop that has only events), so that the last day counts in full."""
    if as_of is not None:
        stamp = pd.Timestamp(as_of)
        return stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo else stamp
    last = lines["placed_at"].max() if len(lines) else pd.NaT
    if pd.isna(last) and events is not None and len(events):
        last = events["occurred_at"].max()
    if pd.isna(last):
        return pd.Timestamp.now(tz="UTC").tz_localize(None).normalize()
    return pd.Timestamp(last).normalize() + pd.Timedelta(days=1)


def sales_window(lines: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Lines of known customers up to `as_of`, with what each one counts for.

    Columns: customer, order_id, product_id, quantity, unit_price, amount, placed_at,
    local_time; country, channel and category as categoricals; and `bought` (quantity out of
    the shop: completed or refunded), `kept` (bought in a completed order), `product_line`
    (not postage or a fee), `revenue` (what the line adds to net revenue) and `returned_qty`.
    Text becomes categorical before the rows are picked: every later selection and group-by
    then moves integer codes instead of strings, which is most of the speed on big shops."""
    keep = lines["customer"].notna().to_numpy() & (lines["placed_at"] <= as_of).to_numpy()
    window = lines.loc[keep, list(_NUMERIC)].copy()
    for column in _TEXT:
        window[column] = lines[column].astype("category")[keep]
    quantity = lines["quantity"].fillna(0).to_numpy()[keep]
    status = lines["status"]
    completed = (status == "completed").to_numpy()[keep]
    refunded = (status == "refunded").to_numpy()[keep]
    cancelled = ~(completed | refunded)
    positive = quantity > 0
    negative = quantity < 0
    window["bought"] = positive & ~cancelled
    window["kept"] = positive & completed
    window["product_line"] = ~lines["is_non_product"].to_numpy(dtype=bool)[keep]
    counted = (positive & completed) | (negative & ~refunded)
    window["revenue"] = np.where(counted, window["amount"].fillna(0).to_numpy(), 0.0)
    window["returned_qty"] = np.where(negative, -quantity, np.where(positive & refunded,
                                                                    quantity, 0.0))
    return window


def purchase_orders(window: pd.DataFrame) -> pd.DataFrame:
    """One row per purchase (see the module docstring) with its customer and when it was."""
    sold = window.loc[window["kept"].to_numpy() & window["product_line"].to_numpy(),
                      ["order_id", "customer", "placed_at", "local_time", "country", "channel"]]
    return sold.drop_duplicates("order_id")


def rfm_values(window: pd.DataFrame, as_of: pd.Timestamp,
               orders: pd.DataFrame | None = None) -> pd.DataFrame:
    """Recency (whole days from the last purchase to `as_of`; NaN without one), frequency
    and net revenue for every customer with a line in the window."""
    if orders is None:
        orders = purchase_orders(window)
    by_order = orders.groupby("customer", observed=True)["placed_at"]
    last = by_order.max()
    customers = window["customer"].cat.remove_unused_categories().cat.categories
    frame = pd.DataFrame(index=pd.Index(customers, name="customer"))
    days = (as_of.normalize() - last.dt.normalize()).dt.days
    frame["recency_days"] = days.reindex(frame.index).astype("Int64")
    frame["frequency"] = by_order.size().reindex(frame.index, fill_value=0).astype("int64")
    monetary = window.groupby("customer", observed=True)["revenue"].sum()
    frame["monetary"] = monetary.reindex(frame.index, fill_value=0.0).round(2) + 0.0
    return frame


# ---------------------------------------------------------------------------- scoring


def quintile_scores(values: pd.Series, *tiebreaks: pd.Series) -> pd.Series:
    """Scores 1..5 (5 for the highest values) in five equal groups, robust to ties.

    Customers are ranked first (equal values ordered by the tie-breaks, then by their place
    in the index) and the ranks cut into quintiles, so heavy ties (a third of a shop with one
    order) still give five groups instead of failing or collapsing. With fewer than five
    customers the scores spread around the middle (one customer scores 3)."""
    n = len(values)
    if n == 0:
        return pd.Series([], index=values.index, dtype="int64")
    keys = [np.asarray(t, dtype=float) for t in reversed(tiebreaks)]
    order = np.lexsort([*keys, np.asarray(values, dtype=float)])
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = np.arange(1, n + 1)
    if n >= len(SCORES):
        scores = pd.qcut(ranks, len(SCORES), labels=False) + 1
    else:
        scores = np.ceil(len(SCORES) * (ranks - 0.5) / n).astype(np.int64)
    return pd.Series(np.asarray(scores, dtype=np.int64), index=values.index)


def score_rfm(values: pd.DataFrame,
              rules: tuple[SegmentRule, ...] = DEFAULT_SEGMENT_RULES) -> pd.DataFrame:
    """`values` (recency_days, frequency, monetary) with r/f/m scores and the segment.

    A customer without a purchase ranks as least recent. Ties break on the other two
    figures: among equally recent customers the more frequent rank higher, among equally
    frequent ones the bigger spenders."""
    grid = segment_grid(rules)
    out = values.copy()
    recency = values["recency_days"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    frequency = values["frequency"].to_numpy(dtype=float)
    monetary = values["monetary"].to_numpy(dtype=float)
    out["r_score"] = quintile_scores(pd.Series(-recency, index=values.index), frequency,
                                     monetary)
    out["f_score"] = quintile_scores(values["frequency"], monetary, -recency)
    out["m_score"] = quintile_scores(values["monetary"], frequency, -recency)
    fm_column = (out["f_score"] + out["m_score"] - 2).to_numpy()  # (f + m) / 2 → column 0..8
    names = grid.to_numpy()[out["r_score"].to_numpy() - 1, fm_column]
    out["segment"] = pd.Series(names, index=values.index, dtype=object)
    return out


def rfm_table(lines: pd.DataFrame, as_of: pd.Timestamp | None = None,
              rules: tuple[SegmentRule, ...] = DEFAULT_SEGMENT_RULES) -> pd.DataFrame:
    """RFM values, quintile scores and segment of every customer with an order up to `as_of`.

    Index `customer`; see the module docstring for what counts as a purchase and revenue."""
    stamp = resolve_as_of(lines, None, as_of)
    window = sales_window(lines, stamp)
    table = score_rfm(rfm_values(window, stamp), rules)
    table.index = table.index.astype(str)
    return table
