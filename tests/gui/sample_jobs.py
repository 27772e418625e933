"""Jobs for the job runner's tests. They run in the worker process, which imports them by
name, so they live in a module of their own (no Qt, nothing heavy) at its top level."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from engine.jobs import Progress
from storage.errors import ImportProblem


def counting(steps: int) -> object:
    for step in range(steps):
        yield Progress(step, steps, f"step {step + 1} of {steps}")
    return {"steps": steps, "pid": os.getpid()}


def waiting_for(release: Path, closed: Path | None = None) -> object:
    """Yields until the file `release` exists; writes `closed` when closed (cancelled too)."""
    try:
        while not release.exists():
            yield Progress(0, 0, "waiting")
            time.sleep(0.01)
        return []
    finally:
        if closed is not None:
            closed.write_text("closed")


def broken() -> object:
    yield Progress(0, 1, "starting")
    raise RuntimeError("internal detail")


def bad_file() -> object:
    yield Progress(0, 1, "reading")
    raise ImportProblem("orders.csv", "'soon' is not a date.", row=7, column="Date",
                        hint="Correct the cell and import the file again.")


def crashing() -> object:
    yield Progress(0, 1, "about to crash")
    os._exit(3)


def holding_the_lock(seconds: float) -> object:
    """Holds the interpreter's lock for `seconds` in one C call, as pandas or an import can:
    in a thread beside the UI, the window could not paint meanwhile."""
    yield Progress(0, 1, "busy")
    deadline = time.monotonic() + seconds
    total = 0
    while time.monotonic() < deadline:
        total += sum(range(20_000_000))  # one C call of ~0.3 s that never lets go of the lock
    return total


def stuck(started: Path) -> object:
    """Never reaches another yield: only stopping its process ends it."""
    yield Progress(0, 0, "stuck")
    started.write_text("started")
    time.sleep(3600)
    yield Progress(0, 0, "never")


def logging_job(text: str) -> object:
    logging.getLogger("tests.sample_jobs").warning("from the worker: %s", text)
    yield Progress(0, 1, "logged")
    return os.getpid()


def run_bad_read() -> None:
    """A read (no progress) that meets a problem the user can fix."""
    for _ in bad_file():
        pass
