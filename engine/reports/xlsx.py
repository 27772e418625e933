"""Excel: a Summary sheet (key figures, how it was computed, charts) and the detail list.

Written with XlsxWriter, one typed call per cell: text is always a string cell (never parsed as
a formula, number or link) and is neutralised as well, so it stays inert even when someone
saves the sheet again as CSV; numbers and dates are real numbers and dates with formats.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from engine.reports.content import Chart, Report
from engine.reports.safety import neutralise
from engine.reports.text import translate
from engine.reports.values import as_datetime, is_missing

CHUNK = 2000  # rows between progress reports (and cancel points)
NUMBER_FORMATS = {"integer": "#,##0", "decimal": "0.000", "money": "#,##0.00",
                  "percent": "0.0%", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}
_BLUE = "#2E6DA4"
_CHART_ROWS = 17  # rows one chart covers (288 px at 20 px per row, and a gap)


def write_xlsx(report: Report, path: Path) -> Generator[float, None, None]:
    """Write `report` to `path`, yielding the share done."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
    try:
        formats = _formats(book)
        book.set_properties({"title": report.title, "subject": report.subtitle,
                             "author": "ShopSense", "created": report.created.replace(
                                 tzinfo=None)})
        _summary(book, report, formats)
        yield 0.05
        yield from _detail(book, report, formats)
    finally:
        book.close()
    yield 1.0


def _formats(book: Workbook) -> dict:
    formats = {kind: book.add_format({"num_format": code})
               for kind, code in NUMBER_FORMATS.items()}
    formats.update(
        text=book.add_format({}),
        title=book.add_format({"bold": True, "font_size": 16, "font_color": _BLUE}),
        subtitle=book.add_format({"italic": True, "font_color": "#555555"}),
        section=book.add_format({"bold": True, "font_size": 12, "font_color": _BLUE}),
        header=book.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1,
                                "text_wrap": True, "valign": "top"}),
        label=book.add_format({"font_color": "#333333"}),
        paragraph=book.add_format({"text_wrap": True, "valign": "top"}),
    )
    for kind in NUMBER_FORMATS:  # key figures: left-aligned, bold values
        formats[f"figure_{kind}"] = book.add_format({"num_format": NUMBER_FORMATS[kind],
                                                     "bold": True, "align": "left"})
    formats["figure_text"] = book.add_format({"bold": True, "align": "left"})
    return formats


def write_cell(sheet: Worksheet, row: int, col: int, value: object, kind: str,
               cell_format=None) -> None:
    """One typed cell: numbers and dates as such, everything else as inert text."""
    if is_missing(value):
        sheet.write_blank(row, col, None, cell_format)
    elif kind in ("date", "datetime"):
        sheet.write_datetime(row, col, as_datetime(value), cell_format)
    elif kind == "text":
        sheet.write_string(row, col, neutralise(str(value)), cell_format)
    else:
        sheet.write_number(row, col, float(value), cell_format)


def _summary(book: Workbook, report: Report, formats: dict) -> None:
    sheet = book.add_worksheet(translate("Summary", report.language))
    sheet.hide_gridlines(2)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 3)
    write_cell(sheet, 0, 0, report.title, "text", formats["title"])
    write_cell(sheet, 1, 0, report.subtitle, "text", formats["subtitle"])
    row = 2
    for line in _dated_lines(report):
        write_cell(sheet, row, 0, line, "text", formats["subtitle"])
        row += 1
    row += 1
    write_cell(sheet, row, 0, translate("Key figures", report.language), "text",
               formats["section"])
    row += 1
    for figure in report.figures:
        write_cell(sheet, row, 0, figure.label, "text", formats["label"])
        write_cell(sheet, row, 1, figure.value, figure.kind, formats[f"figure_{figure.kind}"])
        row += 1
    row += 1
    write_cell(sheet, row, 0, translate("How it was computed", report.language), "text",
               formats["section"])
    row += 1
    for paragraph in report.method:
        sheet.merge_range(row, 0, row, 1, "", formats["paragraph"])
        write_cell(sheet, row, 0, paragraph, "text", formats["paragraph"])
        # Merged cells do not grow to fit their text; about 62 narrow characters fit a line
        # (a Chinese character is two wide).
        wide = sum(2 if ord(ch) >= 0x2E80 else 1 for ch in paragraph)
        sheet.set_row(row, 15 * max(1, math.ceil(wide / 62)))
        row += 1
    _charts(book, sheet, report, formats)


