"""RFM: the segment grid, quintile scores with ties, and the values on a hand-made shop."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from engine.customers.rfm import (
    DEFAULT_SEGMENT_RULES,
    FM_VALUES,
    SCORES,
    SegmentRule,
    quintile_scores,
    rfm_table,
    segment_action,
    segment_grid,
    uncovered_cells,
)

SEGMENTS = {"Champions", "Loyal", "Potential Loyalist", "New", "Promising", "Need Attention",
            "About to Sleep", "At Risk", "Can't Lose Them", "Hibernating", "Lost"}
AS_OF = pd.Timestamp("2024-03-01")

# sku: (product_id, name, category, is_non_product)
PRODUCTS = {"P1": (1, "Green tea", "Tea", False), "P2": (2, "Mug", "Cups", False),
            "P3": (3, "Tea gift box", "Tea|Gifts", False), "P4": (4, "Gift card", "Gifts", False),
            "P5": (5, "Rake", "Garden", False), "P6": (6, "Watering can", "Garden", False),
            "POST": (7, "POSTAGE", None, True)}
# order_no, customer, placed_at (UTC), utc offset (minutes), status, sku, quantity, unit price
ORDERS = [
    # A: two purchases on Mondays at 11:xx shop time (10:xx UTC), postage, a mug returned.
    ("1", "A", "2024-01-01 10:05", 60, "completed", "P1", 2, 10.0),
    ("1", "A", "2024-01-01 10:05", 60, "completed", "P2", 1, 20.0),
    ("1", "A", "2024-01-01 10:05", 60, "completed", "POST", 1, 5.0),
    ("2", "A", "2024-02-05 10:40", 60, "completed", "P1", 1, 10.0),
    ("C3", "A", "2024-02-10 15:00", 60, "cancelled", "P2", -1, 20.0),
    # B: buys green tea only at a discount (8 against the usual 10).
    ("4", "B", "2024-02-20 09:00", 0, "completed", "P1", 5, 8.0),
    # C: one gift box.
    ("5", "C", "2024-02-28 18:00", 0, "completed", "P3", 1, 30.0),
    ("6", "C", "2024-02-28 18:30", 0, "completed", "P1", 1, 10.0),
    # E: a refunded order (bought and returned, no revenue), a cancelled one (never happened).
    ("7", "E", "2024-01-10 12:00", 0, "refunded", "P2", 2, 20.0),
    ("8", "E", "2024-01-20 12:00", 0, "completed", "P2", 1, 20.0),
    ("9", "E", "2024-01-25 12:00", 0, "cancelled", "P2", 4, 20.0),
    # An order without a customer: part of the shop, nobody's profile.
    ("10", None, "2024-02-01 12:00", 0, "completed", "P1", 3, 10.0),
]


def tiny_lines(orders: list[tuple] = ORDERS) -> pd.DataFrame:
    """A frame shaped like storage.queries.sales_lines for the hand-made shop."""
    rows = []
    order_ids: dict[str, int] = {}
    for order_no, customer, placed, offset, status, sku, quantity, price in orders:
        product_id, name, category, non_product = PRODUCTS[sku]
        placed_at = pd.Timestamp(placed)
        rows.append({
            "order_id": order_ids.setdefault(order_no, len(order_ids) + 1),
            "product_id": product_id, "quantity": float(quantity), "unit_price": price,
            "amount": quantity * price, "is_return": quantity < 0, "is_non_product": non_product,
            "order_no": order_no, "customer_id": float(ord(customer)) if customer else np.nan,
            "customer": customer, "placed_at": placed_at, "utc_offset_minutes": offset,
            "status": status, "country": "United Kingdom" if customer != "C" else "France",
            "channel": None, "local_time": placed_at + pd.Timedelta(minutes=offset),
            "sku": sku, "product": name, "category": category, "list_price": price,
        })
    frame = pd.DataFrame(rows)
    frame["placed_at"] = frame["placed_at"].astype("datetime64[us]")
    frame["local_time"] = frame["local_time"].astype("datetime64[us]")
    frame["customer"] = frame["customer"].astype("str")
    return frame


# ---------------------------------------------------------------------------- segments


def test_default_grid_puts_every_cell_in_exactly_one_segment():
    for r in SCORES:
        for fm in FM_VALUES:
            matching = [rule.name for rule in DEFAULT_SEGMENT_RULES if rule.matches(r, fm)]
            assert len(matching) == 1, (r, fm, matching)
    grid = segment_grid()
    assert grid.shape == (5, 9)
    assert set(grid.to_numpy().ravel()) == SEGMENTS
    assert {rule.name for rule in DEFAULT_SEGMENT_RULES} == SEGMENTS
    assert grid.loc[5, 5.0] == "Champions" and grid.loc[1, 1.0] == "Lost"
    assert grid.loc[1, 5.0] == "Can't Lose Them" and grid.loc[5, 1.0] == "New"


def test_first_matching_rule_wins_and_gaps_are_refused():
    everyone = SegmentRule("Everyone", (1, 5), (1.0, 5.0))
    assert set(segment_grid((everyone, *DEFAULT_SEGMENT_RULES)).to_numpy().ravel()) == {
        "Everyone"}
    without_lost = tuple(r for r in DEFAULT_SEGMENT_RULES if r.name != "Lost")
    assert uncovered_cells(without_lost) == [(1, 1.0), (1, 1.5), (1, 2.0)]
    with pytest.raises(ValueError, match="without a segment"):
        rfm_table(tiny_lines(), AS_OF, rules=without_lost)


def test_rules_round_trip_through_json():
    data = json.loads(json.dumps([rule.to_dict() for rule in DEFAULT_SEGMENT_RULES]))
    assert tuple(SegmentRule.from_dict(d) for d in data) == DEFAULT_SEGMENT_RULES


def test_every_segment_has_an_action_and_high_value_ones_get_a_call():
    for name in SEGMENTS:
        assert segment_action(name, high_value=False)
    assert "call" in segment_action("Can't Lose Them", high_value=True).lower()
    assert "call" not in segment_action("Can't Lose Them", high_value=False).lower()
    assert "offer" in segment_action("At Risk", high_value=False).lower()
    assert segment_action("My own segment", high_value=True)


# ---------------------------------------------------------------------------- scores


def test_quintiles_give_five_equal_groups_despite_heavy_ties():
    values = pd.Series([1] * 60 + [2] * 20 + list(range(3, 23)))  # 100 values, 60 tied
    scores = quintile_scores(values)
    assert sorted(scores.unique()) == [1, 2, 3, 4, 5]
    assert scores.value_counts().tolist() == [20] * 5
    order = np.argsort(values.to_numpy(), kind="stable")
    assert np.all(np.diff(scores.to_numpy()[order]) >= 0)  # more never scores less
    assert scores.iloc[-1] == 5 and scores.iloc[0] == 1


def test_ties_break_on_the_tiebreak_then_stay_monotone():
    values = pd.Series([1.0] * 10)
    tiebreak = pd.Series(np.arange(10)[::-1], dtype=float)
    scores = quintile_scores(values, tiebreak)
    assert scores.tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_scores_for_fewer_than_five_customers_spread_around_the_middle():
    assert quintile_scores(pd.Series([7.0])).tolist() == [3]
    assert quintile_scores(pd.Series([1.0, 2.0, 3.0])).tolist() == [1, 3, 5]
    assert quintile_scores(pd.Series([], dtype=float)).empty


# ---------------------------------------------------------------------------- values


def test_rfm_values_of_the_tiny_shop():
    table = rfm_table(tiny_lines(), AS_OF)
    assert set(table.index) == {"A", "B", "C", "E"}
    a = table.loc["A"]
    assert a["recency_days"] == 25  # 5 Feb → 1 Mar 2024
    assert a["frequency"] == 2  # the credit note is not a purchase
    assert a["monetary"] == pytest.approx(20 + 20 + 5 + 10 - 20)  # postage in, return netted
    assert table.loc["C", "frequency"] == 2 and table.loc["C", "recency_days"] == 2
    e = table.loc["E"]
    assert e["frequency"] == 1 and e["monetary"] == pytest.approx(20)  # refunded/cancelled out
    assert set(table["segment"]) <= SEGMENTS
    assert table[["r_score", "f_score", "m_score"]].isin(SCORES).all().all()


def test_as_of_leaves_out_later_orders_and_defaults_to_the_day_after_the_last():
    table = rfm_table(tiny_lines(), pd.Timestamp("2024-02-06"))
    assert set(table.index) == {"A", "E"}
    assert table.loc["A", "frequency"] == 2 and table.loc["A", "recency_days"] == 1
    assert table.loc["A", "monetary"] == pytest.approx(55)  # the return came on 10 Feb
    latest = rfm_table(tiny_lines())
    assert latest.loc["C", "recency_days"] == 1  # as of 29 Feb, the day after the last order
