"""What the import wizard shows before anything is written: the first rows, the preset and
column mapping ShopSense would use, and the choices the data leaves open (date order,
decimal separator)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from storage.errors import AmbiguousDates, ImportProblem
from storage.mapping import FIELDS, GENERIC, PRESETS, check_mapping, propose_mapping
from storage.normalize import NUMBER_FIELDS
from storage.parsing import parse_times
from storage.readers import list_sheets, read_table

PREVIEW_ROWS = 50


@dataclass(frozen=True)
class FilePreview:
    file: str
    columns: list[str]  # what a field may be mapped to
    first_rows: pd.DataFrame  # the first PREVIEW_ROWS rows, as text
    rows: int
    preset: str  # preset name, or "generic" when the columns were guessed
    preset_title: str
    kind: str | None  # orders, events, products, customers; None when it could not be told
    mapping: dict[str, str]  # field → column
    dates_ambiguous: bool
    decimal_ambiguous: bool
    sheets: list[str] = field(default_factory=list)
    problem: str | None = None  # why the file cannot be imported as it is mapped now


def preview_file(path: Path | str, *, sheet: str | None = None, preset: str | None = None,
                 mapping: dict[str, str] | None = None) -> FilePreview:
    """Read `path` as the importer would and say how it would be mapped. Raises ImportProblem
    only when the file cannot be read at all; a mapping problem is reported in `problem`."""
    path = Path(path)
    raw = read_table(path, sheet=sheet)
    sheets = list_sheets(path) if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb",
                                                          ".ods") else []
    first_rows = raw.frame.head(PREVIEW_ROWS).astype(str)
    frame, problem = raw.frame, None
    name, kind, columns = preset or GENERIC, None, dict(mapping or {})
    try:
        # What would be imported even when something is missing, so that the user sees all
        # of it (and the preset's derived columns) while putting it right.
        found, frame = propose_mapping(raw.frame, path.name, preset=preset, overrides=mapping)
        name, kind, columns = found.preset, found.kind, dict(found.columns)
        check_mapping(found, frame, path.name)
    except ImportProblem as exc:
        problem = str(exc)
    title = PRESETS[name].title if name in PRESETS else "your own columns"
    return FilePreview(
        path.name, [str(c) for c in frame.columns], first_rows, len(raw.frame), name, title,
        kind, columns, _dates_ambiguous(frame, columns, path.name),
        _decimal_ambiguous(frame, columns), sheets, problem)


def _dates_ambiguous(frame: pd.DataFrame, columns: dict[str, str], file: str) -> bool:
    column = columns.get("date")
    if column is None or column not in frame.columns:
        return False
    try:
        parse_times(frame[column], column=column, file=file)
    except AmbiguousDates:
        return True
    except ImportProblem:
        return False
    return False


def _decimal_ambiguous(frame: pd.DataFrame, columns: dict[str, str]) -> bool:
    """True when every number reads both ways: '1,250' is 1250 or 1.25 and nothing decides."""
    texts = [frame[c].dropna().astype(str).str.strip().drop_duplicates()
             for key, c in columns.items() if key in NUMBER_FIELDS and c in frame.columns]
    if not texts:
        return False
    values = pd.concat(texts)
    deciding = values.str.contains(r"[.,]\d{1,2}$|[.,]\d{4,}$|\d[.,]\d{3}[.,]", regex=True)
    open_both_ways = values.str.contains(r"^-?\d{1,3}[.,]\d{3}$", regex=True)
    return bool(open_both_ways.any() and not deciding.any())


__all__ = ["FIELDS", "FilePreview", "preview_file"]
