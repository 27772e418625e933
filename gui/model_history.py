"""The training runs as the Models page shows them, read and shaped on a reader thread so
the UI thread only hands a finished table to its model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from engine.jobs.training import MODEL_NAMES, runs

# Top-N scores, shown as percentages; rating errors only exist for models of star ratings.
PERCENT_METRICS = ("ndcg@10", "recall@20", "precision@10", "coverage")
RATING_METRICS = ("rmse", "mae")


@dataclass(frozen=True)
class RunHistory:
    """`table`: one row per run, newest first, in the columns the history table shows.
    `curves` and `splits`: what each run stored, by run id. `latest`: per model, the scores
    of its newest completed run (fractions, not percentages), indexed by model name.
    `active`: the run serving recommendations, or None."""

    table: pd.DataFrame
    curves: dict[int, list[dict]]
    splits: dict[int, dict]
    latest: pd.DataFrame
    active: int | None


def read_history(db_path: Path | str, titles: Mapping[str, str],
                 statuses: Mapping[str, str]) -> RunHistory:
    """Runs on a reader thread; `titles` and `statuses` are the words to show, by name."""
    return history_from_runs(runs(db_path), titles, statuses)


def history_from_runs(frame: pd.DataFrame, titles: Mapping[str, str],
                      statuses: Mapping[str, str]) -> RunHistory:
    frame = frame.sort_values("id", ascending=False, kind="stable").reset_index(drop=True)
    metrics = pd.DataFrame(list(frame["metrics"]), index=frame.index)
    rating = [m for m in RATING_METRICS if m in metrics and metrics[m].notna().any()]
    table = pd.DataFrame({
        "id": frame["id"].astype(int),
        "model": frame["model"].map(lambda m: titles.get(m, m)),
        "status": frame["status"].map(lambda s: statuses.get(s, s)),
        "is_active": frame["is_active"].astype(bool),
        "started_at": pd.to_datetime(frame["started_at"]),
        "fit_seconds": frame["fit_seconds"].astype(float),
    })
    for name in PERCENT_METRICS:
        table[name] = 100 * _column(metrics, name)
    for name in rating:
        table[name] = _column(metrics, name)
    table["device"] = frame["device"].astype(str).map(_device_words)

    done = frame[frame["status"] == "completed"]
    latest = pd.DataFrame(list(done["metrics"]), index=done.index)
    latest.insert(0, "model", done["model"])
    latest = latest.drop_duplicates("model", keep="first").set_index("model")  # newest first
    latest = latest.reindex([m for m in MODEL_NAMES if m in latest.index])
    for name in (*PERCENT_METRICS, *RATING_METRICS):
        latest[name] = _column(latest, name)
    active = frame.loc[frame["is_active"], "id"]
    return RunHistory(
        table=table,
        curves=dict(zip(frame["id"].astype(int), frame["curves"], strict=True)),
        splits=dict(zip(frame["id"].astype(int), frame["split"], strict=True)),
        latest=latest,
        active=int(active.iloc[0]) if len(active) else None,
    )


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return (frame[name].astype(float) if name in frame
            else pd.Series(np.nan, index=frame.index, dtype=float))


def _device_words(device: str) -> str:
    """"cuda: NVIDIA H100" → "GPU: NVIDIA H100"; any CPU → "CPU" (its model says little)."""
    kind, _, name = device.partition(":")
    if kind in ("cuda", "mps"):
        return f"GPU: {name.strip()}"
    return "CPU" if kind.lower().startswith("cpu") else device
