"""One window per shop database: a second start hands over to the first, or says why it can't."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from gui.single_instance import SingleInstance, server_name
from tests.conftest import REPO

# Starts in other processes. A first start claims the database, says "ready", then either
# answers like a running window ("answer": prints the files it is sent, then quits) or never runs
# an event loop ("silent": a window that is frozen, or about to crash). A second start forwards
# its files and prints whether it was answered. (Not a thread of the test: forward() blocks
# holding the GIL, so this process's window could not answer.)
_FIRST_START = """
import sys
from PySide6.QtCore import QCoreApplication
from gui.single_instance import SingleInstance

app = QCoreApplication([])
instance = SingleInstance(sys.argv[1])
assert instance.claim()
instance.files_received.connect(lambda files: (print(*files, sep="\\n", flush=True), app.quit()))
print("ready", flush=True)
app.exec() if sys.argv[2] == "answer" else sys.stdin.read()
"""
_SECOND_START = """
import sys
from PySide6.QtCore import QCoreApplication
from gui.single_instance import SingleInstance

app = QCoreApplication([])
instance = SingleInstance(sys.argv[1])
assert not instance.claim()
print(instance.forward(sys.argv[2:], timeout_ms=5000))
"""


def _start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=REPO,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _first_start(db: Path, mode: str) -> subprocess.Popen:
    process = _start(_FIRST_START, str(db), mode)
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    return process


def _second_start(qtbot, first: SingleInstance, db: Path, files: list[Path]) -> list:
    """Start again on `db` with `files`; what `first` received. The start must say it was
    answered."""
    with qtbot.waitSignal(first.files_received, timeout=10_000) as received:
        second = _start(_SECOND_START, str(db), *map(str, files))
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=10_000)
    assert second.communicate()[0] == "True\n"
    return received.args[0]


@pytest.fixture
def instances() -> Iterator[list[SingleInstance]]:
    """Instances made by a test, released afterwards so their lock files go."""
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.release()


def _instance(made: list[SingleInstance], db: Path) -> SingleInstance:
    made.append(SingleInstance(db))
    return made[-1]


def _first_start(db: Path, mode: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", _FIRST_START, str(db), mode], cwd=REPO,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    return process


def test_a_second_start_on_the_same_database_reaches_the_first(qtbot, tmp_path, instances):
    db = tmp_path / "shop.sqlite3"
    first = _instance(instances, db)
    assert first.claim()
    # The same file, spelled another way, is the same shop.
    second = _instance(instances, tmp_path / "folder" / ".." / "shop.sqlite3")
    (tmp_path / "folder").mkdir()
    assert second.name == first.name
    assert not second.claim()

    sales = tmp_path / "sales.csv"
    assert _second_start(qtbot, first, db, [sales, tmp_path / "products.csv"]) == [
        sales, tmp_path / "products.csv"]


def test_a_start_on_another_database_runs_as_usual(tmp_path, instances):
    one = _instance(instances, tmp_path / "one" / "shop.sqlite3")
    other = _instance(instances, tmp_path / "other" / "shop.sqlite3")
    assert one.name != other.name
    assert one.claim() and other.claim()


def test_the_name_depends_on_the_user(tmp_path, monkeypatch):
    db = tmp_path / "shop.sqlite3"
    monkeypatch.setenv("LOGNAME", "ann")
    monkeypatch.setenv("USER", "ann")
    ann = server_name(db)
    monkeypatch.setenv("LOGNAME", "bob")
    monkeypatch.setenv("USER", "bob")
    assert server_name(db) != ann


def test_a_frozen_first_window_is_reported_and_a_crashed_one_is_replaced(
        qtbot, tmp_path, instances):
    db = tmp_path / "shop.sqlite3"
    frozen = _first_start(db, "silent")
    try:
        second = _instance(instances, db)
        assert not second.claim()
        assert not second.forward([], timeout_ms=300)
        assert "does not answer" in second.problem and str(db) in second.problem
    finally:
        frozen.send_signal(signal.SIGKILL)  # a crash: its lock file and socket stay behind
        frozen.wait()
    if sys.platform != "win32":  # a named pipe goes with its process; a socket file stays
        assert Path(QDir.tempPath(), second.name).exists()

    after_crash = _instance(instances, db)
    assert after_crash.claim()
    # ... and it really listens: a later start, with no files, reaches it.
    assert _second_start(qtbot, after_crash, db, []) == []


def test_starting_the_app_again_hands_its_files_to_the_open_window(qapp, tmp_path):
    from gui.app import run

    db = tmp_path / "shop.sqlite3"
    first = _first_start(db, "answer")
    sales = tmp_path / "sales.csv"
    try:
        assert run(["--db", str(db), str(sales)]) == 0
        out, _ = first.communicate(timeout=10)
    finally:
        first.kill()
    assert out.splitlines() == [str(sales)]
    assert first.returncode == 0
    assert {size.width() for size in qapp.windowIcon().availableSizes()} == {48, 128, 256}
