"""Reports a shop owner hands on: customers likely to leave, and products to recommend.

Building a report (engine.reports.churn, engine.reports.recommendations) turns engine results
into a format-free `Report`; the writers lay it out as Excel, CSV or PDF. Nothing here touches
the database: engine.jobs.export reads the data and writes the file.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from engine.reports.content import Report

FORMATS = ("xlsx", "csv", "pdf")
KINDS = ("churn", "recommendations")


def write_report(report: Report, fmt: str, path: Path) -> Generator[float, None, None]:
    """Write `report` as `fmt` to `path`, yielding the share done (each yield a cancel point).

    The writers are imported here, not above: the PDF one loads reportlab and matplotlib."""
    if fmt == "xlsx":
        from engine.reports.xlsx import write_xlsx as writer
    elif fmt == "csv":
        from engine.reports.csv_file import write_csv as writer
    elif fmt == "pdf":
        from engine.reports.pdf import write_pdf as writer
    else:
        raise ValueError(f"unknown report format {fmt!r}; use one of {FORMATS}")
    return writer(report, path)
