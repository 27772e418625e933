"""Shared helpers for the storage tests: running jobs, writing small files, snapshotting a db."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy import Engine, text

from storage.importer import ImportOptions, ImportResult, import_file
from tests.conftest import DATA_DIR as DATA
from tests.conftest import data_file, run_job

TABLES = ("imports", "customers", "products", "orders", "order_lines", "events",
          "rejected_rows")

__all__ = ["DATA", "TABLES", "data_file", "import_path", "make_xlsx", "run_job", "snapshot",
           "write"]


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    """Write `content` (text in `encoding`, or bytes as they are) to tmp_path/name."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def import_path(engine: Engine, path: Path, **options) -> ImportResult:
    return run_job(import_file(engine, path, ImportOptions(**options)))


def snapshot(engine: Engine) -> dict:
    """Row counts of every table, plus the whole `imports` table."""
    with engine.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}
        imports = [tuple(r) for r in conn.execute(text("SELECT * FROM imports ORDER BY id"))]
    return {"counts": counts, "imports": imports}


# ---------------------------------------------------------------------------- tiny workbooks

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    inline = f'<is><t xml:space="preserve">{escape(str(value))}</t></is>'
    return f'<c r="{ref}" t="inlineStr">{inline}</c>'


def make_xlsx(path: Path, sheets: dict[str, list[list | None]]) -> Path:
    """Write a minimal .xlsx (inline strings and numbers) with the given sheets in order.

    A row given as None is left out, so the sheet has a blank row there."""
    sheet_entries, rel_entries, overrides = [], [], []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for n, (name, rows) in enumerate(sheets.items(), start=1):
            xml_rows = []
            for r, row in enumerate(rows, start=1):
                if row is None:
                    continue
                cells = "".join(_cell(f"{_column_letter(c)}{r}", v) for c, v in enumerate(row))
                xml_rows.append(f'<row r="{r}">{cells}</row>')
            book.writestr(f"xl/worksheets/sheet{n}.xml",
                          f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'
                          f'<sheetData>{"".join(xml_rows)}</sheetData></worksheet>')
            sheet_entries.append(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>')
            rel_entries.append(f'<Relationship Id="rId{n}" Type="{_REL_NS}/worksheet" '
                               f'Target="worksheets/sheet{n}.xml"/>')
            overrides.append(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                             f'ContentType="{_CT}.worksheet+xml"/>')
        book.writestr("[Content_Types].xml",
                      '<?xml version="1.0" encoding="UTF-8"?>'
                      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                      'content-types">'
                      f'<Default Extension="rels" ContentType="application/'
                      f'vnd.openxmlformats-package.relationships+xml"/>'
                      '<Default Extension="xml" ContentType="application/xml"/>'
                      f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
                      f'{"".join(overrides)}</Types>')
        book.writestr("_rels/.rels",
                      f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_NS}">'
                      f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" '
                      'Target="xl/workbook.xml"/></Relationships>')
        book.writestr("xl/workbook.xml",
                      f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} '
                      f'xmlns:r="{_REL_NS}"><sheets>{"".join(sheet_entries)}</sheets></workbook>')
        book.writestr("xl/_rels/workbook.xml.rels",
                      f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_NS}">'
                      f'{"".join(rel_entries)}</Relationships>')
    return path
