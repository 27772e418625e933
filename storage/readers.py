"""Turn a file the shop owner has into a table of raw cells.

Handles delimited text (any common delimiter, encoding and BOM), Excel/OpenDocument workbooks,
and JSON lines, optionally compressed. Values stay raw here (text for CSV, typed cells for Excel);
storage.parsing turns them into numbers and times once the columns' meaning is known.
"""

from __future__ import annotations

import bz2
import csv
import io
import json
import lzma
import re
import zlib
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import numpy as np
import pandas as pd
import pyarrow as pa
import python_calamine
from pyarrow import csv as pacsv

from storage.errors import ImportProblem
from storage.progress import Progress

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", "::": "double colon",
              "whitespace": "runs of spaces"}
_SNIFF_LINES = 60
_DECOMPRESSORS = {".xz": lzma.LZMADecompressor, ".bz2": bz2.BZ2Decompressor,
                  ".gz": lambda: zlib.decompressobj(wbits=47)}  # 47: gzip or zlib header


@dataclass
class RawTable:
    """Cells as read. `source_rows` holds the row number a user sees for each row (header = 1)."""

    frame: pd.DataFrame
    source_rows: np.ndarray
    file_name: str
    info: dict = field(default_factory=dict)
    rejected: list[tuple[int, str, dict]] = field(default_factory=list)


def read_table(path: Path | str, *, sheet: str | None = None) -> RawTable:
    """Read a whole file at once (tests, previews); import uses `iter_read_table` for progress."""
    gen = iter_read_table(path, sheet=sheet)
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value


def iter_read_table(path: Path | str, *, sheet: str | None = None,
                    ) -> Generator[Progress, None, RawTable]:
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ImportProblem(name, "the file does not exist.", hint="Check the path and try again.")
    data = path.read_bytes()
    inner_name = name
    suffix = path.suffix.lower()
    if suffix in _DECOMPRESSORS:
        data = yield from _decompress(data, _DECOMPRESSORS[suffix](), name)
        inner_name = path.stem
    if not data.strip():
        raise ImportProblem(name, "the file is empty.",
                            hint="Export the data again from your shop system and import it.")
    kind = _sniff_kind(data, inner_name)
    if kind == "workbook":
        table = yield from _read_workbook(data, name, sheet)
    elif kind == "jsonl":
        table = yield from _read_json(data, name)
    else:
        table = yield from _read_delimited(data, name)
    if table.frame.empty and not table.rejected:
        raise ImportProblem(name, "the file has a header but no data rows.",
                            hint="Check that you exported the right period or sheet.")
    return table


def _decompress(data: bytes, decompressor, name: str) -> Generator[Progress, None, bytes]:
    """Unpack in pieces, so that a big compressed file stays cancellable."""
    step = 1 << 20
    parts = []
    try:
        for start in range(0, len(data), step):
            parts.append(decompressor.decompress(data[start:start + step]))
            yield Progress(min(start + step, len(data)), len(data), f"Unpacking {name}")
        if not getattr(decompressor, "eof", True):
            raise EOFError("the file ends before the compressed data does")
    except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:
        raise ImportProblem(name, f"the compressed file is damaged ({exc}).",
                            hint="Compress or download the file again.") from exc
    return b"".join(parts)


def _sniff_kind(data: bytes, name: str) -> str:
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "workbook"
    if Path(name).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        return "workbook"  # wrong magic: calamine will say it is damaged
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in data[:8192]:
        raise ImportProblem(name, "this is not a spreadsheet or text file (it holds binary data).",
                            hint="Import a CSV, Excel (.xlsx/.xls/.ods) or JSON-lines export.")
    if data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"["):
        return "jsonl"
    return "text"


