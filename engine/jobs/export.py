"""Use case: export a report — customers likely to leave, or recommended products — as Excel,
CSV or PDF.

The file is written under a temporary name in the destination folder and renamed over the
destination only when complete, so a failure or a cancel leaves any existing file untouched
(and a half-written file never appears under the real name).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pandas as pd

from engine.churn.labels import NotEnoughHistory, as_day, shop_time
from engine.customers.rfm import rfm_table
from engine.jobs.churn import churn_job
from engine.jobs.results import ChurnResult, ExportResult
from engine.reports import FORMATS, KINDS, write_report
from engine.reports.common import ReportOptions, UnknownSegment, find_segment
from engine.reports.content import Report
from engine.reports.safety import Pseudonyms, pseudonym_key
from engine.reports.text import check_language, translate
from storage.database import create_db_engine
from storage.errors import ImportProblem
from storage.progress import Progress
from storage.queries import (
    customer_table,
    database_summary,
    model_runs,
    run_recommendations,
    sales_lines,
)

__all__ = ["FORMATS", "KINDS", "ExportProblem", "ExportResult", "export_job", "format_for"]

TOTAL = 1000
_READ, _SCORED, _BUILT = 60, 700, 740  # progress marks; writing takes the rest
_WHAT = {"xlsx": "Excel workbook", "csv": "CSV file", "pdf": "PDF"}


class ExportProblem(ImportProblem):
    """A report cannot be written, for a reason the user can fix. It has ImportProblem's shape
    (file, problem, hint), so the CLI exits 2 and the window shows the message as it is."""


def format_for(path: Path | str, fmt: str | None = None) -> str:
    """`fmt`, or the format the file name's extension asks for; the two must agree."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if fmt:
        if suffix in FORMATS and suffix != fmt:
            raise ExportProblem(str(path), f"the name ends in .{suffix} but the format asked "
                                           f"for is {fmt}.",
                                hint=f"Name the file ….{fmt}, or leave out --format.")
        return fmt
    if suffix not in FORMATS:
        raise ExportProblem(str(path), "cannot tell the format from the file name.",
                            hint="End the name with .xlsx, .csv or .pdf, or give --format.")
    return suffix


def export_job(db_path: Path | str, kind: str, fmt: str, out_path: Path | str, *,
               segment: str | None = None, top: int | None = None, anonymize: bool = False,
               language: str = "en", churn: ChurnResult | None = None,
               risk_from: float | None = None, risk_below: float | None = None,
               min_value_at_risk: float = 0.0,
               ) -> Generator[Progress, None, ExportResult]:
    """Build the `kind` report and write it to `out_path` as `fmt`.

    `segment` keeps the customers of one RFM segment; `top` is how many customers (churn) or
    products per customer (recommendations) to list; `churn` reuses churn scores already
    computed for this database (the window keeps them for the session). The churn report
    lists everyone at risk, or, given `risk_from`, `risk_below` and `min_value_at_risk`, those
    whose risk is in [risk_from, risk_below) and whose value at risk is at least the minimum:
    the customers the Churn page shows (engine.reports.churn.build_churn_report)."""
    started = time.perf_counter()
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(f"unknown report {kind!r} or format {fmt!r}")
    check_language(language)
    out = Path(out_path)
    try:
        chosen_segment = find_segment(segment) if segment else None
    except UnknownSegment as problem:
        raise ExportProblem("--segment", str(problem)) from None
    _check_destination(out)
    if not Path(db_path).is_file():
        raise ExportProblem(str(db_path), "there is no shop database here.",
                            hint="Import a file first (python main.py import FILE), or check "
                                 "the --db path.")
    yield Progress(0, TOTAL, "Reading the shop's data")
    data = _read(db_path, kind)
    options = ReportOptions(
        segment=chosen_segment, top=top, language=language,
        pseudonyms=(Pseudonyms(pseudonym_key(db_path), translate("Customer {code}", language))
                    if anonymize else None),
        data_from=data["summary"]["data_from"], data_to=data["summary"]["data_to"])
    yield Progress(_READ, TOTAL, "Building the report")
    if kind == "churn":
        if churn is None:
            churn = yield from _score_churn(db_path)
        from engine.reports.churn import build_churn_report

        report = build_churn_report(churn, data["customers"], options, risk_from=risk_from,
                                    risk_below=risk_below, min_value_at_risk=min_value_at_risk)
    else:
        report = _recommendations_report(data, options)
    yield Progress(_BUILT, TOTAL, f"Writing the {_WHAT[fmt]}")
    yield from _write_atomically(report, fmt, out)
    yield Progress(TOTAL, TOTAL, "Report saved")
    return ExportResult(out, kind, fmt, len(report.detail), report.customers, language,
                        anonymize, time.perf_counter() - started)


