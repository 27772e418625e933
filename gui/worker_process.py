"""Engine work in a separate process, so the window's thread never waits for it.

A worker thread would share the interpreter's lock with the UI thread: pandas, SQLite and
importing torch hold it for hundreds of milliseconds at a time, and the window stalls. A
spawned process has a lock of its own. `WorkerProcess` keeps one such process warm and runs the
calls it is given one at a time, in order:

- a "job" is a callable returning one of the engine's Progress generators (HOUSE_STYLE §2): its
  Progress items come back (throttled; those with a detail always), then its outcome; cancel is
  checked at each yield;
- a "call" is a plain function call (a heavy read), which comes back with its result.

Everything travels pickled, so calls are `functools.partial`s of module-level functions with
plain arguments. Messages reach `on_message` on the listener thread; the Qt side
(gui.job_runner) hands them to the UI thread. The child's log records are sent back too and
written by the window's log handlers. This module imports no Qt, so the child starts light.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import multiprocessing
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

JOB, CALL = "job", "call"
# Messages back, as tuples: (PROGRESS, number, Progress), (ENDED, number, outcome, payload)
# with outcome FINISHED (payload: the result), FAILED (payload: Failure) or CANCELLED.
PROGRESS, ENDED = "progress", "ended"
FINISHED, FAILED, CANCELLED = "finished", "failed", "cancelled"
_LOG = "log"

_NO_JOB = -1


@dataclass(frozen=True)
class Failure:
    """Why a call failed: a problem the user can fix (its message, as it is), or a bug (the
    traceback, for the log)."""

    for_user: bool
    text: str


@dataclass(frozen=True)
class Named:
    """A call of a function named "module:function", for a job whose module the window
    should not import (churn scoring and reports load scikit-learn: seconds on the UI
    thread); only the worker process imports it."""

    function: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def __call__(self) -> Any:
        import importlib

        module, name = self.function.split(":")
        return getattr(importlib.import_module(module), name)(*self.args, **self.kwargs)


def named(function: str, *args: Any, **kwargs: Any) -> Named:
    return Named(function, args, kwargs)


@dataclass
class _Request:
    number: int
    kind: str
    call: Callable[[], Any]
    on_message: Callable[[tuple], None]
    wanted: Callable[[], bool]


class WorkerProcess:
    """One spawned process running the calls submitted to it, one at a time, in order.

    Thread-safe: submit and cancel from any thread. When the process dies (a crash, or `kill`
    after a cancel it did not honour in time), the call it was running ends as FAILED (or
    CANCELLED) and the next submit starts a fresh process.
    """

    def __init__(self, name: str, *, interval: float = 0.05, warm_up: tuple[str, ...] = (),
                 niceness: int = 0) -> None:
        self.name = name
        self._niceness = niceness
        self._interval = interval
        self._warm_up = warm_up
        self._context = multiprocessing.get_context("spawn")  # fork is unsafe beside Qt threads
        self._lock = threading.RLock()
        self._numbers = itertools.count(1)
        self._queue: deque[_Request] = deque()
        self._running: _Request | None = None
        self._idle = threading.Condition(self._lock)
        self._process: Any = None
        self._connection: Any = None
        self._cancelled: Any = None  # the number of the job to cancel, shared with the child
        self._cancelling: int = _NO_JOB  # the same, kept here: it outlives a killed child

    # ------------------------------------------------------------------ parent side API

    def submit(self, kind: str, call: Callable[[], Any], on_message: Callable[[tuple], None],
               wanted: Callable[[], bool] = lambda: True) -> int:
        """Queue `call`; `on_message` gets its messages on the listener thread. A queued call
        whose `wanted()` is False by its turn is dropped unrun (a read already superseded)."""
        with self._lock:
            number = next(self._numbers)
            self._queue.append(_Request(number, kind, call, on_message, wanted))
            self._send_next()
            return number

    def cancel(self, number: int) -> None:
        """Ask the job to stop at its next yield (or drop it, if it has not started)."""
        with self._lock:
            for request in list(self._queue):
                if request.number == number:
                    self._queue.remove(request)
                    self._deliver(request, (ENDED, number, CANCELLED, None))
                    return
            if self._running is not None and self._running.number == number:
                self._cancelling = self._cancelled.value = number

    def wait(self, number: int, timeout: float) -> bool:
        """Block until call `number` has ended (True) or `timeout` seconds passed (False)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._is_pending(number):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
            return True

    def kill(self) -> None:
        """Stop the process now (a job that did not honour Cancel in time). SQLite rolls back
        what the job had not committed, as after a power cut; the running call ends CANCELLED
        if it was being cancelled, else FAILED."""
        with self._lock:
            process = self._process
            if process is None:
                return
        process.kill()
        process.join(10)

    def warm(self) -> None:
        """Start the process (and its imports) ahead of the first call."""
        with self._lock:
            self._ensure_process()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the process to exit (when the application quits); kill it if it does not."""
        with self._lock:
            process, connection = self._process, self._connection
            self._queue.clear()
            if self._running is not None and self._cancelled is not None:
                self._cancelling = self._cancelled.value = self._running.number
        if process is None:
            return
        with contextlib.suppress(OSError, ValueError):
            connection.send(None)
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join(timeout)

    # ------------------------------------------------------------------ parent side internals

    def _is_pending(self, number: int) -> bool:
        return ((self._running is not None and self._running.number == number)
                or any(r.number == number for r in self._queue))

    def _ensure_process(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        parent_end, child_end = self._context.Pipe()
        self._cancelled = self._context.Value("q", _NO_JOB, lock=False)
        self._process = self._context.Process(
            target=serve, args=(child_end, self._cancelled, self._interval, self._warm_up,
                                logging.getLogger().getEffectiveLevel(), self._niceness),
            name=f"shopsense-{self.name}", daemon=True)
        self._process.start()
        child_end.close()
        self._connection = parent_end
        threading.Thread(target=self._listen, args=(self._process, parent_end),
                         name=f"shopsense-{self.name}-listener", daemon=True).start()
        log.info("started the %s process (pid %s)", self.name, self._process.pid)

    def _send_next(self) -> None:
        while self._running is None and self._queue:
            request = self._queue.popleft()
            if not request.wanted():
                continue
            self._running = request
            try:
                self._ensure_process()
                self._connection.send((request.number, request.kind, request.call))
            except Exception:  # no process, or a call that cannot be pickled: a bug, logged
                self._running = None
                self._deliver(request, (ENDED, request.number, FAILED,
                                        Failure(False, traceback.format_exc())))

    def _deliver(self, request: _Request, message: tuple) -> None:
        try:
            request.on_message(message)
        except Exception:  # a receiver that is gone must not stop the listener
            log.exception("could not deliver %s message for call %s", self.name, request.number)
        if message[0] == ENDED:
            self._idle.notify_all()

    def _listen(self, process: Any, connection: Any) -> None:
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                break
            if message[0] == _LOG:
                logging.getLogger(message[1]["name"]).handle(logging.makeLogRecord(message[1]))
                continue
            with self._lock:
                request = self._running
                if request is None or request.number != message[1]:
                    continue
                if message[0] == ENDED:
                    self._running = None
                self._deliver(request, message)
                if message[0] == ENDED:
                    self._send_next()
        self._on_process_gone(process)

    def _on_process_gone(self, process: Any) -> None:
        process.join(10)
        with self._lock:
            if self._process is process:
                self._process = None
            request = self._running
            if request is None:
                return
            self._running = None
            if self._cancelling == request.number:
                ended = (ENDED, request.number, CANCELLED, None)
            else:
                ended = (ENDED, request.number, FAILED, Failure(False, (
                    f"The {self.name} process stopped unexpectedly "
                    f"(exit code {process.exitcode}) while running {request.call!r}")))
            self._deliver(request, ended)
            self._send_next()


# ---------------------------------------------------------------------- child side


class _SendLogs(logging.Handler):
    """Hands the child's log records to the parent, which writes them to its log file."""

    def __init__(self, send: Callable[[tuple], None]) -> None:
        super().__init__()
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            fields = dict(record.__dict__)
            fields["msg"], fields["args"] = record.getMessage(), None
            if record.exc_info:
                fields["exc_text"] = logging.Formatter().formatException(record.exc_info)
            fields["exc_info"] = None
            self._send((_LOG, fields))
        except Exception:
            self.handleError(record)


