"""Jobs run in a worker process: progress and outcome come back, Cancel works, a crash or a
stuck job is survived, and the window's thread keeps running whatever the job does."""

from __future__ import annotations

import functools
import itertools
import logging
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from engine.logs import log_file
from gui import job_runner
from gui.job_runner import JobRunner, Reader
from gui.worker_process import WorkerProcess
from tests.gui import sample_jobs

TIMEOUT_MS = 60_000


@pytest.fixture
def process():
    worker = WorkerProcess("test")
    yield worker
    worker.stop()


@pytest.fixture
def runner(process: WorkerProcess) -> JobRunner:
    return JobRunner(process=process)


def test_a_job_runs_in_another_process_and_reports_progress(qtbot, runner: JobRunner):
    seen = []
    runner.progressed.connect(lambda progress: seen.append(progress.message))
    runner._process._interval = 0  # every step, for the test
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS) as finished:
        assert runner.start(functools.partial(sample_jobs.counting, 5))
        assert runner.is_busy()
    assert finished.args[0]["steps"] == 5
    assert finished.args[0]["pid"] != os.getpid()
    assert seen == [f"step {n} of 5" for n in range(1, 6)]
    assert not runner.is_busy()


def test_a_second_job_is_refused_while_one_runs(qtbot, runner: JobRunner, tmp_path: Path):
    release = tmp_path / "release"
    assert runner.start(functools.partial(sample_jobs.waiting_for, release))
    assert not runner.start(functools.partial(sample_jobs.counting, 1))
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        release.touch()
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        assert runner.start(functools.partial(sample_jobs.counting, 1))


def test_a_problem_the_user_can_fix_is_shown_as_it_is(qtbot, runner: JobRunner):
    with qtbot.waitSignal(runner.failed, timeout=TIMEOUT_MS) as failed:
        runner.start(sample_jobs.bad_file)
    assert failed.args[0] == ("orders.csv, row 7, column 'Date': 'soon' is not a date. "
                              "Correct the cell and import the file again.")


def test_a_bug_is_reported_by_reference_to_the_log_with_its_traceback_there(
        qtbot, runner: JobRunner, caplog):
    with caplog.at_level(logging.ERROR), \
            qtbot.waitSignal(runner.failed, timeout=TIMEOUT_MS) as failed:
        runner.start(sample_jobs.broken)
    message = failed.args[0]
    assert message.startswith("ShopSense ran into an unexpected problem and stopped")
    assert "Please try again" in message and str(log_file()) in message
    assert "internal detail" not in message
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "RuntimeError: internal detail" in logged and "sample_jobs.py" in logged


def test_cancel_stops_the_job_and_closes_it(qtbot, runner: JobRunner, tmp_path: Path):
    closed = tmp_path / "closed"
    with qtbot.waitSignal(runner.progressed, timeout=TIMEOUT_MS):
        runner.start(functools.partial(sample_jobs.waiting_for, tmp_path / "never", closed))
    with qtbot.waitSignal(runner.cancelled, timeout=TIMEOUT_MS):
        runner.cancel()
    assert closed.read_text() == "closed"
    assert not runner.is_busy()


def test_a_crashed_process_fails_the_job_and_the_next_job_gets_a_fresh_one(
        qtbot, runner: JobRunner):
    with qtbot.waitSignal(runner.failed, timeout=TIMEOUT_MS) as failed:
        runner.start(sample_jobs.crashing)
    assert failed.args[0].startswith("ShopSense ran into an unexpected problem")
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS) as finished:
        runner.start(functools.partial(sample_jobs.counting, 2))
    assert finished.args[0]["steps"] == 2


def test_a_job_stuck_after_cancel_has_its_process_stopped(qtbot, runner: JobRunner,
                                                          tmp_path: Path, monkeypatch):
    monkeypatch.setattr(job_runner, "CANCEL_GRACE_S", 0.5)
    started = tmp_path / "started"
    runner.start(functools.partial(sample_jobs.stuck, started))
    qtbot.waitUntil(started.exists, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(runner.cancelled, timeout=TIMEOUT_MS):
        runner.cancel()
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        runner.start(functools.partial(sample_jobs.counting, 1))


def test_the_worker_logs_reach_the_window_log(qtbot, runner: JobRunner, caplog):
    with caplog.at_level(logging.INFO), \
            qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS) as finished:
        runner.start(functools.partial(sample_jobs.logging_job, "hello"))
    (record,) = [r for r in caplog.records if r.name == "tests.sample_jobs"]
    assert record.getMessage() == "from the worker: hello"
    assert record.process == finished.args[0]


def test_the_window_keeps_ticking_while_a_job_holds_the_interpreter_lock(
        qtbot, runner: JobRunner):
    # The same job on a thread of this process stops the timer for ~0.3 s at a time.
    with qtbot.waitSignal(runner.progressed, timeout=TIMEOUT_MS):  # the process is up
        runner.start(functools.partial(sample_jobs.waiting_for, Path("/nonexistent/x")))
    with qtbot.waitSignal(runner.cancelled, timeout=TIMEOUT_MS):
        runner.cancel()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        runner.start(functools.partial(sample_jobs.holding_the_lock, 1.0))
    timer.stop()
    longest_gap = max(b - a for a, b in itertools.pairwise(ticks))
    assert len(ticks) > 50
    assert longest_gap < 0.25


def test_heavy_reads_run_in_the_process_and_only_the_latest_answer_counts(qtbot, process):
    reader = Reader(process=process)
    answers = []
    reader.read_finished.connect(lambda key, result: answers.append((key, result)))
    reader.read("steps", os.getpid, heavy=True)
    reader.read("steps", functools.partial(sum, [1, 2, 3]), heavy=True)
    reader.read("other", os.getpid, heavy=True)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=TIMEOUT_MS)
    assert ("steps", 6) in answers
    assert [key for key, _ in answers].count("steps") == 1
    assert answers[-1][0] == "other" and answers[-1][1] != os.getpid()


def test_a_heavy_read_that_fails_says_why(qtbot, process):
    reader = Reader(process=process)
    with qtbot.waitSignal(reader.read_failed, timeout=TIMEOUT_MS) as failed:
        reader.read("bad", sample_jobs.run_bad_read, heavy=True)
    assert failed.args[0] == "bad"
    assert "is not a date" in failed.args[1]


def test_an_error_nobody_caught_is_logged_and_explained(qapp, monkeypatch, caplog):
    """gui.app installs report_unexpected as sys.excepthook: a bug in a slot must reach the
    log with its traceback and the user as a plain message, not vanish on stderr."""
    from PySide6.QtWidgets import QMessageBox

    from gui.app import report_unexpected

    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _parent, title, text: shown.append((title, text))))
    try:
        raise ValueError("internal detail")
    except ValueError as error:
        with caplog.at_level(logging.CRITICAL):
            report_unexpected(type(error), error, error.__traceback__)
    assert "ValueError: internal detail" in caplog.text  # the traceback, in the log
    (title, text), = shown
    assert title == "Something went wrong" and "internal detail" not in text
    assert "Please try again" in text
