"""Churn benchmark: the full comparison of all five models on UCI Online Retail, on 2 cores.

Cutoff 2011-09-09, horizon 90 days, out-of-time validation (trained at 2011-06-11). The timed
work is `compare_models` from the sales lines in memory: features at both cutoffs, then every
model trained (with its out-of-fold calibration) and scored. Every model's metrics are recorded
beside it, and scoring every customer as of the last day is timed for information.

Run with `.venv/bin/python -m tests.bench churn`. The timing runs in a child process pinned to
two cores (`python -m tests.bench.bench_churn --child DB`), so the figure means "on 2 cores"
whatever machine runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import ROOT, require_data
from tests.bench.report import Figure, Section, progress

NAME = "churn"
RETAIL_CSV = "online-retail/online_retail.csv"
CUTOFF, HORIZON, AS_OF = "2011-09-09", 90, "2011-12-09"
RUNS = 3
CORES = 2
MAX_SECONDS = 60.0


# ---------------------------------------------------------------------------- the child


def _child(db: str) -> None:
    """Time compare_models RUNS times and score_customers once; print one JSON object."""
    from engine.churn.models import compare_models
    from engine.churn.reasons import score_customers
    from storage.database import create_db_engine
    from storage.queries import behaviour_events, sales_lines

    engine = create_db_engine(db)
    try:
        lines, events = sales_lines(engine), behaviour_events(engine)
    finally:
        engine.dispose()
    runs, reports = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        reports.append(compare_models(lines, events, cutoff=CUTOFF, horizon_days=HORIZON,
                                      seed=0))
        runs.append(time.perf_counter() - started)
    started = time.perf_counter()
    scores = score_customers(lines, events, reports[-1], AS_OF)
    score_s = time.perf_counter() - started
    report = reports[-1]
    print(json.dumps({
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "runs": runs, "score_s": score_s, "scored": len(scores),
        "at_risk": int(scores["at_risk"].sum()), "threshold": scores.attrs["threshold"],
        "lines": len(lines), "validation": report.validation, "customers": report.customers,
        "churn_rate": report.churn_rate, "train_customers": report.train_customers,
        "train_churn_rate": report.train_churn_rate, "chosen": report.chosen,
        "seconds": report.seconds, "params": report.params,
        "metrics": {name: m.to_dict() for name, m in report.metrics.items()},
        "same_every_run": all(r.metrics == report.metrics for r in reports),
    }))


def _pin_to_two_cores() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:CORES])


def _measure(db: Path) -> dict:
    child = subprocess.run([sys.executable, "-m", "tests.bench.bench_churn", "--child", str(db)],
                           cwd=ROOT, capture_output=True, text=True, check=True,
                           preexec_fn=_pin_to_two_cores)
    return json.loads(child.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- figures


def _model_figures(data: dict) -> list[Figure]:
    from engine.churn.models import MODEL_NAMES, MODEL_TITLES

    figures = []
    for name in MODEL_NAMES:
        m = data["metrics"].get(name)
        title = MODEL_TITLES[name] + (" (chosen)" if name == data["chosen"] else "")
        if m is None:
            figures.append(Figure(f"{title}: ROC-AUC", "not fitted"))
            continue
        figures.append(Figure(
            f"{title}: ROC-AUC", f"{m['roc_auc']:.3f}",
            f"PR-AUC {m['pr_auc']:.3f}; Brier {m['brier']:.4f} (base rate {m['brier_base']:.4f});"
            f" at threshold {m['threshold']:.2f}: precision {m['precision']:.2f}, recall "
            f"{m['recall']:.2f}, F1 {m['f1']:.2f}; top decile lift {m['top_decile_lift']:.2f}, "
            f"capture {m['top_decile_capture']:.1%}; {data['seconds'].get(name, 0):.1f} s"))
    return figures


def _verdict_figure(data: dict) -> Figure:
    metrics, chosen = data["metrics"], data["chosen"]
    best = metrics[chosen]
    beats = (best["roc_auc"] > metrics["recency"]["roc_auc"]
             and best["roc_auc"] > metrics["bgnbd"]["roc_auc"]
             and best["brier"] < best["brier_base"])
    return Figure(
        "Chosen model vs the baselines", f"{chosen}: ROC-AUC {best['roc_auc']:.3f}",
        f"recency {metrics['recency']['roc_auc']:.3f}, BG/NBD {metrics['bgnbd']['roc_auc']:.3f};"
        f" Brier {best['brier']:.4f} vs base rate {best['brier_base']:.4f}",
        "beats recency and BG/NBD on ROC-AUC; Brier below base rate", beats)


def run() -> Section:
    (csv_path,) = require_data(RETAIL_CSV)
    from storage.database import create_db_engine
    from storage.importer import import_file

    with tempfile.TemporaryDirectory(prefix="shopsense-bench-") as tmp:
        db = Path(tmp) / "shop.sqlite3"
        progress("churn: importing online_retail.csv")
        engine = create_db_engine(db)
        try:
            job = import_file(engine, csv_path)
            for _ in job:
                pass
        finally:
            engine.dispose()
        progress(f"churn: {RUNS} full comparisons on {CORES} cores (child process)")
        data = _measure(db)
    runs = data["runs"]
    best = min(runs)
    split = ", ".join(f"{k} {v:.1f} s" for k, v in data["seconds"].items() if k != "total")
    figures = [
        Figure(f"Full churn comparison, all 5 models ({data['customers']:,} test and "
               f"{data['train_customers']:,} training customers, {data['lines']:,} lines)",
               f"{best:.1f} s",
               f"best of {len(runs)}: " + " / ".join(f"{t:.1f}" for t in runs)
               + f" s on {data['cores']} cores; last run: {split}",
               f"≤ {MAX_SECONDS:g} s on {CORES} cores", best <= MAX_SECONDS),
        *_model_figures(data),
        _verdict_figure(data),
        Figure("Same seed, same metrics", "identical" if data["same_every_run"] else "differ",
               f"{len(runs)} runs with seed 0", "identical", data["same_every_run"]),
        Figure(f"Scoring every customer as of {AS_OF} (refit, value at stake, reasons, actions)",
               f"{data['score_s']:.1f} s",
               f"{data['scored']:,} customers, {data['at_risk']:,} at risk (risk ≥ "
               f"{data['threshold']:.0%})"),
    ]
    return Section(NAME, "Churn models side by side", figures, notes=[
        f"Online Retail, cutoff {CUTOFF}, horizon {HORIZON} days; validation "
        f"{data['validation']}: trained on features at {CUTOFF} − {HORIZON} days with churn in "
        f"the {HORIZON} days up to the cutoff ({data['train_churn_rate']:.1%} churned), tested "
        f"on features at the cutoff with churn in the {HORIZON} days after it "
        f"({data['churn_rate']:.1%} churned).",
        "Probabilities are Platt-calibrated on out-of-fold training scores; the operating "
        "threshold is the best F1 on those same training predictions. The base-rate Brier score "
        "predicts the test churn rate for everyone.",
        "The timed comparison runs in a child process pinned to 2 cores "
        "(`os.sched_setaffinity`), after the sales lines are read from SQLite; it includes the "
        "features at both cutoffs and the lazy import of PyTorch on the first run.",
        "Hyper-parameters: " + "; ".join(f"{k} {v}" for k, v in data["params"].items() if v),
    ])


if __name__ == "__main__":
    if sys.argv[1:2] != ["--child"] or len(sys.argv) != 3:
        sys.exit("usage: python -m tests.bench.bench_churn --child DB")
    _child(sys.argv[2])
