"""Running engine work off the UI thread: long jobs with progress and cancel, and reads.

The engine's jobs are plain generators of Progress (HOUSE_STYLE §2); this module gives them a
place to run. Long jobs (import, training, churn scoring, export) run in a separate process
(gui.worker_process), because in a thread they would hold the interpreter's lock for long
stretches and freeze the window; cancelling is checked at each yield, as in Orange's
TaskState. Reads run on a small thread pool, or in the reads process when they are heavy.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal, Slot

from engine.jobs import Progress
from engine.logs import log_file
from gui import worker_process
from gui.worker_process import CANCELLED, ENDED, FAILED, FINISHED, PROGRESS, Failure, failure_of

log = logging.getLogger(__name__)

Job = Generator[Progress, None, Any]
# What JobRunner.start takes: a picklable callable that makes the job in the worker process,
# e.g. functools.partial(import_files, db_path, paths, options).
JobCall = Callable[[], Job]

# How long a cancelled job may take to reach its next yield before its process is stopped.
CANCEL_GRACE_S = 10.0


def describe_failure(failure: Failure) -> str:
    """What the user reads: a problem they can fix in plain words, anything else by reference
    to the log, where its traceback goes."""
    if failure.for_user:
        log.warning("problem for the user: %s", failure.text)
        return failure.text
    log.error("unexpected error: %s", failure.text)
    return unexpected_problem()


def unexpected_problem() -> str:
    """What the user reads about a bug (its traceback is in the log): what happened, and
    what to do."""
    return QCoreApplication.translate(
        "JobRunner", "ShopSense ran into an unexpected problem and stopped; your shop data is "
        "as it was. Please try again. If it happens again, send the log file to whoever helps "
        "you with ShopSense: {log}").format(log=log_file())


class JobRunner(QObject):
    """Runs one job at a time in the jobs process, relaying its progress and outcome.

    The outcome signals come on the UI thread once the job has ended (rolled back, if it was
    cancelled or failed), so a handler may start the next job straight away.
    """

    progressed = Signal(object)  # Progress, at most every 50 ms (those with a detail always)
    finished = Signal(object)  # the job's return value
    failed = Signal(str)  # a message for the user
    cancelled = Signal()
    _received = Signal(object)  # a worker message, from the listener thread to the UI thread

    def __init__(self, parent: QObject | None = None,
                 process: worker_process.WorkerProcess | None = None) -> None:
        super().__init__(parent)
        self._process = process or worker_process.shared("jobs")
        self._number: int | None = None
        self._received.connect(self._on_received)

    def is_busy(self) -> bool:
        return self._number is not None

    def warm(self) -> None:
        """Start the jobs process now, so the first job does not wait for its imports."""
        self._process.warm()

    def start(self, call: JobCall) -> bool:
        """Start the job `call` makes; False when another one is still running."""
        if self.is_busy():
            return False
        self._number = self._process.submit(worker_process.JOB, call, self._relay)
        return True

    def cancel(self) -> None:
        """Ask the job to stop at its next yield; `cancelled` follows once it has rolled back.
        A job that does not get there in CANCEL_GRACE_S has its process stopped."""
        number = self._number
        if number is None:
            return
        self._process.cancel(number)
        QTimer.singleShot(int(CANCEL_GRACE_S * 1000), self,
                          functools.partial(self._stop_if_stuck, number))

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel and wait for the job (when the window closes); its process is stopped if the
        job does not end in time. True once nothing runs."""
        number = self._number
        if number is None:
            return True
        self._process.cancel(number)
        if not self._process.wait(number, min(timeout_ms / 1000, CANCEL_GRACE_S)):
            log.warning("job %s did not stop after cancel; stopping its process", number)
            self._process.kill()
            self._process.wait(number, 10)
        self._number = None
        return True

    def _stop_if_stuck(self, number: int) -> None:
        if self._number == number:
            log.warning("job %s did not stop within %.0f s of cancel; stopping its process",
                        number, CANCEL_GRACE_S)
            self._process.kill()

    def _relay(self, message: tuple) -> None:
        try:
            self._received.emit(message)  # on the listener thread; queued to the UI thread
        except RuntimeError:  # the window was deleted: nobody is waiting
            log.debug("job message after its runner was deleted: %s", message[0])

    @Slot(object)
    def _on_received(self, message: tuple) -> None:
        if message[1] != self._number:
            return  # a job this runner gave up on (shut down)
        if message[0] == PROGRESS:
            self.progressed.emit(message[2])
            return
        assert message[0] == ENDED
        self._number = None
        outcome, payload = message[2], message[3]
        if outcome == FINISHED:
            self.finished.emit(payload)
        elif outcome == FAILED:
            self.failed.emit(describe_failure(payload))
        else:
            assert outcome == CANCELLED
            self.cancelled.emit()


class Reader(QObject):
    """Reads (counts, tables, a customer's profile) off the UI thread.

    Reads are not jobs: they need neither progress nor cancel, and they run while a job does
    (SQLite's WAL lets readers and one writer work at once; storage serialises migrations).
    Quick ones run on a small thread pool; heavy ones (`heavy=True`: pandas over every order)
    in the reads process, where they cannot hold up the UI thread. Each key keeps only its
    latest request's answer, so a page that asks again (a new search, another customer) never
    shows an older answer that arrived late; a heavy read superseded before its turn is dropped.
    """

    read_finished = Signal(str, object)  # key, result
    read_failed = Signal(str, str)  # key, message for the user
    _answered = Signal(str, int, bool, object)  # key, request number, ok, result or Failure

    def __init__(self, parent: QObject | None = None, *, threads: int = 2,
                 process: worker_process.WorkerProcess | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._process = process
        self._latest: dict[str, int] = {}
        self._answered.connect(self._on_answered)

    def read(self, key: str, function: Callable[..., Any], *args: Any,
             heavy: bool = False) -> None:
        number = self._latest.get(key, 0) + 1
        self._latest[key] = number
        if not heavy:
            self._pool.start(functools.partial(self._call, key, number, function, args))
            return
        if self._process is None:
            self._process = worker_process.shared("reads")
        self._process.submit(worker_process.CALL, functools.partial(function, *args),
                             functools.partial(self._on_process_message, key, number),
                             wanted=lambda: self._latest.get(key) == number)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Wait for the reads on threads (those in the process cannot touch this window)."""
        return self._pool.waitForDone(timeout_ms)

    def _call(self, key: str, number: int, function: Callable[..., Any], args: tuple) -> None:
        # On a pool thread: the signal reaches _on_answered on the UI thread through its queue.
        try:
            result, ok = function(*args), True
        except Exception as exc:
            result, ok = failure_of(exc), False
        self._answer(key, number, ok, result)

    def _on_process_message(self, key: str, number: int, message: tuple) -> None:
        # On the reads process's listener thread.
        _ended, _number, outcome, payload = message
        if outcome != CANCELLED:
            self._answer(key, number, outcome == FINISHED, payload)

    def _answer(self, key: str, number: int, ok: bool, result: object) -> None:
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
            self.read_failed.emit(key, describe_failure(result))