def serve(connection: Any, cancelled: Any, interval: float, warm_up: tuple[str, ...],
          log_level: int, niceness: int = 0) -> None:
    """The child's loop: run each request and send back its messages, until told to stop."""
    import importlib
    import os

    if niceness and hasattr(os, "nice"):  # the window's process comes first for the CPU
        os.nice(niceness)

    lock = threading.Lock()  # torch or a log handler may send from another thread

    def send(message: tuple) -> None:
        with lock:
            connection.send(message)

    root = logging.getLogger()
    root.setLevel(log_level)
    root.addHandler(_SendLogs(send))
    for module in warm_up:
        importlib.import_module(module)
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return  # the window went away
        if request is None:
            return
        number, kind, call = request
        try:
            if kind == JOB:
                outcome, payload = _drive(call, number, cancelled, interval, send)
            else:
                outcome, payload = FINISHED, call()
        except Exception as exc:
            outcome, payload = FAILED, failure_of(exc)
        try:
            send((ENDED, number, outcome, payload))
        except Exception as exc:  # a result that cannot be pickled
            send((ENDED, number, FAILED, failure_of(exc)))


def _drive(make_job: Callable[[], Any], number: int, cancelled: Any, interval: float,
           send: Callable[[tuple], None]) -> tuple[str, Any]:
    job = make_job()
    last = float("-inf")
    outcome: tuple[str, Any] = (CANCELLED, None)
    try:
        while cancelled.value != number:
            progress = next(job)
            now = time.monotonic()
            if progress.detail is not None or now - last >= interval:
                last = now
                send((PROGRESS, number, progress))
    except StopIteration as stop:
        outcome = (FINISHED, stop.value)
    except Exception as exc:
        outcome = (FAILED, failure_of(exc))
    try:
        job.close()  # after a cancel or a failure: rolls back what was unsaved
    except Exception as exc:
        outcome = (FAILED, failure_of(exc))
    return outcome


