"""storage.parsing: ids, text, numbers as shops write them, and times in every common format."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from storage.errors import AmbiguousDates, ImportProblem
from storage.parsing import clean_ids, clean_text, parse_numbers, parse_times


def cells(*values) -> pd.Series:
    """A column as a reader hands it over: object dtype, raw cells."""
    return pd.Series(list(values), dtype=object)


def as_list(series: pd.Series) -> list:
    return [None if (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v
            for v in series.astype(object)]


def times(*values, **options):
    return parse_times(cells(*values), column="Sold on", file="sales.csv", **options)


def stamps(parsed) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in parsed.utc]


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("text", "value", "decimal_comma"), [
    ("£1,299.00", 1299.0, False),
    ("1.299,00 €", 1299.0, True),
    ("12,5", 12.5, True),
    ("(12.50)", -12.5, False),
    ("12.50-", -12.5, False),
    ("-3", -3.0, False),
    ("RMB 88", 88.0, False),
    ("¥1,200", 1200.0, False),
    ("￥88元", 88.0, False),
    ("₹1,299.00", 1299.0, False),
    ("INR 1299", 1299.0, False),
    ("$ 1 299.00", 1299.0, False),
    ("1 299,50", 1299.5, True),
    ("1,234,567.89", 1234567.89, False),
    ("1.234.567,89", 1234567.89, True),
    (" 42 ", 42.0, False),
])
def test_number_as_written(text, value, decimal_comma):
    parsed = parse_numbers(cells(text))
    assert parsed.values.tolist() == [pytest.approx(value)]
    assert parsed.bad.tolist() == [False]
    assert parsed.decimal_comma is decimal_comma


def test_empty_is_missing_and_text_is_bad():
    parsed = parse_numbers(cells("3.0", "abc", "", "4", None, "12.5%"))
    assert as_list(parsed.values) == [3.0, None, None, 4.0, None, None]
    assert parsed.bad.tolist() == [False, True, False, False, False, True]
    assert parsed.values.dtype == np.float64


def test_decimal_comma_is_decided_for_the_whole_column():
    # '1.299,00' alone could be anything; next to '12,50' the comma is the decimal mark.
    parsed = parse_numbers(cells("1.299,00", "12,50", "3"))
    assert parsed.values.tolist() == [1299.0, 12.5, 3.0]
    assert parsed.decimal_comma is True


def test_thousands_commas_are_not_decimal_commas():
    parsed = parse_numbers(cells("1,299", "12.5", "2,000.75"))
    assert parsed.values.tolist() == [1299.0, 12.5, 2000.75]
    assert parsed.decimal_comma is False


@pytest.mark.parametrize(("decimal_comma", "expected"), [
    (True, [1299.0, 2.5]), (False, [1.299, 25.0])])
def test_decimal_comma_can_be_forced(decimal_comma, expected):
    parsed = parse_numbers(cells("1.299", "2,5"), decimal_comma=decimal_comma)
    assert parsed.values.tolist() == expected


def test_excel_typed_numbers_keep_their_value():
    # Excel cells: floats and ints mixed with empty strings and a stray text cell.
    parsed = parse_numbers(cells(2.55, 12, "", 0.1 + 0.2, "n/a"))
    assert as_list(parsed.values) == [2.55, 12.0, None, 0.1 + 0.2, None]
    assert parsed.bad.tolist() == [False, False, False, False, True]


def test_typed_numbers_are_not_rescaled_by_a_decimal_comma_column():
    parsed = parse_numbers(cells(1.5, "2,5", 3))
    assert parsed.values.tolist() == [1.5, 2.5, 3.0]


def test_numeric_dtype_passes_through():
    parsed = parse_numbers(pd.Series([1.5, np.nan, 2.0]))
    assert as_list(parsed.values) == [1.5, None, 2.0]
    assert not parsed.bad.any()


def test_repeated_values_are_expanded_back_to_every_row():
    parsed = parse_numbers(cells("£2.00", "", "£2.00", "x", "£2.00"), )
    assert as_list(parsed.values) == [2.0, None, 2.0, None, 2.0]
    assert parsed.bad.tolist() == [False, False, False, True, False]
    assert parsed.values.index.tolist() == [0, 1, 2, 3, 4]


# ---------------------------------------------------------------------------- ids and text


@pytest.mark.parametrize(("value", "expected"), [
    ("17850.0", "17850"),
    (17850.0, "17850"),
    (17850, "17850"),
    ("17850.00", "17850"),
    ("'560029", "560029"),
    (" C536379 ", "C536379"),
    ("007", "007"),  # leading zeros of codes and zip codes are kept
    ("85123A", "85123A"),
    (1.5, "1.5"),
])
def test_clean_ids(value, expected):
    assert as_list(clean_ids(cells(value))) == [expected]


def test_clean_ids_empty_is_missing_and_float_artefacts_merge():
    ids = clean_ids(cells("17850.0", 17850.0, "", None, "17850", "13047"))
    assert as_list(ids) == ["17850", "17850", None, None, "17850", "13047"]
    assert isinstance(ids.dtype, pd.CategoricalDtype)
    assert sorted(ids.cat.categories) == ["13047", "17850"]


def test_clean_text_strips_and_merges():
    text = clean_text(cells(" WHITE HANGING HEART ", "WHITE HANGING HEART", "", None, "绿茶"))
    assert as_list(text) == ["WHITE HANGING HEART", "WHITE HANGING HEART", None, None, "绿茶"]
    assert len(text.cat.categories) == 2


# ---------------------------------------------------------------------------- times


def test_iso_with_seconds():
    parsed = times("2011-12-09 12:50:00", "2010-12-01 08:26:00", "")
    assert stamps(parsed) == ["2011-12-09 12:50:00", "2010-12-01 08:26:00", None]
    assert parsed.offset_minutes.isna().all()  # naive: no zone recorded
    assert parsed.bad.tolist() == [False, False, False]


def test_utc_offset_is_applied_and_kept():
    parsed = times("2025-12-06 10:37:33 -0500", "2025-12-06 11:00:00 +05:30")
    assert stamps(parsed) == ["2025-12-06 15:37:33", "2025-12-06 05:30:00"]
    assert parsed.offset_minutes.tolist() == [-300.0, 330.0]


@pytest.mark.parametrize("values", [
    ("2019-10-01 00:00:00 UTC", "2019-10-01 02:50:00 UTC"),
    ("2019-10-01T00:00:00Z", "2019-10-01T02:50:00Z"),
])
def test_utc_suffixes(values):
    parsed = times(*values)
    assert stamps(parsed) == ["2019-10-01 00:00:00", "2019-10-01 02:50:00"]
    assert parsed.offset_minutes.tolist() == [0.0, 0.0]


def test_compact_dates():
    parsed = times("19970101", "19981231")
    assert stamps(parsed) == ["1997-01-01 00:00:00", "1998-12-31 00:00:00"]


def test_unix_seconds_as_text():
    # The MovieLens layout: seconds since 1970 as text.
    parsed = times("881250949", "978300760")
    assert stamps(parsed) == ["1997-12-04 15:55:49", "2000-12-31 22:12:40"]
    assert parsed.format == "unix seconds"


def test_unix_milliseconds_as_text():
    assert stamps(times("1400000000000")) == ["2014-05-13 16:53:20"]


def test_unix_seconds_as_json_integers():
    parsed = times(1252800000, 1385596800)
    assert stamps(parsed) == ["2009-09-13 00:00:00", "2013-11-28 00:00:00"]


def test_excel_serial_numbers_in_an_object_column():
    parsed = times(40513.35, 40514.0, "")
    utc = parsed.utc
    assert utc[1] == pd.Timestamp("2010-12-02 00:00:00")
    # 0.35 of a day is 08:24 (to within float error; see the next test)
    assert abs(utc[0] - pd.Timestamp("2010-12-01 08:24:00")) < pd.Timedelta(milliseconds=1)
    assert pd.isna(utc[2])
    assert parsed.bad.tolist() == [False, False, False]


def test_excel_serial_numbers_are_rounded_like_excel():
    parsed = times(40513.35, 40513.416666666664)
    assert stamps(parsed) == ["2010-12-01 08:24:00", "2010-12-01 10:00:00"]


def test_excel_serial_numbers_as_text():
    parsed = times("40514", "40515.5")
    assert stamps(parsed) == ["2010-12-02 00:00:00", "2010-12-03 12:00:00"]


def test_python_datetime_objects():
    parsed = times(dt.datetime(2011, 1, 2, 3, 4, 5), dt.date(2011, 1, 3),
                   pd.Timestamp("2011-01-04 10:00"), "")
    assert stamps(parsed) == ["2011-01-02 03:04:05", "2011-01-03 00:00:00",
                              "2011-01-04 10:00:00", None]
    assert not parsed.bad.any()


def test_datetime64_column():
    parsed = parse_times(pd.Series(pd.to_datetime(["2011-01-02 10:00", None])),
                         column="c", file="f.xlsx")
    assert stamps(parsed) == ["2011-01-02 10:00:00", None]
    assert parsed.bad.tolist() == [False, False]


def test_month_first_is_detected_from_a_later_value():
    # '12/1/2010' alone could be 12 January; '1/13/2011' can only be month-first.
    parsed = times("12/1/2010 8:26", "12/2/2010 9:00", "1/13/2011 9:00")
    assert stamps(parsed) == ["2010-12-01 08:26:00", "2010-12-02 09:00:00",
                              "2011-01-13 09:00:00"]


def test_day_first_is_detected():
    parsed = times("02/03/2011", "13/01/2011")
    assert stamps(parsed) == ["2011-03-02 00:00:00", "2011-01-13 00:00:00"]


def test_dotted_dates_are_day_first():
    parsed = times("02.03.2011", "04.05.2011 14:30")
    assert stamps(parsed)[0] == "2011-03-02 00:00:00"


def test_genuinely_ambiguous_dates_raise():
    with pytest.raises(AmbiguousDates) as info:
        times("01/02/2011", "03/04/2011")
    problem = info.value
    assert isinstance(problem, ImportProblem)
    assert problem.column == "Sold on"
    message = str(problem)
    assert message.startswith("sales.csv, column 'Sold on': ")
    assert "'01/02/2011'" in message
    assert "--dayfirst" in message and "--monthfirst" in message


@pytest.mark.parametrize(("dayfirst", "expected"), [
    (True, ["2011-02-01 00:00:00", "2011-04-03 00:00:00"]),
    (False, ["2011-01-02 00:00:00", "2011-03-04 00:00:00"]),
])
def test_dayfirst_option_resolves_ambiguity(dayfirst, expected):
    assert stamps(times("01/02/2011", "03/04/2011", dayfirst=dayfirst)) == expected


def test_dayfirst_option_overrides_detection():
    # The user's choice wins even when the data point the other way: '13/01' is then bad.
    parsed = times("12/1/2010", "13/01/2011", dayfirst=False)
    assert stamps(parsed) == ["2010-12-01 00:00:00", None]
    assert parsed.bad.tolist() == [False, True]


def test_chinese_dates():
    parsed = times("2011年3月5日", "2011年12月25日")
    assert stamps(parsed) == ["2011-03-05 00:00:00", "2011-12-25 00:00:00"]
    assert stamps(times("2011年3月5日 14:30")) == ["2011-03-05 14:30:00"]


@pytest.mark.parametrize("values", [("1 Jan 2011", "15 Feb 2011"), ("Jan 1, 2011", "Feb 15, 2011")])
def test_month_names(values):
    assert stamps(times(*values)) == ["2011-01-01 00:00:00", "2011-02-15 00:00:00"]


def test_day_month_name_year_with_dashes():
    # The release-date layout of MovieLens u.item.
    parsed = times("01-Jan-1995", "15-Feb-2011")
    assert stamps(parsed) == ["1995-01-01 00:00:00", "2011-02-15 00:00:00"]
    assert parsed.offset_minutes.isna().all()


def test_day_first_dates_with_dashes():
    assert stamps(times("13-01-2011", "02-03-2011")) == ["2011-01-13 00:00:00",
                                                         "2011-03-02 00:00:00"]


def test_timezone_applies_summer_time():
    parsed = times("2011-07-01 12:00:00", "2011-01-15 12:00:00", timezone="Europe/London")
    assert stamps(parsed) == ["2011-07-01 11:00:00", "2011-01-15 12:00:00"]
    assert parsed.offset_minutes.tolist() == [60.0, 0.0]


def test_timezone_does_not_override_an_offset_in_the_value():
    parsed = times("2011-07-01 12:00:00 +0000", "2011-07-01 12:00:00",
                   timezone="Europe/London")
    assert stamps(parsed) == ["2011-07-01 12:00:00", "2011-07-01 11:00:00"]
    assert parsed.offset_minutes.tolist() == [0.0, 60.0]


def test_timezone_keeps_times_in_the_repeated_autumn_hour():
    parsed = times("2011-10-30 01:30:00", timezone="Europe/London")
    assert parsed.bad.tolist() == [False]
    assert stamps(parsed)[0] in ("2011-10-30 00:30:00", "2011-10-30 01:30:00")


def test_unparseable_cells_are_flagged_not_dropped():
    parsed = times("2011-01-02", "not a date", "", "2011-01-05", "31/31/2011")
    assert stamps(parsed) == ["2011-01-02 00:00:00", None, None, "2011-01-05 00:00:00", None]
    # filled-in but unreadable cells are bad; an empty cell is only missing
    assert parsed.bad.tolist() == [False, True, False, False, True]
    assert len(parsed.utc) == 5


def test_unparseable_cells_next_to_zoned_times_are_flagged():
    parsed = times("2019-10-01 00:00:00 UTC", "soon")
    assert stamps(parsed) == ["2019-10-01 00:00:00", None]
    assert parsed.bad.tolist() == [False, True]


def test_iso_times_with_and_without_seconds_in_one_column():
    parsed = times("2011-01-02 10:00", "2011-01-02 10:00:30", "2011-01-03")
    assert parsed.bad.tolist() == [False, False, False]
    assert stamps(parsed) == ["2011-01-02 10:00:00", "2011-01-02 10:00:30",
                              "2011-01-03 00:00:00"]
