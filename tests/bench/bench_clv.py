"""Lifetime-value benchmark: our BG/NBD and Gamma-Gamma fits against the `lifetimes` package.

Both fit the same Online Retail summary (ours, `clv_summary` as of 2011-12-10, which the tests
show equals lifetimes' own `summary_data_from_transaction_data`). The figures are each
parameter side by side with its relative difference (target: within 1%), the log-likelihoods
(totals in days; see the notes), and the fit times.

Run with `.venv/bin/python -m tests.bench clv`. lifetimes is a test extra
(`pip install -e .[test]`), never a runtime dependency.
"""

from __future__ import annotations

import gc
import math
import tempfile
import time
import warnings
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

import pandas as pd

from engine.customers.clv import BetaGeoModel, GammaGammaModel, clv_summary
from engine.jobs.clv import clv_job
from storage.database import create_db_engine
from storage.importer import import_file
from storage.queries import sales_lines
from tests.bench import require_data
from tests.bench.report import Figure, Section, progress

try:
    from lifetimes import BetaGeoFitter, GammaGammaFitter
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError("the clv benchmark compares with lifetimes, a test extra: "
                      "pip install -e .[test]") from missing

NAME = "clv"
RUNS = 5
RETAIL_CSV = "online-retail/online_retail.csv"
AS_OF = pd.Timestamp("2011-12-10")
MAX_REL_DIFF = 0.01
MAX_LL_DIFF = 1e-3  # log-likelihood units, on totals of about -60,000

T = TypeVar("T")


def best_of(work: Callable[[], T], runs: int = RUNS) -> tuple[float, list[float], T]:
    """Best wall time of `runs` calls, every time, and the last call's value."""
    times, value = [], None
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
    return min(times), times, value


def _times(times: list[float]) -> str:
    return f"best of {len(times)}: " + " / ".join(f"{t * 1000:.0f}" for t in times) + " ms"


def _drive(job):
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value


def _lifetimes_bgnbd(summary: pd.DataFrame) -> BetaGeoFitter:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BetaGeoFitter(penalizer_coef=0.0).fit(
            summary["frequency"].to_numpy(), summary["recency"].to_numpy(),
            summary["T"].to_numpy())


