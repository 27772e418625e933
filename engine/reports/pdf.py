"""PDF: a printable report. Title, date and data range, key figures, charts, the top of the
list, and how it was computed; A4 landscape (the list has long reasons and actions side by
side), set in a font with Chinese characters (engine.reports.fonts).
"""

from __future__ import annotations

import io
from collections.abc import Generator
from pathlib import Path
from xml.sax.saxutils import escape

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from engine.reports.content import Chart, Report
from engine.reports.fonts import report_font
from engine.reports.text import translate
from engine.reports.values import as_text

PAGE = landscape(A4)
MARGIN = 15 * mm
WIDTH = PAGE[0] - 2 * MARGIN
BLUE = colors.HexColor("#2E6DA4")
PALE = colors.HexColor("#F2F6FA")
_RIGHT_KINDS = ("integer", "decimal", "money", "percent")
# Numbers and dates get the room they need; text columns share the rest.
_FIXED_WIDTHS = {"integer": 11 * mm, "decimal": 14 * mm, "percent": 15 * mm, "money": 21 * mm,
                 "date": 20 * mm, "datetime": 27 * mm}


def write_pdf(report: Report, path: Path) -> Generator[float, None, None]:
    """Write `report` to `path`, yielding the share done."""
    font = report_font()
    styles = _styles(font.name)
    story = _heading(report, styles)
    yield 0.1
    story += _charts(report, FontProperties(fname=str(font.path)))
    yield 0.5
    story += _table(report, styles)
    story += _method(report, styles)
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm,
                            title=report.title, subject=report.subtitle, author="ShopSense",
                            creator="ShopSense")
    footer = _footer(report, font.name)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    yield 1.0


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=13)
    return {
        "base": base,
        "title": ParagraphStyle("title", base, fontSize=20, leading=25, textColor=BLUE),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14,
                                   textColor=colors.HexColor("#444444")),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#555555")),
        "section": ParagraphStyle("section", base, fontSize=13, leading=17, textColor=BLUE,
                                  spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=9.5),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=7.5, leading=9.5,
                                     alignment=TA_RIGHT),
        "header": ParagraphStyle("header", base, fontSize=7.5, leading=9.5,
                                 textColor=colors.white),
        "figure": ParagraphStyle("figure", base, fontSize=9, leading=12),
        "figure_value": ParagraphStyle("figure_value", base, fontSize=11, leading=14),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: customer names may hold < or &, which are markup here."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _heading(report: Report, styles: dict) -> list:
    language = report.language
    lines = [translate("Created {date}", language, date=f"{report.created:%Y-%m-%d %H:%M}")]
    if report.data_from:
        lines.append(translate("Data from {start} to {end}", language, start=report.data_from,
                               end=report.data_to))
    story = [_p(report.title, styles["title"]), _p(report.subtitle, styles["subtitle"]),
             Spacer(1, 2 * mm), _p("   ·   ".join(lines), styles["small"])]
    story += [_p(note, styles["small"]) for note in report.notes]
    if not report.figures:
        return story
    story += [Spacer(1, 3 * mm), _p(translate("Key figures", language), styles["section"])]
    cells = [[_p(f.label, styles["figure"]), _p(as_text(f.value, f.kind, table=True),
                                                 styles["figure_value"])]
             for f in report.figures]
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [["", ""]] * (2 * half - len(cells))
    rows = [a + b for a, b in zip(left, right, strict=True)]
    table = Table(rows, colWidths=[0.32 * WIDTH, 0.18 * WIDTH] * 2)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, -1), PALE),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.white),
        ("LINEBEFORE", (2, 0), (2, -1), 2, colors.white),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [*story, table]


def _chart_image(chart: Chart, font: FontProperties, width: float) -> Image:
    # Drawn at the size it is printed, so that its 8 pt labels print at 8 pt.
    width_in = width / inch
    height_in = 0.55 + 0.2 * max(len(chart.labels), 3)
    figure = Figure(figsize=(width_in, height_in), dpi=200)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(chart.labels))
    axes.barh(positions, chart.values, color="#2E6DA4", height=0.65)
    axes.set_yticks(list(positions), chart.labels, fontproperties=font, fontsize=8)
    axes.invert_yaxis()  # the first (largest) on top
    axes.set_title(chart.title, fontproperties=font, fontsize=10.5, loc="left", color="#2E6DA4")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=7.5)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    top = max(chart.values, default=0) or 1
    axes.set_xlim(0, top * 1.18)  # room for the value labels
    for y, value in zip(positions, chart.values, strict=True):
        axes.text(value + top * 0.01, y, as_text(value, chart.kind, table=True), va="center",
                  fontsize=7.5, fontproperties=font)
    figure.tight_layout(pad=0.4)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    return Image(buffer, width=width, height=height_in * inch)


def _charts(report: Report, font: FontProperties) -> list:
    """The charts side by side, half the page wide each."""
    half = (WIDTH - 8 * mm) / 2
    images = [_chart_image(chart, font, half) for chart in report.charts if chart.labels]
    rows = [images[i:i + 2] + [""] * (2 - len(images[i:i + 2]))
            for i in range(0, len(images), 2)]
    if not rows:
        return []
    table = Table(rows, colWidths=[half + 8 * mm, half])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 5 * mm), table]


def _widths(columns: list) -> list[float]:
    fixed = sum(_FIXED_WIDTHS.get(c.kind, 0) for c in columns)
    shares = sum(c.width for c in columns if c.kind not in _FIXED_WIDTHS) or 1
    return [_FIXED_WIDTHS.get(c.kind) or (WIDTH - fixed) * c.width / shares for c in columns]


def _table(report: Report, styles: dict) -> list:
    """The top of the list, as the report chose it for print."""
    columns = report.printable_columns
    if report.printable is None or report.printable.empty or not columns:
        return []
    rows = [[_p(c.title, styles["header"]) for c in columns]]
    for values in report.printable[[c.key for c in columns]].itertuples(index=False):
        rows.append([_p(as_text(v, c.kind, table=True),
                        styles["cell_right" if c.kind in _RIGHT_KINDS else "cell"])
                     for v, c in zip(values, columns, strict=True)])
    table = Table(rows, colWidths=_widths(columns), repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), BLUE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE]),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#CCCCCC")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    # Together, so the heading never stays alone at the bottom of the summary page.
    return [KeepTogether([_p(report.detail_sheet, styles["section"]),
                          _p(report.printable_note, styles["small"]), Spacer(1, 2 * mm),
                          table])]


def _method(report: Report, styles: dict) -> list:
    title = _p(translate("How it was computed", report.language), styles["section"])
    paragraphs = [_p(text, styles["base"]) for text in report.method]
    spaced = [item for p in paragraphs for item in (p, Spacer(1, 2 * mm))]
    return [Spacer(1, 4 * mm), KeepTogether([title, *spaced])]


def _footer(report: Report, font: str):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawString(MARGIN, MARGIN - 2 * mm, f"ShopSense · {report.title}")
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN - 2 * mm,
                               translate("Page {page}", report.language, page=doc.page))
        canvas.restoreState()
    return draw
