"""`python main.py export …` as a user (or a scheduler) runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import openpyxl
import pandas as pd
from pypdf import PdfReader

from engine.cli import EXIT_BAD_INPUT, EXIT_OK, main
from tests.conftest import REPO


def export(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_recommendations_workbook_from_the_command_line(small_shop, tmp_path):
    out = tmp_path / "recs.xlsx"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    run = subprocess.run([sys.executable, str(REPO / "main.py"), "export", "recommendations",
                          "--out", str(out), "--db", str(small_shop)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == EXIT_OK, run.stderr
    assert "4,000 rows for 400 customers (xlsx" in run.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Recommendations"]
    assert book["Recommendations"].max_row == 4001


def test_churn_workbook_scores_the_shop(small_shop, small_shop_churn, capsys, tmp_path):
    code, out, err = export(capsys, "churn", "--out", str(tmp_path / "churn.xlsx"), "--db",
                            str(small_shop), "--segment", "Lost")
    assert code == EXIT_OK, err
    lost = small_shop_churn.at_risk["segment"].eq("Lost").sum()  # same seeds, same scores
    assert f"{lost:,} rows for {lost:,} customers" in out
    book = openpyxl.load_workbook(tmp_path / "churn.xlsx")
    assert book.sheetnames == ["Summary", "Customers at risk"]
    sheet = book["Customers at risk"]
    assert sheet.max_row == lost + 1 and {c.value for c in sheet["E"][1:]} == {"Lost"}


def test_format_from_option_top_and_language(small_shop, capsys, tmp_path):
    code, out, err = export(capsys, "recommendations", "--format", "csv", "--out",
                            str(tmp_path / "recs.csv"), "--top", "2", "--db", str(small_shop),
                            "--language", "zh_CN")
    assert code == EXIT_OK, err
    frame = pd.read_csv(tmp_path / "recs.csv", encoding="utf-8-sig", dtype=str)
    assert list(frame.columns[:4]) == ["客户", "姓名", "电子邮件", "客户分群"]
    assert len(frame) == 2 * frame["客户"].nunique() == 800
    assert "800 rows for 400 customers" in out
    assert frame["推荐理由"].str.contains("[\u4e00-\u9fff]", regex=True).all()

    code, _, err = export(capsys, "recommendations", "--out", str(tmp_path / "recs.pdf"),
                          "--db", str(small_shop), "--language", "zh_CN", "--anonymize")
    assert code == EXIT_OK, err
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "recs.pdf").pages)
    assert "推荐商品" in text and "客户编号、姓名和电子邮件已替换为化名" in text
    assert "@example.com" not in text and "客户 " in text


def test_user_problems_exit_2_with_a_plain_message(small_shop, capsys, tmp_path):
    existing = tmp_path / "churn.csv"
    existing.write_text("yesterday's list")
    code, _, err = export(capsys, "churn", "--out", str(existing), "--segment", "VIPs",
                          "--db", str(small_shop))
    assert code == EXIT_BAD_INPUT
    assert "no customer segment called 'VIPs'" in err and "At Risk, Can't Lose Them" in err
    assert existing.read_text() == "yesterday's list"

    code, _, err = export(capsys, "churn", "--out", str(tmp_path / "missing" / "c.csv"),
                          "--db", str(small_shop))
    assert code == EXIT_BAD_INPUT and f"the folder {tmp_path / 'missing'} does not exist" in err

    code, _, err = export(capsys, "churn", "--out", str(tmp_path / "c.txt"), "--db",
                          str(small_shop))
    assert code == EXIT_BAD_INPUT and "End the name with .xlsx, .csv or .pdf" in err

    code, _, err = export(capsys, "churn", "--out", str(tmp_path / "c.csv"), "--format", "pdf",
                          "--db", str(small_shop))
    assert code == EXIT_BAD_INPUT and "ends in .csv" in err

    nowhere = tmp_path / "nowhere.sqlite3"
    code, _, err = export(capsys, "churn", "--out", str(tmp_path / "c.csv"), "--db", str(nowhere))
    assert code == EXIT_BAD_INPUT and "no shop database" in err and not nowhere.exists()


def test_recommendations_need_a_trained_model(small_shop_untrained, capsys, tmp_path):
    code, _, err = export(capsys, "recommendations", "--out", str(tmp_path / "r.xlsx"), "--db",
                          str(small_shop_untrained))
    assert code == EXIT_BAD_INPUT
    assert "Train a model first: python main.py train itemknn" in err
    assert not (tmp_path / "r.xlsx").exists()
