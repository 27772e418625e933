"""Profiles benchmark: every UCI Online Retail customer's profile, against the 2 s target.

The target is for `build_profiles` on frames already in memory (the profile page rebuilds
them when the rules or the date change); reading the frames from the database
(`storage.queries.sales_lines`) is timed on its own, and so is the whole `profiles_job` a user
waits for the first time. Run with `.venv/bin/python -m tests.bench profiles`.
"""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TypeVar

import pandas as pd

from engine.customers.profiles import build_profiles, customer_profile, profile_of, shop_profiles
from engine.customers.rfm import rfm_table
from engine.jobs.profiles import profiles_job
from storage.database import create_db_engine
from storage.importer import import_file
from storage.progress import Progress
from storage.queries import behaviour_events, customer_table, sales_lines
from tests.bench import require_data
from tests.bench.report import Figure, Section, progress

NAME = "profiles"
RUNS = 5
RETAIL_CSV = "online-retail/online_retail.csv"
MAX_PROFILES_S = 2.0
CUSTOMER = "12347"

T = TypeVar("T")


def drive(job: Generator[Progress, None, T]) -> T:
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value


def timed(work: Callable[[], T], runs: int = RUNS) -> tuple[list[float], T]:
    """Wall times of `runs` calls (the first one included: nothing is warmed up) and the
    last call's value."""
    times = []
    value = None
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
    return times, value


def describe(times: list[float]) -> str:
    return (f"first {times[0]:.2f} s, best {min(times):.2f} s, slowest {max(times):.2f} s "
            f"({len(times)} runs: " + " / ".join(f"{t:.2f}" for t in times) + ")")


def run() -> Section:
    (csv,) = require_data(RETAIL_CSV)
    with tempfile.TemporaryDirectory(prefix="shopsense-bench-") as tmp:
        db = Path(tmp) / "retail.sqlite3"
        progress("profiles: importing online_retail.csv")
        engine = create_db_engine(db)
        try:
            drive(import_file(engine, csv))
            progress("profiles: reading the analysis frames")
            load_times, lines = timed(lambda: sales_lines(engine), runs=3)
            events, customers = behaviour_events(engine), customer_table(engine)
        finally:
            engine.dispose()
        progress("profiles: build_profiles")
        build_times, profiles = timed(lambda: build_profiles(lines, events, customers))
        rfm_times, _rfm = timed(lambda: rfm_table(lines))
        one_times, _one = timed(lambda: customer_profile(CUSTOMER, lines, events, customers),
                                runs=3)
        shop = shop_profiles(lines, events, customers)  # what the Customers page keeps
        kept_times, _kept = timed(lambda: profile_of(shop, CUSTOMER))
        progress("profiles: profiles_job from the database")
        job_times, _job = timed(lambda: drive(profiles_job(db)), runs=3)

    slowest = max(build_times)
    segments = profiles["segment"].value_counts()
    figures = [
        Figure(f"build_profiles: all {len(profiles):,} Online Retail customers "
               f"({len(lines):,} lines in memory)",
               f"{slowest:.2f} s (slowest run)", describe(build_times),
               f"≤ {MAX_PROFILES_S:g} s", slowest <= MAX_PROFILES_S),
        Figure("sales_lines: reading the 536,641 lines from SQLite into a DataFrame",
               f"{min(load_times):.2f} s", describe(load_times)),
        Figure("rfm_table alone (values, quintile scores, segments)",
               f"{min(rfm_times):.2f} s", describe(rfm_times)),
        Figure(f"customer_profile for one customer ({CUSTOMER}), shop-wide table included",
               f"{min(one_times):.2f} s", describe(one_times)),
        Figure(f"profile_of one customer ({CUSTOMER}) from the shop's kept profiles pass "
               "(what the Customers page does on each click)", f"{max(kept_times):.3f} s",
               describe(kept_times) + f"; vs customer_profile {min(one_times):.2f} s"),
        Figure("profiles_job end to end (open the db, read lines, events and customers, "
               "build)", f"{min(job_times):.2f} s", describe(job_times)),
        Figure("Customers per segment", f"{segments.sum():,} in {len(segments)} segments",
               ", ".join(f"{name} {n:,}" for name, n in segments.items())),
    ]
    return Section(NAME, "Customer profiles", figures, notes=[
        "Each function is called repeatedly in the same process, the first call included, on "
        "frames read once from a database that holds online_retail.csv; the target is judged "
        "on the slowest call.",
        f"Pandas {pd.__version__}; the profile pass is single-threaded, so the core count does "
        "not change it.",
    ])
