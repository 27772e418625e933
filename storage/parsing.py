"""Turn raw cells into typed columns: identifiers, text, money and quantities, times.

Every parser is vectorised over a whole column and returns the parsed values together with a mask
of cells that were filled in but could not be read, so the importer can reject exactly those rows
and say why. Nothing here guesses silently where the data cannot tell (day/month order).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from storage.errors import AmbiguousDates

_SAMPLE = 2_000


def distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(codes, distinct values): shop files repeat the same dates, prices and ids over and over,
    so every parser works on the distinct values and expands the result by code (-1 = empty)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, pd.Series(np.asarray(uniques, dtype=object))


def expand(codes: np.ndarray, parsed: pd.Series | np.ndarray, index: pd.Index,
           missing=np.nan) -> pd.Series:
    values = np.asarray(parsed)
    out = values[codes] if len(values) else np.full(len(codes), missing, dtype=object)
    if (codes < 0).any():
        out = out.copy() if out.dtype != object else out
        if out.dtype.kind == "M":
            out[codes < 0] = np.datetime64("NaT")
        elif out.dtype.kind == "b":
            out = out.astype(object)
            out[codes < 0] = missing
        else:
            out[codes < 0] = missing
    return pd.Series(out, index=index)


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text; typed cells (Excel numbers) rendered without a spurious '.0'."""
    if values.dtype == object:
        values = values.map(_cell_text)
    return values.astype(str).str.strip()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _categorical(codes: np.ndarray, cleaned: pd.Series, index: pd.Index) -> pd.Series:
    """Rows as a categorical of the cleaned distinct values (cleaning can merge values)."""
    cleaned = cleaned.where(cleaned != "", None)
    merged_codes, categories = pd.factorize(cleaned.to_numpy(dtype=object), use_na_sentinel=True)
    row_codes = np.where(codes >= 0, merged_codes[np.maximum(codes, 0)], -1)
    categories = pd.Index(np.asarray(categories, dtype=object), dtype=object)
    return pd.Series(pd.Categorical.from_codes(row_codes, categories), index=index)


def clean_text(values: pd.Series) -> pd.Series:
    """Stripped text with empty cells as missing, as a categorical."""
    codes, uniques = distinct(values)
    return _categorical(codes, _as_text(uniques), values.index)


def clean_ids(values: pd.Series) -> pd.Series:
    """Identifiers as text; '17850.0' (a float artefact of spreadsheets and pandas) → '17850',
    and Excel's protective apostrophe ('560029) is dropped."""
    codes, uniques = distinct(values)
    text = _as_text(uniques).str.replace(r"^(\d+)\.0+$", r"\1", regex=True) \
        .str.replace(r"^'", "", regex=True)
    return _categorical(codes, text, values.index)


# ---------------------------------------------------------------------------- numbers

_CURRENCY = re.compile(
    r"[£$€¥￥₹₩₽₺₫฿]|\b(?:USD|EUR|GBP|CNY|RMB|INR|JPY|AUD|CAD|CHF|HKD|SGD|Rs\.?)\b|元|圆", re.I)
_SPACES = re.compile(r"[\s\u00a0\u202f']")


@dataclass(frozen=True)
class ParsedNumbers:
    values: pd.Series  # float64, NaN where missing or unreadable
    bad: pd.Series  # bool: a cell was filled in but is not a (plausible) number
    decimal_comma: bool


# No shop sells a line worth more than this; bigger numbers are typos or overflowing formulas.
PLAUSIBLE_LIMIT = 1e12


