"""`main.py auto`, as a scheduler runs it: the chain on real data, and its exit codes."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from engine.cli import main
from engine.logs import log_file
from tests.conftest import REPO, data_file


def test_import_train_churn_and_reports_in_one_run(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("engine.jobs.export", reason="the reports job (issue #5 part 1)")
    sample = data_file("online-retail", "online_retail_sample_40k.xlsx")
    db = tmp_path / "shop.sqlite3"
    reports = tmp_path / "reports" / "{date}"  # the folder is made, named after today

    code = main(["auto", "--db", str(db), "--import", str(sample), "--train", "popularity",
                 "--churn", "--export", f"churn:{reports / 'churn.xlsx'}",
                 "--export", f"recommendations:{reports / 'recommendations.csv'}"])

    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    steps = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    assert steps[:-1] == ["import", "train", "churn", "export", "export"]
    assert steps[-1].startswith("done in")
    assert "39,972 of 40,000 rows imported" in lines[1]  # 28 exact repeats in the sample
    at_risk = int(lines[5].split(" of ")[0].replace(",", ""))
    assert 0 < at_risk < 3_621

    def written(line: str) -> int:
        return int(line.split(" rows written")[0].replace(",", ""))

    folder = next((tmp_path / "reports").iterdir())
    workbook = openpyxl.load_workbook(folder / "churn.xlsx", read_only=True)
    assert len(workbook.sheetnames) >= 2  # a summary, and the customers
    assert written(lines[7]) in [sheet.max_row - 1 for sheet in workbook.worksheets]
    with (folder / "recommendations.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert len(rows) - 1 == written(lines[9]) > 0
    assert "auto done" in log_file().read_text(encoding="utf-8")


def test_a_bad_file_stops_the_run_with_exit_2(tmp_path, capsys):
    empty = tmp_path / "sales.csv"
    empty.write_text("")
    code = main(["auto", "--db", str(tmp_path / "shop.sqlite3"), "--import", str(empty),
                 "--churn"])
    captured = capsys.readouterr()
    assert code == 2
    assert "error: import:" in captured.err and "sales.csv" in captured.err
    assert "churn:" not in captured.out  # nothing after the failing step runs


def test_too_little_data_is_exit_2_with_what_is_needed(tmp_path, capsys):
    orders = data_file("exports", "shopify_orders_export_1.csv")  # 2 customers, one day
    db = tmp_path / "shop.sqlite3"
    code = main(["auto", "--db", str(db), "--import", str(orders), "--train", "popularity"])
    captured = capsys.readouterr()
    assert code == 2
    assert "121 of 121 rows imported" in captured.out  # the import before it stays
    assert "error: train:" in captured.err and "at least" in captured.err
    assert "stopped at train (exit code 2)" in captured.out


def test_no_database_and_nothing_to_import_is_exit_2(tmp_path, capsys):
    db = tmp_path / "missing.sqlite3"
    assert main(["auto", "--db", str(db), "--churn"]) == 2
    assert "no shop database here" in capsys.readouterr().err
    assert not db.exists()


def test_a_damaged_database_is_exit_1_with_the_details_in_the_log(tmp_path, capsys):
    db = tmp_path / "shop.sqlite3"
    db.write_bytes(b"not a database " * 100)
    assert main(["auto", "--db", str(db), "--churn"]) == 1
    assert f"details are in {log_file()}" in capsys.readouterr().err
    assert "file is not a database" in log_file().read_text(encoding="utf-8")


def test_export_names_are_checked_before_anything_runs(tmp_path, capsys):
    db = tmp_path / "shop.sqlite3"
    with pytest.raises(SystemExit) as exit_:
        main(["auto", "--db", str(db), "--import", "x.csv", "--export", "churn:report.doc"])
    assert exit_.value.code == 2
    assert ".xlsx, .csv or .pdf" in capsys.readouterr().err
    assert not db.exists()


def test_a_scheduler_stopping_the_run_gets_130_and_an_unchanged_database(tmp_path):
    sample = data_file("online-retail", "online_retail_sample_40k.xlsx")
    db = tmp_path / "shop.sqlite3"
    run = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "auto", "--db", str(db), "--import",
         str(sample)], cwd=REPO, env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert run.stdout is not None
    assert run.stdout.readline() == f"import: {sample.name}\n"  # the import has begun
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "error: import: interrupted" in err
    # Stopped before the database was set up, or in the import's transaction: no sales either way.
    with sqlite3.connect(db) as connection:
        tables = {name for (name,) in connection.execute("select name from sqlite_master")}
        assert "order_lines" not in tables or connection.execute(
            "select count(*) from order_lines").fetchone() == (0,)