def failure_of(exc: BaseException) -> Failure:
    from engine.jobs import user_problems

    if isinstance(exc, user_problems()):
        return Failure(True, str(exc))
    return Failure(False, "".join(traceback.format_exception(exc)))


# ---------------------------------------------------------------------- the window's two processes

_shared: dict[str, WorkerProcess] = {}
_shared_lock = threading.Lock()

# Long jobs yield the CPU to the window and to reads; charts are what the user waits for.
_NICENESS = {"jobs": 10, "reads": 5, "charts": 0}
# What each process imports before its first call, so that call does not wait for them.
_WARM_UP = {
    "jobs": ("pandas", "sqlalchemy", "engine.jobs.importing", "engine.jobs.churn"),
    "reads": ("pandas", "sqlalchemy", "engine.jobs.customers"),
    "charts": ("matplotlib.figure", "matplotlib.backends.backend_agg", "gui.chart_rendering"),
}


def shared(name: str) -> WorkerProcess:
    """The application's process for `name` ("jobs": one long job at a time; "reads": heavy
    reads, which must not wait behind a job; "charts": drawing charts, which must not wait
    behind a read), created on first use and stopped at exit."""
    with _shared_lock:
        if not _shared:
            atexit.register(stop_shared)
        if name not in _shared:
            _shared[name] = WorkerProcess(name, warm_up=_WARM_UP.get(name, ()),
                                          niceness=_NICENESS.get(name, 0))
        return _shared[name]


def stop_shared() -> None:
    with _shared_lock:
        processes = list(_shared.values())
        _shared.clear()
    for process in processes:
        process.stop()