def parse_numbers(values: pd.Series, *, decimal_comma: bool | None = None) -> ParsedNumbers:
    """Numbers written as shops write them: '£1,299.00', '1.299,00 €', '(12.50)', '12,5'."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype("float64")
        return ParsedNumbers(numbers, pd.Series(False, index=values.index), False)
    codes, uniques = distinct(values)
    parsed = _parse_distinct_numbers(uniques, decimal_comma)
    numbers = parsed.values.to_numpy(dtype="float64", copy=True)
    implausible = ~np.isnan(numbers) & ~(np.abs(numbers) <= PLAUSIBLE_LIMIT)
    numbers[implausible] = np.nan
    return ParsedNumbers(expand(codes, numbers, values.index).astype("float64"),
                         expand(codes, parsed.bad.to_numpy() | implausible, values.index,
                                False).astype(bool),
                         parsed.decimal_comma)


def _parse_distinct_numbers(values: pd.Series, decimal_comma: bool | None) -> ParsedNumbers:
    if values.dtype != object and pd.api.types.is_numeric_dtype(values):
        numbers = values.astype("float64")
        return ParsedNumbers(numbers, pd.Series(False, index=values.index), False)
    typed = values.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    text = _as_text(values)
    empty = text == ""
    numbers = pd.to_numeric(text.where(~empty, None), errors="coerce")
    unread = numbers.isna() & ~empty
    if unread.any() or decimal_comma:
        if decimal_comma is None:
            decimal_comma = _uses_decimal_comma(text[unread])
        cleaned = text.str.replace(_CURRENCY, "", regex=True).str.replace(_SPACES, "", regex=True)
        # Accounting style: (12.50) or 12.50- are negative.
        negative = cleaned.str.match(r"^\(.*\)$") | cleaned.str.match(r"^[^-].*-$")
        cleaned = cleaned.str.strip("()").str.replace(r"-$", "", regex=True)
        if decimal_comma:
            cleaned = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        else:
            cleaned = cleaned.str.replace(",", "", regex=False)
        reparsed = pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce")
        reparsed = reparsed.where(~negative, -reparsed)
        # With a decimal comma '1.299' means 1299, so every cell takes the re-read value;
        # otherwise cells that already parsed keep theirs.
        numbers = reparsed if decimal_comma else numbers.where(~unread, reparsed)
        if typed.any():
            numbers = numbers.where(~typed, values.where(typed).astype("float64"))
    numbers = numbers.astype("float64")
    bad = numbers.isna() & ~empty
    return ParsedNumbers(numbers, bad, bool(decimal_comma))


def _uses_decimal_comma(texts: pd.Series) -> bool:
    """Decide from the values themselves: the separator written last before 1–2 digits."""
    sample = texts.drop_duplicates().head(_SAMPLE).str.replace(_CURRENCY, "", regex=True) \
        .str.replace(_SPACES, "", regex=True)
    comma_last = sample.str.contains(r",\d{1,2}$|,\d+$") & ~sample.str.contains(r",\d{3}$")
    dot_then_comma = sample.str.contains(r"\.\d{3},")
    comma_then_dot = sample.str.contains(r",\d{3}\.")
    return bool((comma_last | dot_then_comma).sum() > comma_then_dot.sum())


# ---------------------------------------------------------------------------- times

_ZONE = re.compile(r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})$", re.I)
_ZONED = re.compile(r"\d:\d\d.*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$", re.I)  # a zone after a clock time
_DMY = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})\b")
_TIME_SUFFIXES = ("", " %H:%M", " %H:%M:%S", " %H:%M:%S.%f", "T%H:%M", "T%H:%M:%S",
                  "T%H:%M:%S.%f", " %I:%M %p", " %I:%M:%S %p", " %I:%M%p")
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_LAST_SERIAL = 2_958_466  # 9999-12-31; larger numbers are Unix timestamps


@dataclass(frozen=True)
class ParsedTimes:
    utc: pd.Series  # datetime64, naive, in UTC; NaT where missing or unreadable
    offset_minutes: pd.Series  # float: the source's UTC offset, NaN where the source named none
    bad: pd.Series  # bool: filled in but not a time
    format: str


def parse_times(values: pd.Series, *, column: str, file: str, dayfirst: bool | None = None,
                timezone: str | None = None) -> ParsedTimes:
    """Times in any common shop format, to UTC.

    Naive times are read in `timezone` when one is given (the offset is then known and kept);
    otherwise they are kept as written, with no offset recorded.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        codes, uniques = distinct(values.astype("datetime64[us]"))
        uniques = pd.Series(pd.to_datetime(uniques), dtype="datetime64[us]")
    else:
        codes, uniques = distinct(values)
    parsed = _parse_distinct_times(uniques, column=column, file=file, dayfirst=dayfirst,
                                   timezone=timezone)
    index = values.index
    utc = expand(codes, parsed.utc.to_numpy(dtype="datetime64[us]"), index)
    return ParsedTimes(utc.astype("datetime64[us]"),
                       expand(codes, parsed.offset_minutes.to_numpy(), index).astype("float64"),
                       expand(codes, parsed.bad.to_numpy(), index, False).astype(bool),
                       parsed.format)