def _check_destination(out: Path) -> None:
    if out.is_dir():
        raise ExportProblem(str(out), "is a folder.", hint="Give a file name, e.g. report.xlsx.")
    if not out.parent.is_dir():
        raise ExportProblem(str(out), f"the folder {out.parent} does not exist.",
                            hint="Choose an existing folder, or create it first.")


def _read(db_path: Path | str, kind: str) -> dict[str, Any]:
    engine = create_db_engine(db_path)
    try:
        data: dict[str, Any] = {"summary": database_summary(engine),
                                "customers": customer_table(engine)}
        if kind == "recommendations":
            runs = model_runs(engine)
            active = runs[runs["is_active"] & (runs["status"] == "completed")]
            if active.empty:
                raise ExportProblem(str(db_path), "there are no recommendations to export yet.",
                                    hint="Train a model first: python main.py train itemknn")
            data["run"] = active.iloc[-1].to_dict()
            data["recommended"] = run_recommendations(engine, int(data["run"]["id"]))
            data["lines"] = sales_lines(engine)
    finally:
        engine.dispose()
    return data


def _score_churn(db_path: Path | str) -> Generator[Progress, None, ChurnResult]:
    steps = churn_job(db_path)
    try:
        while True:
            try:
                step = next(steps)
            except StopIteration as stop:
                return stop.value
            yield Progress(_READ + int((_SCORED - _READ) * step.fraction), TOTAL, step.message)
    except NotEnoughHistory as problem:
        raise ExportProblem(str(db_path), str(problem)) from None
    finally:
        steps.close()


def _recommendations_report(data: dict[str, Any], options: ReportOptions) -> Report:
    from engine.reports.recommendations import build_recommendations_report

    lines = data["lines"]
    bought = lines[lines["customer"].notna()]
    if bought.empty:
        rfm = pd.DataFrame({"segment": pd.Series(dtype=object),
                            "monetary": pd.Series(dtype=float)})
    else:
        # The day after the last one, so that the last day's orders count (as churn does).
        rfm = rfm_table(bought, as_day(shop_time(bought).max()) + pd.Timedelta(days=1))
    rfm.index = rfm.index.astype(str)
    return build_recommendations_report(data["run"], data["recommended"], data["customers"],
                                        rfm["segment"], rfm["monetary"], options)


def _write_atomically(report: Report, fmt: str, out: Path) -> Generator[Progress, None, None]:
    # Beside the destination (so the rename cannot cross disks), hidden, with the default
    # permissions a new file gets (mkstemp would make it readable by its owner only).
    temporary = out.with_name(f".{out.stem}-{secrets.token_hex(4)}.part{out.suffix}")
    try:
        temporary.open("xb").close()
    except OSError as problem:
        raise ExportProblem(str(out), f"cannot write in the folder {out.parent} "
                                      f"({problem.strerror}).",
                            hint="Choose a folder you can save files in.") from None
    try:
        for share in write_report(report, fmt, temporary):
            yield Progress(_BUILT + int((TOTAL - _BUILT) * 0.98 * share), TOTAL,
                           f"Writing the {_WHAT[fmt]}")
        try:
            os.replace(temporary, out)
        except PermissionError:
            raise ExportProblem(str(out), "cannot be replaced: it is open in another program "
                                          "or read-only.",
                                hint="Close it (in Excel, say) and export again, or choose "
                                     "another name.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