def _lifetimes_gg(summary: pd.DataFrame) -> GammaGammaFitter:
    repeat = summary.loc[summary["frequency"] > 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return GammaGammaFitter(penalizer_coef=0.0).fit(
            repeat["frequency"].to_numpy(), repeat["monetary_value"].to_numpy())


def _param_figures(model: str, ours: dict[str, float], theirs: pd.Series) -> list[Figure]:
    figures = []
    for name, value in ours.items():
        rel = value / theirs[name] - 1
        figures.append(Figure(f"{model} {name}: ours vs lifetimes", f"{value:.6g}",
                              f"lifetimes {theirs[name]:.6g}; relative difference {rel:+.2e}",
                              f"within {MAX_REL_DIFF:.0%}", abs(rel) <= MAX_REL_DIFF))
    return figures


def _ll_figure(model: str, ours: float, theirs: float, how: str) -> Figure:
    diff = ours - theirs
    return Figure(f"{model} log-likelihood (total): ours vs lifetimes", f"{ours:,.4f}",
                  f"lifetimes {theirs:,.4f} ({how}); difference {diff:+.1e}",
                  f"|difference| ≤ {MAX_LL_DIFF:g}", abs(diff) <= MAX_LL_DIFF)


def _time_figure(model: str, ours: tuple[float, list[float]],
                 theirs: tuple[float, list[float]]) -> Figure:
    return Figure(f"{model} fit time: ours vs lifetimes", f"{ours[0] * 1000:.0f} ms",
                  f"lifetimes {theirs[0] * 1000:.0f} ms ({theirs[0] / ours[0]:.1f}× ours); "
                  f"ours {_times(ours[1])}; lifetimes {_times(theirs[1])}")


def run() -> Section:
    (csv_path,) = require_data(RETAIL_CSV)
    with tempfile.TemporaryDirectory(prefix="shopsense-bench-") as tmp:
        db = Path(tmp) / "shop.sqlite3"
        progress("clv: importing online_retail.csv")
        engine = create_db_engine(db)
        try:
            _drive(import_file(engine, csv_path))
            lines = sales_lines(engine)
        finally:
            engine.dispose()
        progress("clv: summary")
        summary_s, summary_times, summary = best_of(lambda: clv_summary(lines, AS_OF))
        progress("clv: BG/NBD, ours and lifetimes")
        bg_s, bg_times, bg = best_of(lambda: BetaGeoModel().fit(summary))
        lbg_s, lbg_times, lbg = best_of(lambda: _lifetimes_bgnbd(summary))
        progress("clv: Gamma-Gamma, ours and lifetimes")
        gg_s, gg_times, gg = best_of(lambda: GammaGammaModel().fit(summary))
        lgg_s, lgg_times, lgg = best_of(lambda: _lifetimes_gg(summary))
        progress("clv: the whole job")
        job_s, job_times, result = best_of(lambda: _drive(clv_job(db)), runs=3)

    x = summary["frequency"].to_numpy()
    n, repeat = len(summary), int((x > 0).sum())
    # lifetimes fits BG/NBD on time scaled by _scale (10 / max T) and reports the mean
    # negative log-likelihood; rescaling time by s moves each customer's LL by -x log s.
    lbg_ll = -lbg._negative_log_likelihood_ * n + x.sum() * math.log(lbg._scale)
    lgg_ll = -lgg._negative_log_likelihood_ * repeat
    figures = [
        *_param_figures("BG/NBD", bg.params_, lbg.params_),
        _ll_figure("BG/NBD", bg.log_likelihood_, lbg_ll,
                   "-n × _negative_log_likelihood_ + Σx·log(_scale), i.e. in days"),
        *_param_figures("Gamma-Gamma", gg.params_, lgg.params_),
        _ll_figure("Gamma-Gamma", gg.log_likelihood_, lgg_ll,
                   "-n_repeat × _negative_log_likelihood_"),
        _time_figure("BG/NBD", (bg_s, bg_times), (lbg_s, lbg_times)),
        _time_figure("Gamma-Gamma", (gg_s, gg_times), (lgg_s, lgg_times)),
        Figure(f"clv_summary of {len(lines):,} order lines ({n:,} customers, "
               f"{repeat:,} repeat)", f"{summary_s * 1000:.0f} ms", _times(summary_times)),
        Figure("clv_job on the Online Retail db: read, summarise, fit both, value everyone",
               f"{job_s:.2f} s", f"{_times(job_times)}; top customer "
               f"{result.values.index[0]} worth {result.values['clv'].iloc[0]:,.0f} "
               f"over {result.horizon_days} days"),
    ]
    return Section(NAME, "Lifetime value (BG/NBD and Gamma-Gamma) against lifetimes", figures,
                   notes=[
        f"Both sides fit the same summary: Online Retail as of {AS_OF:%Y-%m-%d}, purchase days "
        "of completed orders, returns excluded from spend; penalizer 0 on both.",
        "Ours: L-BFGS-B on log-parameters with the analytic gradient (scipy "
        f"{version('scipy')}). lifetimes {version('lifetimes')}: scipy.optimize.minimize "
        "(BFGS) with autograd gradients, and its fit() also computes the Hessian for standard "
        "errors, which is part of its time.",
        "Log-likelihoods are totals over customers in days, as our `log_likelihood_`. lifetimes "
        "stores the mean negative log-likelihood of its time-scaled data; it is converted as "
        "shown. Gamma-Gamma is not rescaled by lifetimes.",
        f"Times are the best of {RUNS} fits in this process (the job: best of 3, including "
        "reading the sales from SQLite).",
        f"Mean spend per purchase day p·v/(q−1) = "
        f"{gg.params_['p'] * gg.params_['v'] / (gg.params_['q'] - 1):,.2f}; "
        f"mean purchase rate r/α = {bg.params_['r'] / bg.params_['alpha']:.4f} a day.",
    ])

