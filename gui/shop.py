"""The open shop: its database, the one job that may run on it, and the reads the pages make.

Every page gets the same `Shop` and works only through it: `read()` for quick queries (answered
on the UI thread through `Reader`), `run()` for long jobs (one at a time, with progress and
Cancel shown by the window). When a job changes what the pages show, `changed` tells them so
they reload the next time they are seen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from gui.job_runner import JobCall, JobRunner, Reader
from gui.worker_process import named

if TYPE_CHECKING:
    from engine.jobs.results import ChurnResult

log = logging.getLogger(__name__)

# What a finished job may have changed; pages reload on the kinds they show.
DATA, MODELS, CHURN, SETTINGS = "data", "models", "churn", "settings"


@dataclass
class _Running:
    kind: str
    message: str
    changes: tuple[str, ...]
    finished: Callable[[Any], None] | None
    failed: Callable[[str], None] | None
    cancelled: Callable[[], None] | None


class Shop(QObject):
    """The database path, the job runner and the reader, shared by the window and its pages."""

    changed = Signal(str)  # DATA, MODELS, CHURN or SETTINGS
    job_started = Signal(str, str)  # kind, message
    job_progressed = Signal(object)  # Progress (throttled; those with a detail always arrive)
    job_ended = Signal(str, str)  # kind, outcome: "finished", "failed" or "cancelled"
    problem = Signal(str, str)  # title, message: a failure nobody else handled
    device_found = Signal(str)  # the compute device, in words, once probed
    customer_requested = Signal(str)  # a page asks the window to open this customer's profile

    def __init__(self, db_path: Path | str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.device = ""
        self.jobs = JobRunner(self)
        self.jobs.progressed.connect(self.job_progressed)
        self.jobs.finished.connect(self._on_jobs_finished)
        self.jobs.failed.connect(self._on_jobs_failed)
        self.jobs.cancelled.connect(self._on_jobs_cancelled)
        self.reader = Reader(self)
        # Churn scores are shown by several pages (Overview, Customers, Churn, Reports) and take
        # seconds to compute, so they are kept for the session until the data changes.
        self.churn: ChurnResult | None = None
        self.changed.connect(self._on_changed)
        self._running: _Running | None = None
        self._reads: dict[str, tuple[Callable[[Any], None], Callable[[str], None] | None]] = {}
        self.reader.read_finished.connect(self._on_reader_read_finished)
        self.reader.read_failed.connect(self._on_reader_read_failed)

    # ------------------------------------------------------------------ reads

    def read(self, key: str, function: Callable[..., Any], *args: Any,
             done: Callable[[Any], None], failed: Callable[[str], None] | None = None,
             heavy: bool = False) -> None:
        """Call `function(*args)` off the UI thread; `done(result)` gets the latest answer for
        `key` (a newer read with the same key replaces an older one still on its way).

        `heavy` reads (pandas over the whole shop, torch) run in the reads process, so they
        need a module-level `function` and picklable arguments and result."""
        self._reads[key] = (done, failed)
        self.reader.read(key, function, *args, heavy=heavy)

    def is_reading(self) -> bool:
        """Some answer is still awaited (a page is filling in)."""
        return bool(self._reads)

    def forget_reads(self, prefix: str = "") -> None:
        """Drop the answers still on their way for keys starting with `prefix` (all by
        default): their widgets are being replaced, and must not be called back."""
        for key in [k for k in self._reads if k.startswith(prefix)]:
            del self._reads[key]

    def _on_reader_read_finished(self, key: str, result: object) -> None:
        done, _ = self._reads.pop(key, (None, None))
        if done is not None:
            done(result)

    def _on_reader_read_failed(self, key: str, message: str) -> None:
        _, failed = self._reads.pop(key, (None, None))
        if failed is not None:
            failed(message)
        else:
            self.problem.emit(self.tr("Cannot read the shop database"), message)

    # ------------------------------------------------------------------ jobs

    def is_busy(self) -> bool:
        return self.jobs.is_busy()

    def running_kind(self) -> str:
        return self._running.kind if self._running else ""

    def run(self, job: JobCall, *, kind: str, message: str, changes: tuple[str, ...] = (),
            finished: Callable[[Any], None] | None = None,
            failed: Callable[[str], None] | None = None,
            cancelled: Callable[[], None] | None = None) -> bool:
        """Start the job `job()` makes (in the jobs process: a functools.partial of a job
        function with picklable arguments); False, with a message to the user, while another
        job still runs.

        `changes` are announced through `changed` when the job finishes (DATA also when it was
        cancelled or failed: nothing should have changed then, but the pages show the truth)."""
        if not self.jobs.start(job):
            self.problem.emit(
                self.tr("Please wait"),
                self.tr("Another job is still running: {job}\n\nWait for it to finish, or "
                        "cancel it with the Cancel button at the bottom of the window.").format(
                    job=self._running.message if self._running else ""))
            return False
        self._running = _Running(kind, message, changes, finished, failed, cancelled)
        self.job_started.emit(kind, message)
        return True

    def cancel(self) -> None:
        self.jobs.cancel()

    def _end(self, outcome: str) -> _Running:
        running = self._running
        assert running is not None
        self._running = None
        self.job_ended.emit(running.kind, outcome)
        if outcome != "finished" and DATA in running.changes:
            self.changed.emit(DATA)  # show the truth, whatever the job got to do
        return running

    def _on_jobs_finished(self, result: object) -> None:
        running = self._end("finished")
        for what in running.changes:
            self.changed.emit(what)
        if running.finished is not None:
            running.finished(result)

    def _on_jobs_failed(self, message: str) -> None:
        running = self._end("failed")
        if running.failed is not None:
            running.failed(message)
        else:
            self.problem.emit(self.tr("{job} failed").format(job=running.message.rstrip("…")),
                              message)

    def _on_jobs_cancelled(self) -> None:
        running = self._end("cancelled")
        if running.cancelled is not None:
            running.cancelled()

    def score_churn(self) -> bool:
        """Score every customer's churn risk (a job of a few seconds); pages that show risk
        reload on CHURN when it is ready. False while another job runs."""
        # By name: scoring loads scikit-learn, which the window itself never needs.
        return self.run(named("engine.jobs.churn:churn_job", self.db_path), kind="churn",
                        message=self.tr("Scoring churn risk…"), finished=self._on_churn_scored)

    def _on_churn_scored(self, result: ChurnResult) -> None:
        self.churn = result
        self.changed.emit(CHURN)

    def _on_changed(self, what: str) -> None:
        if what == DATA:
            self.churn = None

    def shutdown(self) -> bool:
        stopped = self.jobs.shutdown()
        self.reader.wait()
        return stopped

    def announce_device(self, device: str) -> None:
        self.device = device
        self.device_found.emit(device)