def _dated_lines(report: Report) -> list[str]:
    lines = [translate("Created {date}", report.language,
                       date=f"{report.created:%Y-%m-%d %H:%M}")]
    if report.data_from:
        lines.append(translate("Data from {start} to {end}", report.language,
                               start=report.data_from, end=report.data_to))
    return lines + report.notes


def _charts(book: Workbook, sheet: Worksheet, report: Report, formats: dict) -> None:
    """Each chart beside the key figures, its numbers in a small table further right (a chart
    in Excel needs its data in cells)."""
    data_col = 12
    sheet.set_column(data_col, data_col, 30)
    sheet.set_column(data_col + 1, data_col + 1, 14)
    write_cell(sheet, 0, data_col, translate("Chart data", report.language), "text",
               formats["section"])
    data_row, top = 2, 2
    for chart in report.charts:
        if not chart.labels:
            continue
        write_cell(sheet, data_row, data_col, chart.title, "text", formats["header"])
        write_cell(sheet, data_row, data_col + 1, chart.value_title, "text", formats["header"])
        first = data_row + 1
        for offset, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
            write_cell(sheet, first + offset, data_col, label, "text")
            write_cell(sheet, first + offset, data_col + 1, value, chart.kind,
                       formats[chart.kind])
        last = first + len(chart.labels) - 1
        sheet.insert_chart(top, 3, _bar_chart(book, sheet.name, chart, first, last, data_col),
                           {"x_scale": 1.25, "y_scale": 1.0})
        data_row = last + 3
        top += _CHART_ROWS


def _bar_chart(book: Workbook, sheet_name: str, chart: Chart, first: int, last: int,
               data_col: int):
    bar = book.add_chart({"type": "bar"})
    bar.add_series({
        "name": chart.value_title,
        "categories": [sheet_name, first, data_col, last, data_col],
        "values": [sheet_name, first, data_col + 1, last, data_col + 1],
        "fill": {"color": _BLUE}, "border": {"none": True},
        "data_labels": {"value": True, "num_format": NUMBER_FORMATS[chart.kind]},
    })
    bar.set_title({"name": chart.title, "name_font": {"size": 12}})
    bar.set_legend({"none": True})
    bar.set_y_axis({"reverse": True})  # the first (largest) bar on top, as in the table
    bar.set_x_axis({"num_format": NUMBER_FORMATS[chart.kind], "major_gridlines": {
        "visible": True, "line": {"color": "#DDDDDD"}}})
    return bar


def _detail(book: Workbook, report: Report, formats: dict) -> Generator[float, None, None]:
    sheet = book.add_worksheet(report.detail_sheet)
    for col, column in enumerate(report.columns):
        cell_format = formats[column.kind] if column.kind in NUMBER_FORMATS else None
        sheet.set_column(col, col, column.width, cell_format)
        write_cell(sheet, 0, col, column.title, "text", formats["header"])
    sheet.freeze_panes(1, 0)
    rows = len(report.detail)
    sheet.autofilter(0, 0, max(rows, 1), len(report.columns) - 1)
    kinds = [(column.kind, formats.get(column.kind)) for column in report.columns]
    frame = report.detail[[column.key for column in report.columns]]
    for number, values in enumerate(frame.itertuples(index=False), start=1):
        for col, (value, (kind, cell_format)) in enumerate(zip(values, kinds, strict=True)):
            write_cell(sheet, number, col, value, kind, cell_format)
        if number % CHUNK == 0:
            yield 0.05 + 0.85 * number / rows