def _parse_distinct_times(values: pd.Series, *, column: str, file: str, dayfirst: bool | None,
                          timezone: str | None) -> ParsedTimes:
    index = values.index
    filled = _as_text(values) != ""
    typed = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    if values.dtype == object:
        # Excel cells arrive as datetime objects or as serial day numbers.
        is_time = values.map(lambda v: isinstance(v, dt.datetime | dt.date))
        is_serial = values.map(_is_excel_serial)
        if is_time.any():
            typed = typed.fillna(pd.to_datetime(values.where(is_time), errors="coerce")
                                 .astype("datetime64[us]").dt.round("ms"))
        if is_serial.any():
            # Excel stores times as fractions of a day: round to the millisecond, as Excel does.
            ms = (values.where(is_serial).astype("float64") * 86_400_000).round()
            typed = typed.fillna((_EXCEL_EPOCH + pd.to_timedelta(ms, unit="ms"))
                                 .astype("datetime64[us]"))
        values = values.where(~(is_time | is_serial), "")
    elif pd.api.types.is_datetime64_any_dtype(values):
        typed = values.astype("datetime64[us]")
        values = pd.Series("", index=index)
    text = _as_text(values)
    empty = text == ""
    offsets = pd.Series(np.nan, index=index)
    fmt = "spreadsheet dates" if typed.notna().any() else ""
    local = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    if (~empty).any():
        zoned = text.str.contains(_ZONED)
        if zoned.any():
            offsets = text.where(zoned).str.extract(_ZONE, expand=False) \
                .map(_offset_minutes, na_action="ignore").astype("float64")
            text = text.where(~zoned, text.str.replace(_ZONE, "", regex=True))
        fmt, local = _parse_text_times(text.where(~empty, None), column=column, file=file,
                                       dayfirst=dayfirst)
    local = local.astype("datetime64[us]").fillna(typed)
    if offsets.notna().any():
        utc = local - pd.to_timedelta(offsets.fillna(0), unit="m")
        if timezone:
            utc, offsets = _localize(local, timezone, utc.where(offsets.notna()), offsets)
    elif timezone:
        utc, offsets = _localize(local, timezone, None, offsets)
    else:
        utc = local
    bad = utc.isna() & filled
    return ParsedTimes(utc.astype("datetime64[us]"), offsets, bad, fmt)


def _is_excel_serial(value) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and 0 < value < _EXCEL_LAST_SERIAL)


def _parse_text_times(text: pd.Series, *, column: str, file: str, dayfirst: bool | None,
                      ) -> tuple[str, pd.Series]:
    """Parse with the best-fitting format, then let the other fitting formats fill the gaps
    (one column often mixes '2011-01-02 10:00' and '2011-01-03')."""
    uniques = pd.Series(text.dropna().unique())
    formats = _ranked_formats(uniques, column=column, file=file, dayfirst=dayfirst)
    local = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    remaining = text.notna()
    for fmt in [*formats, "ISO8601"]:
        if not remaining.any():
            break
        parsed = _apply_format(text.where(remaining, None), fmt).astype("datetime64[us]")
        local = local.fillna(parsed)
        remaining &= parsed.isna()
    return (formats[0] if formats else "ISO8601"), local


def _offset_minutes(zone: str) -> float:
    zone = zone.strip().upper()
    if zone in ("Z", "UTC", "GMT"):
        return 0.0
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:]))


def _localize(local: pd.Series, timezone: str, utc_known: pd.Series | None,
              offsets: pd.Series) -> tuple[pd.Series, pd.Series]:
    # The repeated autumn hour takes its first (summer-time) reading; a spring time that never
    # existed on the clock moves forward to the first time that did.
    aware = local.dt.tz_localize(timezone, ambiguous=np.ones(len(local), dtype=bool),
                                 nonexistent="shift_forward")
    utc = aware.dt.tz_convert("UTC").dt.tz_localize(None)
    zone_offsets = (aware.dt.tz_localize(None) - utc).dt.total_seconds() / 60
    if utc_known is not None:  # values that named their own zone keep it
        utc = utc_known.fillna(utc)
        zone_offsets = offsets.fillna(zone_offsets)
    return utc, zone_offsets


