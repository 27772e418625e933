"""All of a file or none of it: cancelling, failing, and a killed process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storage.database import create_db_engine
from storage.importer import import_file
from tests.conftest import REPO, data_file, run_job

TABLES = ("imports", "customers", "products", "orders", "order_lines", "events", "rejected_rows")


def counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_cancel_while_saving_writes_nothing(db_path):
    """Closing the job at a yield in the middle of the inserts rolls everything back."""
    engine = create_db_engine(db_path)
    run_job(import_file(engine, data_file("exports", "shopify_orders_export_1.csv")))
    before = counts(db_path)
    job = import_file(engine, data_file("clickstream-rees46", "2019-Oct_first17434.csv"))
    messages = []
    for progress in job:
        messages.append(progress.message)
        if progress.message.startswith("Saving") or progress.message.startswith("Saved"):
            break
    job.close()
    engine.dispose()
    assert any(m.startswith(("Saving", "Saved")) for m in messages)
    assert counts(db_path) == before


def test_progress_is_reported_throughout(engine):
    """Each yield is a cancel point: a long import yields many times, with sane fractions."""
    progress = list(_progress(import_file(engine, data_file("ml-100k", "u.data"))))
    assert len(progress) >= 8
    assert all(0.0 <= p.fraction <= 1.0 for p in progress)
    assert progress[-1].message.startswith("Saving")


def _progress(job):
    while True:
        try:
            yield next(job)
        except StopIteration:
            return


_KILL_SCRIPT = textwrap.dedent("""
    import sys
    from storage.database import create_db_engine
    from storage.importer import import_file
    engine = create_db_engine(sys.argv[1])
    for progress in import_file(engine, sys.argv[2]):
        print(progress.message, flush=True)
""")


@pytest.mark.slow
def test_sigkill_in_the_middle_of_an_import_leaves_file_wholly_absent(tmp_path):
    source = data_file("online-retail", "online_retail.csv")
    db_path = tmp_path / "shop.sqlite3"
    create_db_engine(db_path).dispose()
    child = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(db_path), str(source)],
                             cwd=REPO, stdout=subprocess.PIPE, text=True)
    seen = []
    assert child.stdout is not None
    for line in child.stdout:
        seen.append(line)
        if line.startswith("Saved 100,000"):  # well inside the one transaction
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, seen[-3:]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert counts(db_path) == dict.fromkeys(TABLES, 0)
    # The database still works: the same file imports completely afterwards.
    engine = create_db_engine(db_path)
    result = run_job(import_file(engine, source))
    engine.dispose()
    assert result.rows_imported == 536_641
    assert counts(db_path)["order_lines"] == 536_641
