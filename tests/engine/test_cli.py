"""The headless commands, run as a user runs them: `python main.py …` in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, data_file


def shopsense(*args: str, data_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_import_json_reports_what_happened(tmp_path):
    db = tmp_path / "shop.sqlite3"
    run = shopsense("import", str(data_file("exports", "shopify_orders_export_1.csv")),
                    "--db", str(db), "--json", data_home=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    for key in ("rows_read", "rows_imported", "rows_rejected", "duplicates", "returns",
                "customers", "products", "orders", "events", "seconds"):
        assert key in report
    assert report["rows_read"] == report["rows_imported"] == 121
    assert report["orders"] == 51
    assert report["files"][0]["preset"] == "shopify_orders"

    info = shopsense("info", "--db", str(db), "--json", data_home=tmp_path)
    assert info.returncode == 0, info.stderr
    summary = json.loads(info.stdout)
    assert summary["counts"]["order_lines"] == 121
    assert summary["data_from"] == summary["data_to"] == "2025-12-06"


def test_several_files_of_one_shop_in_one_command(tmp_path):
    db = tmp_path / "shop.sqlite3"
    run = shopsense("import", str(data_file("ml-100k", "u.data")),
                    str(data_file("ml-100k", "u.item")), str(data_file("ml-100k", "u.user")),
                    "--db", str(db), "--json", data_home=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert [f["preset"] for f in report["files"]] == [
        "movielens_ratings", "movielens_items", "movielens_users"]
    assert report["events"] == 100_000


def test_bad_input_exits_2_with_a_specific_message(tmp_path):
    empty = tmp_path / "sales.csv"
    empty.write_text("")
    run = shopsense("import", str(empty), "--db", str(tmp_path / "shop.sqlite3"),
                    data_home=tmp_path)
    assert run.returncode == 2
    assert "sales.csv" in run.stderr and "empty" in run.stderr
    assert "Traceback" not in run.stderr


def test_ambiguous_dates_require_a_choice(tmp_path):
    sales = tmp_path / "till.csv"
    sales.write_text("customer,date,amount\nA,01/02/2024,10\nB,03/04/2024,12\nA,05/06/2024,9\n")
    db = str(tmp_path / "shop.sqlite3")
    refused = shopsense("import", str(sales), "--db", db, data_home=tmp_path)
    assert refused.returncode == 2
    assert "--dayfirst" in refused.stderr and "'date'" in refused.stderr
    accepted = shopsense("import", str(sales), "--db", db, "--dayfirst", "--json",
                         data_home=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    info = json.loads(shopsense("info", "--db", db, "--json", data_home=tmp_path).stdout)
    assert info["data_from"] == "2024-02-01" and info["data_to"] == "2024-06-05"


def test_map_overrides_the_guess(tmp_path):
    sales = tmp_path / "sheet.csv"
    sales.write_text("Kunde,Wann,Summe\nK1,2024-03-01,10.5\nK2,2024-03-02,7\n")
    db = str(tmp_path / "shop.sqlite3")
    refused = shopsense("import", str(sales), "--db", db, data_home=tmp_path)
    assert refused.returncode == 2 and "--map" in refused.stderr
    run = shopsense("import", str(sales), "--db", db, "--map", "customer=Kunde",
                    "--map", "date=Wann", "--map", "amount=Summe", "--json", data_home=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["rows_imported"] == 2 and report["customers"] == 2
    assert report["files"][0]["mapping"] == {"customer": "Kunde", "date": "Wann",
                                             "amount": "Summe"}


def test_imports_list_and_undo(tmp_path):
    db = str(tmp_path / "shop.sqlite3")
    shopsense("import", str(data_file("exports", "shopify_orders_export_1.csv")), "--db", db,
              data_home=tmp_path)
    listing = json.loads(shopsense("imports", "--db", db, "--json", data_home=tmp_path).stdout)
    assert len(listing) == 1 and listing[0]["rows_imported"] == 121
    undo = shopsense("undo", str(listing[0]["id"]), "--db", db, "--json", data_home=tmp_path)
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout)["order_lines"] == 121
    info = json.loads(shopsense("info", "--db", db, "--json", data_home=tmp_path).stdout)
    assert all(count == 0 for count in info["counts"].values())
    missing = shopsense("undo", "99", "--db", db, data_home=tmp_path)
    assert missing.returncode == 2 and "no import 99" in missing.stderr


def test_rejected_rows_are_listed_with_row_column_and_reason(tmp_path):
    sales = tmp_path / "till.csv"
    sales.write_text("customer,date,amount\nA,2024-03-01,10\nB,not a day,12\nA,2024-03-05,9\n"
                     "C,2024-03-06,1O\n")
    db = str(tmp_path / "shop.sqlite3")
    run = shopsense("import", str(sales), "--db", db, data_home=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "rejected row 3: 'not a day' is not a date" in run.stdout
    listing = shopsense("rejected", "1", "--db", db, "--json", data_home=tmp_path)
    rows = json.loads(listing.stdout)
    assert [(r["row_number"], r["column"]) for r in rows] == [(3, "date"), (5, "amount")]
    assert "'1O' is not a number" in rows[1]["reason"]
    assert json.loads(rows[1]["raw"])["amount"] == "1O"


def test_read_commands_never_create_a_database(tmp_path):
    missing = tmp_path / "typo.sqlite3"
    for command in (["info"], ["imports"], ["rejected", "1"], ["undo", "1"]):
        run = shopsense(*command, "--db", str(missing), data_home=tmp_path)
        assert run.returncode == 2 and "no shop database here" in run.stderr
    assert not missing.exists()


def test_rejected_rows_of_an_unknown_import(tmp_path):
    db = str(tmp_path / "shop.sqlite3")
    shopsense("import", str(data_file("exports", "shopify_orders_export_1.csv")), "--db", db,
              data_home=tmp_path)
    run = shopsense("rejected", "99", "--db", db, data_home=tmp_path)
    assert run.returncode == 2 and "no import 99" in run.stderr


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> tuple[Path, Path]:
    """The demo shop (UCI Online Retail), built once through the CLI for these tests."""
    home = tmp_path_factory.mktemp("home")
    db = home / "demo.sqlite3"
    run = shopsense("demo", "--db", str(db), "--json", data_home=home)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["rows_read"] == 541_909
    assert report["customers"] == 4_372 and report["orders"] == 25_900
    return db, home


def test_demo_shop_builds_once_from_the_shipped_data(demo_db):
    db, home = demo_db
    again = json.loads(shopsense("demo", "--db", str(db), "--json", data_home=home).stdout)
    assert again["files"][0]["already_imported"] is True


def test_profile_command(demo_db):
    db, home = demo_db
    run = shopsense("profile", "--customer", "12347", "--db", str(db), "--json", data_home=home)
    assert run.returncode == 0, run.stderr
    profile = json.loads(run.stdout)
    assert profile["customer"] == "12347" and profile["orders"] == 7
    assert profile["segment"] in {"Champions", "Loyal"}
    text = shopsense("profile", "--customer", "12347", "--db", str(db), data_home=home)
    assert "Customer 12347" in text.stdout
    unknown = shopsense("profile", "--customer", "1234", "--db", str(db), data_home=home)
    assert unknown.returncode == 2 and "no customer '1234'" in unknown.stderr


def test_clv_command(demo_db):
    db, home = demo_db
    run = shopsense("clv", "--db", str(db), "--horizon", "180", "--json", data_home=home)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert set(report["params"]) == {"r", "alpha", "a", "b", "p", "q", "v"}
    assert report["horizon_days"] == 180 and report["customers"] > 4_000
    bad = shopsense("clv", "--db", str(db), "--horizon", "-3", data_home=home)
    assert bad.returncode == 2 and "positive number of days" in bad.stderr


def test_churn_command(demo_db):
    db, home = demo_db
    run = shopsense("churn", "--db", str(db), "--cutoff", "2011-09-09", "--horizon", "90",
                    "--json", data_home=home)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["cutoff"] == "2011-09-09" and report["horizon_days"] == 90
    assert set(report["models"]) == {"recency", "bgnbd", "logreg", "gbm", "neural"}
    for metrics in report["models"].values():
        assert {"roc_auc", "pr_auc", "brier"} <= set(metrics)
    chosen = report["models"][report["chosen"]]["roc_auc"]
    assert chosen > report["models"]["recency"]["roc_auc"]
    assert chosen > report["models"]["bgnbd"]["roc_auc"]
    first = report["at_risk"][0]
    assert {"customer", "risk", "value", "reasons"} <= set(first) and first["reasons"]
    too_late = shopsense("churn", "--db", str(db), "--cutoff", "2011-12-01", "--horizon", "90",
                         data_home=home)
    assert too_late.returncode == 2, too_late.stderr


def test_train_and_recommend_commands(demo_db):
    db, home = demo_db
    run = shopsense("train", "itemknn", "--db", str(db), "--json", data_home=home)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["model"] == "itemknn" and report["fit_seconds"] > 0 and report["device"]
    for key in ("precision@10", "recall@20", "ndcg@10", "coverage"):
        assert 0 <= report["metrics"][key] <= 1
    top = json.loads(shopsense("recommend", "--customer", "12347", "--n", "5", "--db", str(db),
                               "--json", data_home=home).stdout)
    assert [item["rank"] for item in top] == [1, 2, 3, 4, 5]
    assert all(item["reason"] for item in top)
    unknown = shopsense("recommend", "--customer", "nobody", "--db", str(db), data_home=home)
    assert unknown.returncode == 2 and "no recommendations" in unknown.stderr
    no_gpu = shopsense("train", "svdpp", "--device", "cuda", "--db", str(db), data_home=home)
    if no_gpu.returncode != 0:  # machines without CUDA get a plain message, not a traceback
        assert no_gpu.returncode == 2 and "Traceback" not in no_gpu.stderr