def _apply_format(text: pd.Series, fmt: str) -> pd.Series:
    if fmt == "unix seconds":
        return pd.to_datetime(pd.to_numeric(text, errors="coerce"), unit="s", errors="coerce")
    if fmt == "unix milliseconds":
        return pd.to_datetime(pd.to_numeric(text, errors="coerce"), unit="ms", errors="coerce")
    if fmt == "excel serial":
        serial = pd.to_numeric(text, errors="coerce")
        return _EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    parsed = pd.to_datetime(text, format=fmt, errors="coerce")
    if getattr(parsed.dt, "tz", None) is not None:  # ISO8601 may bring its own zone
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed


def _probe(sample: pd.Series) -> str:
    """The value that shows the column's format: the first one with a digit ('n/a' has none)."""
    return next((v for v in sample if any(ch.isdigit() for ch in v)), sample.iloc[0])


def _candidate_formats(sample: pd.Series, dayfirst: bool | None) -> list[str]:
    first = _probe(sample)
    if re.fullmatch(r"\d{8}", first):
        return ["%Y%m%d"]
    if re.fullmatch(r"\d{14}", first):
        return ["%Y%m%d%H%M%S"]
    if re.fullmatch(r"\d{9,10}", first):
        return ["unix seconds"]
    if re.fullmatch(r"\d{12,13}", first):
        return ["unix milliseconds"]
    if re.fullmatch(r"\d{5}(\.\d+)?", first):
        return ["excel serial"]
    dates: list[str] = []
    if re.match(r"^\d{4}[-/.]", first):
        dates = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
    elif re.match(r"^\d{4}年", first):
        return [f"%Y年%m月%d日{t}" for t in ("", " %H:%M", " %H:%M:%S", "%H时%M分", " %H时%M分")]
    elif _DMY.match(first):
        sep = _DMY.match(first).group(2)
        year = "%Y" if len(_DMY.match(first).group(4)) == 4 else "%y"
        order = [True, False] if dayfirst is None else [dayfirst]
        for day_first in order:
            dates.append(f"%d{sep}%m{sep}{year}" if day_first else f"%m{sep}%d{sep}{year}")
    else:
        dates = ["%d-%b-%Y", "%d %b %Y", "%d-%b-%y", "%b %d, %Y", "%d %B %Y", "%B %d, %Y",
                 "%a, %d %b %Y", "%a %b %d %Y"]
    return [d + t for d in dates for t in _TIME_SUFFIXES]


def _ranked_formats(uniques: pd.Series, *, column: str, file: str, dayfirst: bool | None,
                    ) -> list[str]:
    """Candidate formats that read some of the values, the best first."""
    if uniques.empty:
        return []
    sample = uniques.head(_SAMPLE)
    match = _DMY.match(_probe(sample))
    if match and dayfirst is None:
        dayfirst = _day_month_order(uniques, match.group(2), column=column, file=file)
    scored = [(int(_apply_format(sample, fmt).notna().sum()), -rank, fmt)
              for rank, fmt in enumerate(_candidate_formats(sample, dayfirst))]
    return [fmt for count, _rank, fmt in sorted(scored, reverse=True) if count > 0]


def _day_month_order(uniques: pd.Series, separator: str, *, column: str, file: str) -> bool:
    """True for day-first. Decided by the data; raises when the data cannot tell."""
    if separator == ".":
        return True  # no locale writes month.day.year
    parts = uniques.str.extract(_DMY)
    first, second = parts[0].astype(float), parts[2].astype(float)
    if first.max() > 12:
        return True
    if second.max() > 12:
        return False
    raise AmbiguousDates(
        file,
        f"every date (e.g. '{uniques.iloc[0]}') reads both as day/month/year and as "
        "month/day/year, so ShopSense cannot tell which your shop system wrote.",
        column=column,
        hint="Choose one: --dayfirst (31/12 style) or --monthfirst (12/31 style).")
