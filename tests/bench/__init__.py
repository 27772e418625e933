"""Benchmarks: run on demand with `.venv/bin/python -m tests.bench`, never collected by pytest.

Each `bench_<name>.py` module here has a `run() -> Section`; `python -m tests.bench` runs them
all (or the ones named) and writes each section into docs/benchmarks.md (see report.py).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The real data sets of ../shared/data (DATA.md); SHOPSENSE_BENCH_DATA points elsewhere.
DATA_DIR = Path(os.environ.get("SHOPSENSE_BENCH_DATA", ROOT.parent / "shared" / "data"))


class DataMissing(RuntimeError):
    """A data set a benchmark needs is not there; nothing is measured and the doc is untouched."""


def require_data(*relative: str) -> list[Path]:
    """The paths of these data files, or DataMissing naming every one that is absent."""
    paths = [DATA_DIR / name for name in relative]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise DataMissing("missing data: " + ", ".join(missing))
    return paths
