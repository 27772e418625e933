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
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from PySide6.QtCore import QObject, QThread, QThreadPool, Signal, Slot

from engine.jobs import Progress
from engine.jobs.shop_data import ImportProblem
from engine.logs import log_file

log = logging.getLogger(__name__)

Job = Generator[Progress, None, Any]


def describe_failure(exc: BaseException, context: QObject) -> str:
    """What the user reads: a problem they can fix in plain words, anything else by reference."""
    if isinstance(exc, ImportProblem):
        log.warning("problem for the user: %s", exc)
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return context.tr("Something went wrong; details are in {log}").format(log=log_file())


def call_job(function: Callable[..., Any], *args: Any, message: str) -> Job:
    """A job around one quick, uninterruptible call (an undo, say): cancellable until it starts."""
    yield Progress(0, 0, message)
    return function(*args)


class _Worker(QObject):
    """Drives one job on the worker thread; lives there once moved."""

    progressed = Signal(object)
    ended = Signal(str, object)  # "finished" with the result, "failed" with a message, "cancelled"

    def __init__(self, job: Job, interval: float, lock: AbstractContextManager) -> None:
        super().__init__()
        self._job = job
        self._interval = interval
        self._lock = lock
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            with self._lock:
                kind, payload = self._drive()
                try:
                    self._job.close()  # after a cancel or a failure: rolls back what was unsaved
                except Exception as exc:
                    kind, payload = "failed", describe_failure(exc, self)
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
                if now - last >= self._interval:
                    last = now
                    self.progressed.emit(progress)
        except StopIteration as stop:
            return "finished", stop.value
        except Exception as exc:
            return "failed", describe_failure(exc, self)
        return "cancelled", None


class JobRunner(QObject):
    """Runs one job at a time on its own QThread.

    The outcome signals are emitted only once the thread has stopped, so a handler may start the
    next job straight away. `lock`, when given, is held for the whole job (see Reader).
    """

    progressed = Signal(object)  # Progress, at most every `interval` seconds
    finished = Signal(object)  # the job's return value
    failed = Signal(str)  # a message for the user
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None, *, interval: float = 0.05,
                 lock: AbstractContextManager | None = None) -> None:
        super().__init__(parent)
        self._interval = interval
        self._lock = lock or nullcontext()
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
        worker = _Worker(job, self._interval, self._lock)
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
    """Short database reads (counts, history, rejected rows) on a one-thread pool.

    Reads are not jobs: they take milliseconds and need neither progress nor cancel. One thread
    keeps them in the order asked, so a later refresh never loses to an earlier one. `lock`, when
    shared with a JobRunner, makes a read wait for the running job: opening a database runs its
    Alembic migrations, and Alembic keeps its state in module globals, so two threads must never
    open one at the same time.
    """

    read_finished = Signal(str, object)  # key, result
    read_failed = Signal(str, str)  # key, message for the user

    def __init__(self, parent: QObject | None = None, *,
                 lock: AbstractContextManager | None = None) -> None:
        super().__init__(parent)
        self._lock = lock or nullcontext()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def read(self, key: str, function: Callable[..., Any], *args: Any) -> None:
        self._pool.start(functools.partial(self._call, key, function, args))

    def wait(self, timeout_ms: int = 30_000) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def _call(self, key: str, function: Callable[..., Any], args: tuple) -> None:
        # On the pool thread: the signals reach receivers on the UI thread through its queue.
        try:
            with self._lock:
                result = function(*args)
        except Exception as exc:
            outcome = (self.read_failed, describe_failure(exc, self))
        else:
            outcome = (self.read_finished, result)
        signal, payload = outcome
        try:
            signal.emit(key, payload)
        except RuntimeError:  # the window was deleted while we read: nobody is waiting
            log.debug("read %r finished after its reader was deleted", key)