# ---------------------------------------------------------------------------- text encodings


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding name)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                          (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: a Chinese shop's GB18030 or a western cp1252/latin-1 export. charset-normalizer
    # weighs how plausible the text is in each, which plain trial decoding cannot.
    best = charset_normalizer.from_bytes(
        data[:400_000], cp_isolation=["gb18030", "cp1252", "latin_1"]).best()
    encoding = best.encoding if best else "latin_1"
    encoding = {"latin_1": "latin-1"}.get(encoding, encoding)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


# ---------------------------------------------------------------------------- delimited text


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the sample lines into the most consistent number of fields."""
    lines = [ln for ln in lines if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", 0.0
    for delim in (",", ";", "\t", "|", "::", "whitespace"):
        counts = [len(_split(ln, delim)) for ln in lines]
        fields = max(set(counts), key=counts.count)
        if fields < 2:
            continue
        consistency = counts.count(fields) / len(counts)
        # Prefer consistent splits, then more fields; whitespace is the last resort because
        # free text contains spaces.
        score = consistency * 10 + min(fields, 50) / 50 - (1.0 if delim == "whitespace" else 0)
        if consistency >= 0.8 and score > best_score:
            best, best_score = delim, score
    return best


def _split(line: str, delim: str) -> list[str]:
    if delim == "whitespace":
        return line.split()
    if delim == "::":
        return line.split("::")
    return next(csv.reader([line], delimiter=delim), [])


def looks_like_header(first: list[str]) -> bool:
    """A header row is text, no cell of which reads as a number.

    A few cells may be empty (pandas writes an empty name over its index column) and names may
    repeat (the import then says which); empty names become 'column N'."""
    cells = [c.strip() for c in first]
    named = [c for c in cells if c]
    if not named or len(named) * 2 < len(cells):
        return False
    return not any(_is_number(c) for c in named)


def header_names(first: list[str]) -> list[str]:
    return [c.strip() or f"column {i + 1}" for i, c in enumerate(first)]


_NUMBER = re.compile(r"^[-+]?[\d.,\s]*\d[\d.,]*$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def _read_delimited(data: bytes, name: str) -> Generator[Progress, None, RawTable]:
    text, encoding = decode_text(data, name)
    # pyarrow reads UTF-8 only: re-encode anything else once, up front.
    data = data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else \
        text.encode("utf-8")
    sample = text[:400_000].splitlines()[:_SNIFF_LINES]
    del text
    delim = sniff_delimiter(sample)
    skip = _title_lines(sample, delim)
    first = next((_split(ln, delim) for ln in sample[skip:] if ln.strip()), [])
    has_header = looks_like_header(first)
    info = {"format": "text", "encoding": encoding, "delimiter": DELIMITERS[delim],
            "header": has_header, "lines_above_table": skip}
    if delim == "whitespace":
        yield Progress(0, 1, f"Reading {name}")
        frame, source_rows, rejected = _read_ragged(data.decode("utf-8"), None, has_header,
                                                    skip, name)
    else:
        if delim == "::":
            data = data.replace(b"::", b"\x1f")  # the CSV parsers need a one-character separator
        frame, source_rows, rejected = yield from _read_csv_arrow(
            data, "\x1f" if delim == "::" else delim, first, has_header, skip, name)
    frame.columns = [str(c).strip() for c in frame.columns]
    _reject_duplicate_headers(frame, name)
    info["rows"] = len(frame)
    return RawTable(frame, source_rows, name, info, rejected)


def _title_lines(sample: list[str], delim: str) -> int:
    """Lines above the table (a report title, an export date) that have fewer fields."""
    counts = [len(_split(ln, delim)) if ln.strip() else 0 for ln in sample]
    filled = [c for c in counts if c]
    if not filled:
        return 0
    width = max(set(filled), key=filled.count)
    return next((i for i, c in enumerate(counts) if c == width), 0)


def _read_csv_arrow(data: bytes, delim: str, first: list[str], has_header: bool, skip: int,
                    name: str,
                    ) -> Generator[Progress, None, tuple[pd.DataFrame, np.ndarray, list]]:
    """Stream the file through pyarrow's CSV reader, which is fast and multi-threaded.

    Files with irregular rows (or line breaks inside quoted cells) go through the csv module
    instead, which is slower but knows each row's line number for the rejected-rows report.
    """
    width = len(first)
    names = header_names(first) if has_header else [f"column {i + 1}" for i in range(width)]
    _reject_duplicate_headers(pd.DataFrame(columns=names), name)
    irregular: list[int] = []

    def on_invalid(_row) -> str:
        irregular.append(1)
        return "skip"

    total = data.count(b"\n") + 1
    body = data.rstrip()
    if b"\n\n" in body or b"\n\r\n" in body:
        # pyarrow skips blank lines, which would shift the row numbers users see.
        irregular.append(1)
    batches = []
    try:
        reader = pacsv.open_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names,
                                           skip_rows=skip + int(has_header), block_size=4 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delim, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in names}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
        done = 0
        for batch in ([] if irregular else reader):
            batches.append(batch)
            done += batch.num_rows
            yield Progress(min(done, total), total, f"Reading {name}: {done:,} rows")
    except pa.ArrowInvalid:
        irregular.append(1)
    if irregular:
        yield Progress(0, total, f"Reading {name} row by row (some rows are irregular)")
        return _read_ragged(data.decode("utf-8"), delim, has_header, skip, name)
    frame = pa.Table.from_batches(batches, schema=reader.schema).to_pandas()
    start = skip + (2 if has_header else 1)
    return frame, np.arange(start, start + len(frame), dtype=np.int64), []


def _read_ragged(text: str, sep: str | None, has_header: bool, skip: int, name: str):
    """Read row by row; rows with the wrong number of fields are kept aside with their line.

    A row that runs over several lines and still has the wrong number of fields is a quote
    that was never closed: it would swallow the rows after it, so the file is refused."""
    lines = io.StringIO(text, newline="")
    for _ in range(skip):
        lines.readline()
    reader = csv.reader(lines, delimiter=sep) if sep else (ln.split() for ln in lines)
    header: list[str] | None = None
    good, numbers, rejected = [], [], []
    line_no = skip + 1
    try:
        for row in reader:
            start, line_no = line_no, (skip + reader.line_num + 1 if sep else line_no + 1)
            if not row or not any(c.strip() for c in row):
                continue
            if header is None:
                header = header_names(row) if has_header else [f"column {i + 1}"
                                                               for i in range(len(row))]
                if has_header:
                    continue
            if len(row) != len(header):
                if line_no - start > 1:
                    raise ImportProblem(
                        name, "a quote (\") opened in this row is never closed, so the rows "
                        f"after it (lines {start}–{line_no - 1}) would be read as one cell.",
                        row=start, hint="Open the file in a text editor, fix the quote on that "
                                        "line, and import it again.")
                rejected.append((start, f"has {len(row)} fields where the header has "
                                        f"{len(header)}", {"fields": row}))
                continue
            good.append(row)
            numbers.append(start)
    except csv.Error as exc:
        raise ImportProblem(name, f"the text cannot be read as a table ({exc}).", row=line_no,
                            hint="Look for a stray quote (\") near that line.") from exc
    frame = pd.DataFrame(good, columns=header or [], dtype=str)
    return frame, np.asarray(numbers, dtype=np.int64), rejected


def _reject_duplicate_headers(frame: pd.DataFrame, name: str) -> None:
    seen = set()
    for col in frame.columns:
        if col in seen:
            raise ImportProblem(name, f"two columns are both called '{col}'.",
                                hint="Rename one of them in the file and import it again.")
        seen.add(col)


# ---------------------------------------------------------------------------- workbooks


def list_sheets(path: Path | str) -> list[str]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names


def _read_workbook(data: bytes, name: str, sheet: str | None,
                   ) -> Generator[Progress, None, RawTable]:
    yield Progress(0, 1, f"Opening {name}")
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise ImportProblem(name, f"there is no sheet called '{sheet}'.",
                                hint=f"The sheets are: {', '.join(names)}.")
        # Without skip_empty_area, list position + 1 is the row number Excel shows.
        sheets = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False)
                  for n in ([sheet] if sheet else names)}
    except ImportProblem:
        raise
    except Exception as exc:
        raise ImportProblem(
            name, f"the workbook is damaged or incomplete and cannot be read ({exc}).",
            hint="Open it in Excel or LibreOffice and save it again, or export the sheet as CSV."
        ) from exc
    filled = {n: [(i + 1, r) for i, r in enumerate(rows) if any(v not in ("", None) for v in r)]
              for n, rows in sheets.items()}
    chosen = next((n for n, rows in filled.items() if rows), None)
    if chosen is None:
        if sheet is not None:
            raise ImportProblem(name, f"the sheet '{sheet}' is empty.",
                                hint=f"Choose another sheet; the sheets are: {', '.join(names)}.")
        raise ImportProblem(name, "the workbook has no data on any sheet.",
                            hint="Check that you saved the data in this file.")
    yield Progress(1, 1, f"Read sheet '{chosen}' of {name}")
    numbered = filled[chosen]
    # Trim the empty columns to the left of and beyond the used range.
    width = max(len(r) for _n, r in numbered)
    used = [i for i in range(width)
            if any(i < len(r) and r[i] not in ("", None) for _n, r in numbered)]
    lo, hi = used[0], used[-1] + 1
    first = ["" if v is None else str(v) for v in numbered[0][1][lo:hi]]
    has_header = looks_like_header(first)
    body = numbered[1:] if has_header else numbered
    columns = header_names(first) if has_header else [f"column {i + 1}" for i in range(hi - lo)]
    frame = pd.DataFrame([r[lo:hi] for _n, r in body], columns=columns, dtype=object)
    frame = frame.replace({None: ""})
    _reject_duplicate_headers(frame, name)
    info = {"format": "workbook", "sheet": chosen, "sheets": names, "header": has_header,
            "rows": len(frame)}
    return RawTable(frame, np.asarray([n for n, _r in body], dtype=np.int64), name, info)


# ---------------------------------------------------------------------------- JSON


def _read_json(data: bytes, name: str) -> Generator[Progress, None, RawTable]:
    text, encoding = decode_text(data, name)
    yield Progress(0, 1, f"Reading {name}")
    records: list[dict] = []
    numbers: list[int] = []
    rejected: list[tuple[int, str, dict]] = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ImportProblem(name, f"the JSON is not valid (line {exc.lineno}: {exc.msg}).",
                                hint="Export the file again; JSON lines (one object per line) "
                                     "are also accepted.") from exc
        for i, item in enumerate(items, start=1):
            if isinstance(item, dict):
                records.append(item)
                numbers.append(i)
            else:
                rejected.append((i, "is not a JSON object", {"value": repr(item)[:500]}))
    else:
        for line_no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                rejected.append((line_no, f"is not valid JSON ({exc.msg})", {"line": line[:500]}))
                continue
            if not isinstance(item, dict):
                rejected.append((line_no, "is not a JSON object", {"line": line[:500]}))
                continue
            records.append(item)
            numbers.append(line_no)
    if not records:
        if _is_one_object(stripped):
            raise ImportProblem(name, "the file is one JSON object, not a list of records.",
                                hint="ShopSense reads JSON lines (one record per line) or an "
                                     "array of records; export the data in one of those forms.")
        raise ImportProblem(name, "no line of the file is a JSON object.",
                            hint="Import a JSON-lines file with one record per line.")
    # Flatten one level and keep every cell as it was: inferring dtypes would turn 18-digit ids
    # into floats and merge distinct customers.
    flat = [_flatten(record) for record in records]
    columns = list(dict.fromkeys(key for record in flat for key in record))
    frame = pd.DataFrame([[r.get(c, "") for c in columns] for r in flat], columns=columns,
                         dtype=object)
    info = {"format": "json", "encoding": encoding, "rows": len(frame)}
    yield Progress(1, 1, f"Read {len(frame):,} records from {name}")
    return RawTable(frame, np.asarray(numbers, dtype=np.int64), name, info, rejected)


def _is_one_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except json.JSONDecodeError:
        return False


def _flatten(record: dict) -> dict:
    flat = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                flat[f"{key}.{inner}"] = _json_cell(inner_value)
        else:
            flat[str(key)] = _json_cell(value)
    return flat


def _json_cell(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value
