"""Use case: churn risk for the shop — every model compared, then every customer scored.

The job is a generator (HOUSE_STYLE §2): it yields Progress between models and per epoch of
the network, each yield a cancel point; it opens its own database engine and disposes of it
once the data is read. Nothing is written to the database.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from engine.churn.labels import NotEnoughHistory, as_day, default_horizon, shop_time
from engine.churn.models import MODEL_NAMES, MODEL_TITLES, iter_compare_models
from engine.churn.reasons import iter_score_customers
from engine.device import load_torch
from engine.jobs.results import HIGH_RISK, ChurnResult
from storage.database import create_db_engine
from storage.progress import Progress
from storage.queries import behaviour_events, sales_lines

__all__ = ["HIGH_RISK", "ChurnResult", "NotEnoughHistory", "churn_job", "churn_to_json",
           "churn_to_text"]

TOTAL = 1000
_READ, _COMPARE = 50, 800  # progress marks: data read, models compared; scoring after


def _rescaled(steps: Generator[Progress, None, Any], start: int, end: int
              ) -> Generator[Progress, None, Any]:
    while True:
        try:
            step = next(steps)
        except StopIteration as stop:
            return stop.value
        yield Progress(start + int((end - start) * step.fraction), TOTAL, step.message)


def churn_job(db_path: Path | str, *, cutoff: object = None, horizon_days: int | None = None,
              seed: int = 0) -> Generator[Progress, None, ChurnResult]:
    """Compare the churn models at `cutoff` (default: the last day of data − horizon, so that
    churn after it can be seen) and score every customer as of the last day.

    The horizon defaults to the shop's own (engine.churn.labels.default_horizon). Raises
    NotEnoughHistory with a plain message when the data cannot support churn prediction.
    """
    started = time.perf_counter()
    yield Progress(0, TOTAL, "Reading orders")
    load_torch()  # the neural model is compared too; see engine.device.load_torch
    engine = create_db_engine(db_path)
    try:
        lines = sales_lines(engine)
        yield Progress(_READ // 2, TOTAL, "Reading browsing events")
        events = behaviour_events(engine)
    finally:
        engine.dispose()
    if lines.empty or lines["customer"].isna().all():
        raise NotEnoughHistory("Churn prediction needs orders with customer ids; this shop has "
                               "none yet. Import your sales history first.")
    horizon = int(horizon_days) if horizon_days else default_horizon(lines)
    last_day = as_day(shop_time(lines).max())
    cutoff = as_day(cutoff) if cutoff is not None else last_day - pd.Timedelta(days=horizon)
    yield Progress(_READ, TOTAL, "Comparing churn models")
    report = yield from _rescaled(
        iter_compare_models(lines, events, cutoff=cutoff, horizon_days=horizon, seed=seed),
        _READ, _COMPARE)
    scores = yield from _rescaled(iter_score_customers(lines, events, report, last_day),
                                  _COMPARE, TOTAL)
    yield Progress(TOTAL, TOTAL, "Churn risk ready")
    return ChurnResult(report, scores, last_day, float(scores.attrs["threshold"]),
                       time.perf_counter() - started,
                       [*report.notes, *scores.attrs.get("notes", [])])


# ---------------------------------------------------------------------------- output


def _day(stamp: pd.Timestamp | None) -> str | None:
    return None if stamp is None else f"{stamp:%Y-%m-%d}"


def _number(value: float, digits: int = 4) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), digits)


def churn_to_json(result: ChurnResult, top: int = 20, *, curves: bool = False) -> dict:
    """One JSON-ready object: the validation of every model and the top customers at risk
    (at risk = risk at or above the chosen model's threshold), by value at risk."""
    report = result.report
    models: dict[str, Any] = {}
    for name in MODEL_NAMES:
        metrics = report.metrics.get(name)
        models[name] = None if metrics is None else {
            **{k: _number(v) for k, v in metrics.to_dict().items()},
            "seconds": _number(report.seconds.get(name, float("nan")), 2),
            "params": report.params.get(name, {}),
        }
    at_risk = result.at_risk.head(top)
    out = {
        "cutoff": _day(report.cutoff),
        "horizon_days": report.horizon_days,
        "validation": report.validation,
        "train_cutoff": _day(report.train_cutoff),
        "train_customers": report.train_customers,
        "train_churn_rate": _number(report.train_churn_rate),
        "customers": report.customers,
        "churn_rate": _number(report.churn_rate),
        "calibration": report.calibration,
        "models": models,
        "chosen": report.chosen,
        "as_of": _day(result.as_of),
        "threshold": _number(result.threshold),
        "scored_customers": len(result.scores),
        "at_risk_customers": int(result.scores["at_risk"].sum()),
        "at_risk": [
            {"customer": str(customer), "risk": _number(row["risk"]),
             "value": _number(row["value"], 2), "value_at_risk": _number(row["value_at_risk"], 2),
             "segment": row["segment"], "reasons": list(row["reasons"]),
             "action": row["action"], "value_source": row["value_source"]}
            for customer, row in at_risk.iterrows()],
        "seconds": _number(result.seconds, 2),
        "notes": result.notes,
    }
    if curves:
        out["curves"] = {name: c.to_dict() for name, c in report.curves.items()}
    return out


def churn_to_text(result: ChurnResult, top: int = 20) -> str:
    """The models side by side, then the top customers at risk in plain words (for the CLI)."""
    report = result.report
    if report.validation == "out-of-time":
        how = (f"trained on who came back after {_day(report.train_cutoff)} "
               f"({report.train_customers:,} customers), tested on who came back after the "
               "cutoff")
    else:
        how = "5-fold cross-validation across customers (too little history to test later)"
    lines = [
        f"Churn: no purchase within {report.horizon_days} days after {_day(report.cutoff)}.",
        f"{report.customers:,} customers, {report.churn_rate:.1%} churned. Validation: {how}.",
        "",
        f"{'Model':<22} {'ROC-AUC':>7} {'PR-AUC':>7} {'Brier':>6} {'Prec.':>6} {'Recall':>6} "
        f"{'F1':>5} {'Lift@10%':>8}",
    ]
    for name in MODEL_NAMES:
        m = report.metrics.get(name)
        title = MODEL_TITLES[name] + (" *" if name == report.chosen else "")
        if m is None:
            lines.append(f"{title:<22} could not be fitted")
            continue
        lines.append(f"{title:<22} {m.roc_auc:>7.3f} {m.pr_auc:>7.3f} {m.brier:>6.3f} "
                     f"{m.precision:>6.2f} {m.recall:>6.2f} {m.f1:>5.2f} "
                     f"{m.top_decile_lift:>8.2f}")
    base = next(iter(report.metrics.values())).brier_base if report.metrics else float("nan")
    lines += [f"* chosen (best ROC-AUC). A Brier score below {base:.3f} beats predicting the "
              "churn rate for everyone.", ""]
    flagged = result.at_risk
    lines.append(f"As of {_day(result.as_of)}: {len(flagged):,} of {len(result.scores):,} "
                 f"customers at risk (risk ≥ {result.threshold:.0%}). Top {min(top, len(flagged))}"
                 " by value at risk:")
    for rank, (customer, row) in enumerate(flagged.head(top).iterrows(), start=1):
        lines.append(f"{rank:>3}. {customer}: risk {row['risk']:.0%}, value "
                     f"{row['value']:,.0f}, {row['segment']}")
        lines += [f"       - {reason}" for reason in row["reasons"]]
        lines.append(f"       → {row['action']}")
    lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines)
