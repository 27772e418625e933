"""The shop at a glance: key figures, revenue and customers month by month, and the segments."""

from __future__ import annotations

import functools

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import StrMethodFormatter
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from engine.jobs.customers import ShopOverview, shop_overview
from gui import dates
from gui.charts import SERIES, ChartWidget, in_turns
from gui.engine_text import in_ui_language
from gui.pages.base import ShopPage
from gui.pages.data_page import _Figure
from gui.segment_words import segment_name
from gui.shop import CHURN, DATA, Shop

_THOUSANDS = StrMethodFormatter("{x:,.0f}")  # picklable: the charts process draws it


def _month_axis(ax: Axes, months: int) -> None:
    dates.month_axis(ax, months)
    ax.yaxis.set_major_formatter(_THOUSANDS)


class OverviewPage(ShopPage):
    """Key figures and charts from engine.jobs.customers.shop_overview; the at-risk count from
    the session's churn scores, which this page starts when nobody has yet."""

    reloads_on = (DATA, CHURN)
    figures_shown = Signal()  # the key figures and charts of a new read are on screen

    def __init__(self, shop: Shop, parent: QWidget | None = None) -> None:
        super().__init__(shop, parent)
        self.overview: ShopOverview | None = None
        self._churn_tried = False  # scoring is started once per data; a failure is not retried
        self._data_stale = True  # CHURN alone needs no new read of the figures
        layout = self.page_layout(self.tr("Overview"))
        self.period_label = QLabel()
        self.period_label.setObjectName("hint")
        layout.addWidget(self.period_label)

        self.figures = {
            "customers": _Figure(self.tr("customers")),
            "orders": _Figure(self.tr("orders")),
            "revenue": _Figure(self.tr("revenue, after returns")),
            "active": _Figure(self.tr("active customers")),
            "at_risk": _Figure(self.tr("customers at high risk of leaving")),
        }
        self.figures["orders"].setToolTip(self.tr(
            "Orders in which a customer bought at least one product and that were not "
            "cancelled. The Data page counts every order imported, cancellations and returns "
            "included."))
        self.figures["at_risk"].setToolTip(self._at_risk_tip(None))
        tiles = QGridLayout()
        tiles.setSpacing(8)
        for i, figure in enumerate(self.figures.values()):
            tiles.addWidget(figure, 0, i)
        layout.addLayout(tiles)

        self.revenue_chart = ChartWidget(height=2.4)
        self.customers_chart = ChartWidget(height=2.4)
        self.segments_chart = ChartWidget(height=4.8)
        self.segments_chart.setToolTip(self.tr(
            "Segments group customers by how recently, how often and how much they buy. Open a "
            "customer on the Customers page to see what their segment means."))
        charts = QGridLayout()
        charts.setSpacing(8)
        charts.addWidget(self.revenue_chart, 0, 0)
        charts.addWidget(self.customers_chart, 1, 0)
        charts.addWidget(self.segments_chart, 0, 1, 2, 1)
        charts.setColumnStretch(0, 3)
        charts.setColumnStretch(1, 2)
        layout.addLayout(charts, 1)

        shop.job_ended.connect(self._on_shop_job_ended)

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        if self._data_stale:
            self._data_stale = False
            self.period_label.setText(self.tr("Reading your shop…"))
            self.shop.read("overview.figures", shop_overview, self.shop.db_path, heavy=True,
                           done=self._on_overview_read, failed=self._on_overview_failed)
        self._show_churn()

    def _on_overview_failed(self, message: str) -> None:
        self._data_stale = True  # try again the next time the page is shown
        self.period_label.setText(in_ui_language(message))

    def _on_overview_read(self, overview: ShopOverview) -> None:
        self.overview = overview
        figures = self.figures
        figures["customers"].value.setText(f"{overview.customers:,}")
        figures["orders"].value.setText(f"{overview.orders:,}")
        figures["revenue"].value.setText(f"{overview.revenue:,.0f}")
        figures["revenue"].setToolTip(self.tr(
            "Everything customers paid, minus what was refunded for returns: {revenue}").format(
            revenue=f"{overview.revenue:,.2f}"))
        figures["active"].value.setText(f"{overview.active_customers:,}")
        figures["active"].setToolTip(self.tr(
            "Customers who bought in the last {days} days of your data; after that long without "
            "an order, few of your customers come back.").format(days=overview.active_days))
        active_name = figures["active"].findChild(QLabel, "figureName")
        active_name.setText(self.tr("active (bought in the last {days} days)").format(
            days=overview.active_days))
        if overview.as_of is None:
            self.period_label.setText(self.tr("No orders yet: import your sales on the Data "
                                              "page to see how your shop is doing."))
        else:
            first = overview.monthly["month"].iloc[0]
            last_day = overview.as_of - pd.Timedelta(days=1)
            self.period_label.setText(self.tr("Your data runs from {first} to {last}.").format(
                first=dates.month(first), last=dates.long_day(last_day)))
        self._show_churn()
        in_turns(self, functools.partial(self._draw_revenue, overview),
                 functools.partial(self._draw_customers, overview),
                 functools.partial(self._draw_segments, overview), self.figures_shown.emit)

    # ------------------------------------------------------------------ churn

    def _show_churn(self) -> None:
        """The at-risk figure: the count once scored, "scoring…" while a churn job runs, and
        the scoring started when nothing else is running and it was not tried yet."""
        figure = self.figures["at_risk"].value
        churn = self.shop.churn
        self.figures["at_risk"].setToolTip(self._at_risk_tip(
            None if churn is None else churn.high_risk_from))
        if churn is not None:
            figure.setText(f"{len(churn.high_risk):,}")
            return
        has_orders = self.overview is not None and self.overview.orders > 0
        if (has_orders and not self._churn_tried and not self.shop.is_busy()
                and self.isVisible()):
            self._churn_tried = self.shop.score_churn()
        figure.setText(self.tr("scoring…") if self.shop.running_kind() == "churn" else "—")

    def _at_risk_tip(self, high: float | None) -> str:
        """Where high risk starts is known once churn is scored (ChurnResult.high_risk_from)."""
        if high is None:
            return self.tr(
                "Customers with a high churn risk: they are unlikely to buy again soon unless "
                "you reach out. The Churn page lists them with reasons and what to do, and the "
                "wider list of everyone at risk.")
        return self.tr(
            "Customers with a high churn risk ({high} or more): they are unlikely to buy again "
            "soon unless you reach out. The Churn page lists them with reasons and what to "
            "do, and the wider list of everyone at risk.").format(high=f"{high:.0%}")

    def _on_shop_job_ended(self, kind: str, _outcome: str) -> None:
        # A job that held the runner has ended (or scoring failed): show the truth, and score
        # now if we were waiting for the runner to be free.
        if kind != "churn" or self.shop.churn is None:
            self._show_churn()

    def _on_shop_changed(self, what: str) -> None:
        if what == DATA:  # before the reload it may cause
            self._churn_tried = False
            self._data_stale = True
        super()._on_shop_changed(what)

    # ------------------------------------------------------------------ charts

    def _draw_revenue(self, overview: ShopOverview) -> None:
        monthly = overview.monthly
        if monthly.empty:
            self.revenue_chart.message(self.tr("Revenue per month will show here once you "
                                               "import sales."))
            return
        (ax,) = self.revenue_chart.axes()
        colours = [SERIES[0]] * len(monthly)
        last_day = overview.as_of - pd.Timedelta(days=1)
        unfinished = last_day.month == (last_day + pd.Timedelta(days=1)).month
        if unfinished:
            colours[-1] = SERIES[5]  # a lighter bar: the month is not over in the data
        ax.bar(monthly["month"], monthly["revenue"], width=24, align="edge", color=colours)
        ax.set_title(self.tr("Revenue per month, after returns"))
        if unfinished:
            ax.set_xlabel(self.tr("The last month is only partly in your data (up to {day})")
                          .format(day=dates.day_of_month(last_day)), fontsize=8)
        _month_axis(ax, len(monthly))
        self.revenue_chart.draw()

    def _draw_customers(self, overview: ShopOverview) -> None:
        monthly = overview.monthly
        if monthly.empty:
            self.customers_chart.message(self.tr("New and returning customers will show here "
                                                 "once you import sales."))
            return
        (ax,) = self.customers_chart.axes()
        ax.bar(monthly["month"], monthly["returning_customers"], width=24, align="edge",
               color=SERIES[0], label=self.tr("returning customers"))
        ax.bar(monthly["month"], monthly["new_customers"], width=24, align="edge",
               bottom=monthly["returning_customers"], color=SERIES[1],
               label=self.tr("new customers"))
        ax.set_title(self.tr("Customers who bought each month"))
        self.customers_chart.legend(ax, frameon=False, loc="upper left")
        _month_axis(ax, len(monthly))
        self.customers_chart.draw()

    def _draw_segments(self, overview: ShopOverview) -> None:
        segments = overview.segments
        if segments.empty:
            self.segments_chart.message(self.tr("Customer segments will show here once you "
                                                "import sales with customer numbers."))
            return
        (ax,) = self.segments_chart.axes()
        ordered = segments.iloc[::-1]  # largest at the top
        names = [segment_name(s) for s in ordered.index]
        bars = ax.barh(names, ordered.to_numpy(), color=SERIES[2])
        ax.bar_label(bars, labels=[f"{n:,}" for n in ordered], padding=3, fontsize=8,
                     color=ax.xaxis.label.get_color())
        ax.set_title(self.tr("Customers per segment"))
        ax.xaxis.set_major_formatter(_THOUSANDS)
        ax.margins(x=0.15)
        ax.grid(False, axis="y")
        self.segments_chart.draw()
