"""Dates and months in the window's language, in text and on chart axes.

Names of months and days come from the default QLocale (gui.settings.install_translations sets
it); the order of day, month and year differs between languages ("9 Dec 2011", "2011年12月9日"),
so each pattern is translated like any other string. matplotlib's date formatters write English
month names, hence the month ticks here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import Formatter
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

translate = QCoreApplication.translate  # lupdate finds translate("Dates", "...") calls

Day = date | datetime | pd.Timestamp


def _qdate(when: Day) -> QDate:
    return QDate(when.year, when.month, when.day)


def day(when: Day) -> str:
    """9 Dec 2011."""
    return QLocale().toString(_qdate(when), translate("Dates", "d MMM yyyy"))


def long_day(when: Day) -> str:
    """9 December 2011."""
    return QLocale().toString(_qdate(when), translate("Dates", "d MMMM yyyy"))


def day_of_month(when: Day) -> str:
    """9 Dec."""
    return QLocale().toString(_qdate(when), translate("Dates", "d MMM"))


def month(when: Day) -> str:
    """December 2011."""
    return QLocale().toString(_qdate(when), translate("Dates", "MMMM yyyy"))


def moment(stamp: datetime | pd.Timestamp) -> str:
    """9 Dec 2011 14:05."""
    when = QDateTime(_qdate(stamp), QTime(stamp.hour, stamp.minute))
    return QLocale().toString(when, translate("Dates", "d MMM yyyy HH:mm"))


def weekday(number: int) -> str:
    """The name of a day of the week, 0 for Monday (as pandas and Python count)."""
    return QLocale().dayName(number + 1)


class MonthTicks(Formatter):
    """Short month names under month ticks, with the year on the first tick shown and on
    every January instead of the month."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        low = min(self.axis.get_view_interval()) if self.axis is not None else -math.inf
        locale = QLocale()
        labels, year_shown = [], False
        for value in values:
            when = mdates.num2date(value)
            if when.month == 1:
                labels.append(str(when.year))
            elif not year_shown and value >= low:
                labels.append(locale.toString(_qdate(when), translate("Dates", "MMM yyyy")))
            else:
                labels.append(locale.standaloneMonthName(when.month,
                                                         QLocale.FormatType.ShortFormat))
            year_shown = year_shown or value >= low
        return labels


def month_axis(ax: Axes, months: int, *, most: int = 8) -> None:
    """Ticks on the first of the month below monthly bars covering `months` months, at most
    about `most` of them, labelled in the window's language."""
    for step in (1, 2, 3, 4, 6, 12):
        if months / step <= most:
            locator = mdates.MonthLocator(bymonth=range(1, 13, step))
            break
    else:
        locator = mdates.YearLocator(math.ceil(months / 12 / most))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(MonthTicks())
