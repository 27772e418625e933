"""CSV: the detail list only, UTF-8 with a byte-order mark so that Excel reads Chinese text."""

from __future__ import annotations

import csv
from collections.abc import Generator
from pathlib import Path

from engine.reports.content import Report
from engine.reports.safety import neutralise
from engine.reports.values import as_text

CHUNK = 5000  # rows between progress reports (and cancel points)


def write_csv(report: Report, path: Path) -> Generator[float, None, None]:
    """Write `report.detail` to `path`, yielding the share done."""
    kinds = [column.kind for column in report.columns]
    rows = report.detail[[column.key for column in report.columns]].itertuples(index=False)
    total = max(len(report.detail), 1)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([neutralise(title) for title in report.header()])
        for number, row in enumerate(rows, start=1):
            writer.writerow([neutralise(as_text(value, kind)) if kind == "text"
                             else as_text(value, kind) for value, kind in zip(row, kinds,
                                                                              strict=True)])
            if number % CHUNK == 0:
                yield number / total
    yield 1.0
