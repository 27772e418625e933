"""Running engine work off the UI thread: long jobs with progress and cancel, and short reads.

The engine's jobs are plain generators of Progress (HOUSE_STYLE §2); this module is the only
place that gives them a thread. Orange's TaskState/ConcurrentMixin is the model: the worker
relays throttled progress through signals, and cancelling is a flag checked at each yield.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, Signal, Slot

from engine.jobs import Progress, user_problems
from engine.logs import log_file

log = logging.getLogger(__name__)

Job = Generator[Progress, None, Any]


def describe_failure(exc: BaseException) -> str:
    """What the user reads: a problem they can fix in plain words, anything else by reference."""
    if isinstance(exc, user_problems()):
        log.warning("problem for the user: %s: %s", type(exc).__name__, exc)
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return QCoreApplication.translate(
        "JobRunner", "Something went wrong; details are in {log}").format(log=log_file())


def call_job(function: Callable[..., Any], *args: Any, message: str) -> Job:
    """A job around one quick, uninterruptible call (an undo, say): cancellable until it starts."""
    yield Progress(0, 0, message)
    return function(*args)


class _Worker(QObject):
    """Drives one job on the worker thread; lives there once moved."""

    progressed = Signal(object)
    ended = Signal(str, object)  # "finished" with the result, "failed" with a message, "cancelled"

    def __init__(self, job: Job, interval: float) -> None:
        super().__init__()
        self._job = job
        self._interval = interval
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            kind, payload = self._drive()
            try:
                self._job.close()  # after a cancel or a failure: rolls back what was unsaved
            except Exception as exc:
                kind, payload = "failed", describe_failure(exc)
            self.ended.emit(kind, payload)
        finally:
            # Quit from here, not from a slot on the UI thread, so that shutdown() can wait.
            self.thread().quit()

    def _drive(self) -> tuple[str, object]:
        last = float("-inf")
        try:
            while not self._cancel.is_set():
                progress = next(self._job)
                now = time.monotonic()
                if progress.detail is not None or now - last >= self._interval:
                    last = now
                    self.progressed.emit(progress)
        except StopIteration as stop:
            return "finished", stop.value
        except Exception as exc:
            return "failed", describe_failure(exc)
        return "cancelled", None


class JobRunner(QObject):
    """Runs one job at a time on its own QThread.

    The outcome signals are emitted only once the thread has stopped, so a handler may start the
    next job straight away.
    """

    progressed = Signal(object)  # Progress, at most every `interval` seconds
    finished = Signal(object)  # the job's return value
    failed = Signal(str)  # a message for the user
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None, *, interval: float = 0.05) -> None:
        super().__init__(parent)
        self._interval = interval
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._outcome: tuple[str, object] = ("cancelled", None)

    def is_busy(self) -> bool:
        return self._thread is not None

    def start(self, job: Job) -> bool:
        """Start `job`; False (and the job is closed unrun) when another one is still running."""
        if self.is_busy():
            job.close()
            return False
        thread = QThread()
        worker = _Worker(job, self._interval)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self.progressed)
        worker.ended.connect(self._on_worker_ended)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self._outcome = ("cancelled", None)
        thread.start()
        return True

    def cancel(self) -> None:
        """Ask the job to stop at its next yield; `cancelled` follows once it has rolled back."""
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel and wait for the thread (when the window closes); False if it did not stop."""
        if self._thread is None:
            return True
        self.cancel()
        return self._thread.wait(timeout_ms)

    @Slot(str, object)
    def _on_worker_ended(self, kind: str, payload: object) -> None:
        self._outcome = (kind, payload)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self._thread
        if thread is None:
            return
        thread.wait()
        self._thread = self._worker = None
        kind, payload = self._outcome
        if kind == "finished":
            self.finished.emit(payload)
        elif kind == "failed":
            self.failed.emit(payload)
        else:
            self.cancelled.emit()


class Reader(QObject):
    """Short database reads (counts, tables, a customer's profile) on a small thread pool.

    Reads are not jobs: they need neither progress nor cancel, and they run while a job does
    (SQLite's WAL lets readers and one writer work at once; storage serialises migrations).
    Each key keeps only its latest request's answer, so a page that asks again (a new search,
    another customer) never shows an older answer that arrived late.
    """

    read_finished = Signal(str, object)  # key, result
    read_failed = Signal(str, str)  # key, message for the user
    _answered = Signal(str, int, bool, object)  # key, request number, ok, result or message

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._latest: dict[str, int] = {}
        self._answered.connect(self._on_answered)

    def read(self, key: str, function: Callable[..., Any], *args: Any) -> None:
        number = self._latest.get(key, 0) + 1
        self._latest[key] = number
        self._pool.start(functools.partial(self._call, key, number, function, args))

    def wait(self, timeout_ms: int = 30_000) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def _call(self, key: str, number: int, function: Callable[..., Any], args: tuple) -> None:
        # On a pool thread: the signal reaches _on_answered on the UI thread through its queue.
        try:
            result, ok = function(*args), True
        except Exception as exc:
            result, ok = describe_failure(exc), False
        try:
            self._answered.emit(key, number, ok, result)
        except RuntimeError:  # the window was deleted while we read: nobody is waiting
            log.debug("read %r finished after its reader was deleted", key)

    @Slot(str, int, bool, object)
    def _on_answered(self, key: str, number: int, ok: bool, result: object) -> None:
        if number != self._latest.get(key):
            return  # a newer request for the same key is on its way
        if ok:
            self.read_finished.emit(key, result)
        else:
            self.read_failed.emit(key, result)
