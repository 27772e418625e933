"""Churn: labels, leak-free features, metrics, the model comparison on Online Retail, reasons,
actions and the job. One job run on Online Retail (cutoff 2011-09-09, horizon 90) is shared."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from engine.churn.evaluation import (
    at_threshold,
    base_rate_brier,
    best_threshold,
    evaluate,
    reliability,
    top_decile,
)
from engine.churn.features import FEATURES, churn_features
from engine.churn.labels import NotEnoughHistory, churn_labels, default_horizon
from engine.churn.models import MODEL_NAMES, check_window, choose_model, compare_models
from engine.churn.reasons import explain, suggest_action
from engine.jobs.churn import churn_job, churn_to_json, churn_to_text
from storage.progress import Progress

CUTOFF = pd.Timestamp("2011-09-09")
HORIZON = 90


# ---------------------------------------------------------------------------- small shops


def _shop(rows: list[tuple]) -> pd.DataFrame:
    """sales_lines-shaped rows from (customer, day, amount[, status, product_id, category])."""
    records = []
    for order_id, row in enumerate(rows, start=1):
        customer, day, amount, *rest = row
        status = rest[0] if rest else "completed"
        product_id = rest[1] if len(rest) > 1 else 1
        category = rest[2] if len(rest) > 2 else None
        when = pd.Timestamp(day) + pd.Timedelta(hours=10)
        records.append({
            "order_id": order_id, "product_id": product_id, "quantity": 1.0 if amount > 0 else -1.0,
            "unit_price": abs(amount), "amount": float(amount), "is_return": amount < 0,
            "is_non_product": False, "order_no": str(order_id), "customer_id": 1.0,
            "customer": customer, "placed_at": when, "status": status, "country": "UK",
            "channel": None, "local_time": when, "sku": f"P{product_id}",
            "product": f"Product {product_id}", "category": category, "list_price": 1.0})
    frame = pd.DataFrame.from_records(records)
    for column in ("placed_at", "local_time"):
        frame[column] = frame[column].astype("datetime64[us]")
    return frame


def _events(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame({
        "customer": [r[0] for r in rows], "kind": [r[1] for r in rows],
        "product_id": 1, "category": None,
        "occurred_at": pd.to_datetime([r[2] for r in rows]).astype("datetime64[s]")})


def test_labels_count_the_cutoff_day_as_before_and_the_horizon_end_as_after():
    lines = _shop([
        ("stays", "2021-01-10", 10), ("stays", "2021-04-11", 10),  # cutoff + 90: came back
        ("leaves", "2021-01-01", 10), ("leaves", "2021-04-12", 10),  # cutoff + 91: too late
        ("today", "2021-01-11", 10),  # on the cutoff day: counts as before, then churned
        ("later", "2021-02-01", 10),  # first purchase after the cutoff: not in the population
        ("cancelled", "2021-01-05", 10), ("cancelled", "2021-02-05", 10, "cancelled"),
    ])
    labels = churn_labels(lines, "2021-01-11", 90)
    assert labels.to_dict() == {"cancelled": True, "leaves": True, "stays": False,
                                "today": True}


def test_default_horizon_follows_the_shops_rhythm(retail_lines):
    horizon = default_horizon(retail_lines)
    assert 60 <= horizon <= 120 and horizon % 7 == 0
    weekly = _shop([(f"c{c}", pd.Timestamp("2021-01-01") + pd.Timedelta(days=7 * k), 5)
                    for c in range(10) for k in range(6)])
    assert default_horizon(weekly) == 14  # gaps of a week; never shorter than two weeks


def test_default_horizon_needs_repeat_customers():
    once = _shop([(f"c{c}", "2021-01-01", 5) for c in range(100)])
    with pytest.raises(NotEnoughHistory, match="repeat purchases"):
        default_horizon(once)


# ---------------------------------------------------------------------------- features


def test_features_from_a_hand_computed_history():
    lines = _shop([
        ("a", "2021-01-01", 100), ("a", "2021-01-31", 50, "completed", 2, "Toys"),
        ("a", "2021-03-02", 30, "completed", 3, "Books"), ("a", "2021-03-03", -18),
        ("b", "2021-03-25", 40),
    ])
    events = _events([("a", "view", "2021-03-20"), ("a", "view", "2021-02-01"),
                      ("a", "cart", "2021-01-01"), ("b", "view", "2021-04-02")])
    f = churn_features(lines, events, "2021-04-01")
    assert list(f.columns) == list(FEATURES)
    a = f.loc["a"]
    assert (a["recency_days"], a["frequency"], a["monetary"], a["tenure_days"]) == (30, 3, 180, 90)
    assert (a["gap_mean"], a["gap_std"], a["gap_last"], a["rhythm"]) == (30, 0, 30, 1)
    # Jan 1 is 90 days old: the 3 months before; Jan 31 and Mar 2 are the last 3 months.
    assert (a["spend_90"], a["spend_prev_90"], a["orders_90"], a["orders_prev_90"]) == (
        80, 100, 2, 1)
    assert a["spend_trend"] == pytest.approx(-20 / 180)
    assert a["return_rate"] == pytest.approx(0.1)
    assert (a["n_products"], a["n_categories"]) == (3, 2)
    assert (a["views_30"], a["views_90"], a["carts_30"], a["carts_90"]) == (1, 2, 0, 0)
    b = f.loc["b"]
    assert np.isnan(b["gap_mean"]) and np.isnan(b["rhythm"])  # one purchase: no rhythm yet
    assert b["views_90"] == 0  # the view on Apr 2 is after the cutoff


def test_no_feature_uses_data_after_the_cutoff(retail_lines):
    lines = retail_lines.copy()
    customers = lines["customer"].dropna().unique()[:60]
    events = _events([(c, kind, CUTOFF - pd.Timedelta(days=d))
                      for i, c in enumerate(customers) for kind, d in
                      (("view", i % 40), ("cart", i % 70 + 5), ("view", 100))])
    before = churn_features(lines, events, CUTOFF)
    assert before["views_30"].sum() > 0 and before["carts_90"].sum() > 0

    changed = lines.copy()
    later = (changed["placed_at"] >= CUTOFF + pd.Timedelta(days=1)).to_numpy()
    assert later.sum() > 100_000
    for column in ("amount", "quantity", "unit_price"):
        changed.loc[later, column] *= 10
    flip = later & (changed.index.to_numpy() % 7 == 0)
    changed.loc[flip, "status"] = "cancelled"
    changed.loc[flip, "is_return"] = True
    copies = changed.loc[~later].sample(5000, random_state=1)
    for column, shift in (("placed_at", 120), ("local_time", 120)):
        copies[column] = CUTOFF + pd.Timedelta(days=1) + (copies[column] - copies[column].min()
                                                          ) % pd.Timedelta(days=shift)
    copies["order_id"] += 10_000_000
    newcomer = copies.head(30).assign(customer="new-after-cutoff")
    changed = pd.concat([changed, copies, newcomer], ignore_index=True)
    more_events = pd.concat([events, _events(
        [(c, "view", CUTOFF + pd.Timedelta(days=1)) for c in customers]
        + [(c, "cart", CUTOFF + pd.Timedelta(days=30)) for c in customers])],
        ignore_index=True)
    after = churn_features(changed, more_events, CUTOFF)
    pd.testing.assert_frame_equal(before, after)

    # The same kind of change on the cutoff day does move them: the test can fail.
    on_day = changed.copy()
    last_day = (on_day["placed_at"].dt.normalize() == CUTOFF).to_numpy()
    on_day.loc[last_day, "amount"] *= 10
    assert not churn_features(on_day, more_events, CUTOFF).equals(before)


# ---------------------------------------------------------------------------- metrics


def test_metrics_on_hand_computed_cases():
    y = np.array([1, 1, 0, 1, 0, 0, 0, 1, 0, 0] * 2)  # 8 churners of 20
    p = np.arange(20, 0, -1) / 21  # 20/21, 19/21, ...
    lift, capture = top_decile(y, p)  # top 2 rows: both churners
    assert lift == pytest.approx(1.0 / 0.4) and capture == pytest.approx(2 / 8)
    assert base_rate_brier(y) == pytest.approx(0.4 * 0.6)
    precision, recall, f1 = at_threshold(y, p, 18.5 / 21)  # flags the top 2
    assert (precision, recall) == (1.0, 0.25) and f1 == pytest.approx(0.4)
    assert at_threshold(y, p, 2.0) == (0.0, 0.0, 0.0)
    perfect = np.array([0.9, 0.8, 0.3, 0.2])
    assert best_threshold([1, 1, 0, 0], perfect) == pytest.approx(0.8)
    _predicted, observed, count = reliability([1, 0, 1, 1], [0.05, 0.08, 0.95, 0.91])
    assert count == [2, 2] and observed == [0.5, 1.0]
    metrics = evaluate([1, 1, 0, 0], perfect, 0.5)
    assert metrics.roc_auc == 1.0 and metrics.pr_auc == 1.0 and metrics.f1 == 1.0
    assert metrics.brier == pytest.approx(np.mean((perfect - [1, 1, 0, 0]) ** 2))


def test_ties_go_to_the_simpler_model():
    assert choose_model({"recency": 0.6, "bgnbd": 0.7, "logreg": 0.701, "gbm": 0.69}) == "bgnbd"
    assert choose_model({"recency": 0.6, "bgnbd": 0.7, "neural": 0.75, "gbm": float("nan")}
                        ) == "neural"


# ---------------------------------------------------------------------------- too little data


def test_a_short_history_says_how_much_is_needed(retail_lines):
    first_45_days = retail_lines[retail_lines["placed_at"] < "2011-01-15"]
    last = first_45_days["placed_at"].max().normalize()
    with pytest.raises(NotEnoughHistory) as caught:
        compare_models(first_45_days, None, cutoff=last - pd.Timedelta(days=90),
                       horizon_days=90)
    assert str(caught.value).startswith(
        "Churn prediction needs at least two 90-day periods of history; this shop has 45 days.")


def test_few_customers_or_a_late_cutoff_say_what_is_needed(retail_lines):
    thirty = retail_lines["customer"].dropna().unique()[:30]
    few = retail_lines[retail_lines["customer"].isin(thirty)]
    with pytest.raises(NotEnoughHistory, match=r"at least 50 customers .* has 30\."):
        compare_models(few, None, cutoff=CUTOFF, horizon_days=HORIZON)
    with pytest.raises(NotEnoughHistory, match="choose a cutoff on or before 2011-09-10"):
        compare_models(retail_lines, None, cutoff="2011-11-01", horizon_days=HORIZON)
    all_back = pd.Series(False, index=[f"c{i}" for i in range(80)])
    assert "at least 10 customers who stopped buying" in check_window(all_back, CUTOFF, 90)


def test_k_fold_when_history_is_too_short_for_out_of_time(retail_lines):
    customers = np.sort(retail_lines["customer"].dropna().unique())[::6]
    some = retail_lines[retail_lines["customer"].isin(customers)]
    report = compare_models(some, None, cutoff="2011-05-01", horizon_days=HORIZON)
    assert report.validation == "k-fold" and report.train_cutoff is None
    assert set(report.metrics) == set(MODEL_NAMES)
    assert report.metrics[report.chosen].roc_auc > report.metrics["recency"].roc_auc


def test_cancelling_mid_training_restores_torch_threads(retail_lines):
    torch = pytest.importorskip("torch")
    from engine.churn.models import iter_compare_models

    customers = np.sort(retail_lines["customer"].dropna().unique())[::6]
    some = retail_lines[retail_lines["customer"].isin(customers)]
    threads = torch.get_num_threads()
    steps = iter_compare_models(some, None, cutoff=CUTOFF, horizon_days=HORIZON)
    for step in steps:
        assert isinstance(step, Progress)
        if "epoch 3" in step.message:
            assert torch.get_num_threads() == 1
            break
    else:
        pytest.fail("the network never reported an epoch")
    steps.close()
    assert torch.get_num_threads() == threads


# ---------------------------------------------------------------------------- Online Retail


@pytest.fixture(scope="module")
def churn(retail_db):
    """One churn job on Online Retail: the comparison at 2011-09-09 and the scores."""
    job = churn_job(retail_db, cutoff="2011-09-09", horizon_days=HORIZON, seed=0)
    progress = []
    while True:
        try:
            progress.append(next(job))
        except StopIteration as stop:
            return stop.value, progress


def test_every_model_is_reported_and_the_chosen_one_beats_the_baselines(churn):
    report = churn[0].report
    assert report.validation == "out-of-time"
    assert report.train_cutoff == CUTOFF - pd.Timedelta(days=HORIZON)
    assert set(report.metrics) == set(MODEL_NAMES) and set(report.curves) == set(MODEL_NAMES)
    chosen = report.metrics[report.chosen]
    assert chosen.roc_auc > report.metrics["recency"].roc_auc
    assert chosen.roc_auc > report.metrics["bgnbd"].roc_auc
    assert chosen.brier < chosen.brier_base
    for metrics in report.metrics.values():
        assert 0.5 < metrics.roc_auc < 1 and 0 < metrics.threshold < 1
        assert metrics.brier_base == pytest.approx(report.churn_rate * (1 - report.churn_rate))
    assert report.customers == 3370 and 0.3 < report.churn_rate < 0.6


def test_same_seed_same_metrics(churn, retail_lines):
    again = compare_models(retail_lines, None, cutoff=CUTOFF, horizon_days=HORIZON, seed=0)
    assert again.metrics == churn[0].report.metrics
    assert again.chosen == churn[0].report.chosen


def test_the_job_reports_progress_to_the_end(churn):
    progress = churn[1]
    done = [p.done for p in progress]
    assert done == sorted(done) and progress[-1].done == progress[-1].total
    assert any("epoch" in p.message for p in progress)


def test_at_risk_list_is_sorted_by_value_at_risk_with_reasons_and_actions(churn):
    result = churn[0]
    scores = result.scores
    assert len(scores) == scores.index.nunique() > 4000
    assert scores["value_at_risk"].is_monotonic_decreasing
    assert np.allclose(scores["value_at_risk"], scores["risk"] * scores["value"])
    assert scores["risk"].between(0, 1).all() and (scores["value"] >= 0).all()
    assert scores["reasons"].map(len).between(1, 3).all()
    assert scores["action"].str.len().gt(0).all() and scores["segment"].notna().all()
    at_risk = scores[scores["at_risk"]]
    assert 0 < len(at_risk) < len(scores)
    assert at_risk.loc[at_risk["high_value"], "action"].str.contains("call", case=False).all()
    assert at_risk.loc[~at_risk["high_value"], "action"].str.contains("win-back").all()


def test_value_at_stake_leaves_out_what_customers_return(churn):
    scores = churn[0].scores
    # 16446 ordered 80,995 units on one day and cancelled them all: the lifetime-value fits
    # count the order, but nothing of it is worth winning back.
    assert scores.at["16446", "value"] < 5  # its value at risk had been 29,374
    assert "16446" not in scores.index[:100]
    kept = scores.loc[scores["monetary"] > 0]
    assert (kept["value"] > 0).mean() > 0.9


def test_json_and_text_for_the_cli(churn):
    result = churn[0]
    data = json.loads(json.dumps(churn_to_json(result, top=5)))
    for key in ("cutoff", "horizon_days", "customers", "churn_rate", "validation", "models",
                "chosen", "at_risk"):
        assert key in data
    assert data["cutoff"] == "2011-09-09" and data["horizon_days"] == HORIZON
    for name in MODEL_NAMES:
        assert {"roc_auc", "pr_auc", "brier"} <= set(data["models"][name])
    assert len(data["at_risk"]) == 5
    for row in data["at_risk"]:
        assert {"customer", "risk", "value", "reasons", "action", "segment"} <= set(row)
        assert row["reasons"]
    text = churn_to_text(result, top=3)
    assert "Logistic regression" in text and "BG/NBD" in text
    assert len(re.findall(r"^\s+\d\. ", text, flags=re.MULTILINE)) == 3


# ---------------------------------------------------------------------------- reasons


def _features(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {name: np.zeros(n) for name in FEATURES}
    base.update(frequency=np.full(n, 5.0), gap_mean=np.full(n, 30.0),
                recency_days=np.full(n, 15.0))
    base.update({k: np.asarray(v, dtype=float) for k, v in columns.items()})
    frame = pd.DataFrame(base, index=pd.Index([f"c{i}" for i in range(n)], name="customer"))
    frame["rhythm"] = frame["recency_days"] / frame["gap_mean"].where(frame["frequency"] > 1)
    return frame


def test_reasons_in_plain_words_from_the_customers_own_numbers():
    rng = np.random.default_rng(0)
    n = 200
    retained = _features(recency_days=rng.integers(1, 40, n), gap_mean=rng.integers(20, 60, n),
                         frequency=np.where(np.arange(n) < 40, 1, 5),
                         spend_90=np.full(n, 100), spend_prev_90=np.full(n, 100),
                         return_rate=np.where(np.arange(n) < 20, 0.05, 0.0),
                         views_30=np.full(n, 3), views_90=np.full(n, 9))
    customers = _features(
        recency_days=[120, 15, 15, 200, 15], gap_mean=[30, 30, 30, 30, 30],
        frequency=[5, 5, 5, 1, 5], spend_90=[100, 300, 100, 100, 100],
        spend_prev_90=[100, 1000, 100, 100, 100], return_rate=[0, 0, 0.4, 0, 0],
        views_30=[3, 3, 3, 3, 0], views_90=[9, 9, 9, 9, 9])
    reasons = explain(customers, retained)
    assert reasons.iloc[0][0] == "no order for 120 days; usually orders every 30 days"
    assert reasons.iloc[1][0] == "spent 70% less in the last 3 months than in the 3 before"
    assert reasons.iloc[2][0] == "returned 40% of what they bought"
    assert reasons.iloc[3][0] == "only ever ordered once, 200 days ago"
    assert reasons.iloc[4][0] == "stopped browsing: no visits in 30 days"
    assert reasons.map(len).between(1, 3).all()


def test_actions_call_the_valuable_and_win_back_the_others():
    assert "call" in suggest_action("Champions", high_value=True, at_risk=True).lower()
    assert "call" in suggest_action("At Risk", high_value=True, at_risk=True).lower()
    offer = suggest_action("Hibernating", high_value=False, at_risk=True,
                           products=("popular", ["Mug", "Bag"]))
    assert "win-back offer" in offer and "Mug, Bag" in offer
    favourites = suggest_action("Lost", high_value=False, at_risk=True,
                                products=("favourite", ["Lamp"]))
    assert "favourite products: Lamp" in favourites
    from engine.customers.rfm import segment_action

    assert suggest_action("Loyal", high_value=False, at_risk=False) == segment_action(
        "Loyal", high_value=False)


def test_value_falls_back_to_past_spend_when_lifetime_value_cannot_be_fitted():
    from engine.churn.reasons import value_at_stake

    lines = _shop([(f"c{c}", "2021-01-01", 100) for c in range(30)]
                  + [("c0", "2021-02-01", 50)])
    features = churn_features(lines, None, "2021-03-01")
    value, source, notes = value_at_stake(lines, features, pd.Timestamp("2021-03-01"), 90)
    assert (source == "past spend").all() and "could not be fitted" in notes[0]
    # c0 spent 150 over 59 days of tenure: counted as 150 a year, scaled to 90 days.
    assert value["c0"] == pytest.approx(150 * 90 / 365)


def test_an_empty_shop_gets_a_message_not_a_crash(db_path):
    from tests.conftest import run_job

    with pytest.raises(NotEnoughHistory, match="Import your sales history first"):
        run_job(churn_job(db_path))
