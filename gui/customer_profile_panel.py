"""One customer's profile beside the customer list: who they are, what they buy, how likely
they are to leave, and what to offer them.

Everything shown comes from the engine (engine.jobs.customers.CustomerDetails, the session's
churn scores, the active model's recommendations); this widget only puts it into words and
charts.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from html import escape

import pandas as pd
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from engine.jobs.customers import LIFETIME_DAYS, CustomerDetails
from gui import dates
from gui.charts import SERIES, ChartWidget, in_turns
from gui.customer_table_model import risk_percent
from gui.engine_text import in_ui_language
from gui.pages.data_page import _Figure
from gui.segment_words import segment_meaning, segment_name

_LABEL_CHARACTERS = 30  # product names are cut to this in charts (the tooltip list has them)


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _day(stamp: pd.Timestamp | None) -> str:
    return "—" if stamp is None else dates.day(stamp)


def _short(name: str) -> str:
    return name if len(name) <= _LABEL_CHARACTERS else name[:_LABEL_CHARACTERS - 1] + "…"


def _text(*, rich: bool = False, object_name: str = "") -> QLabel:
    """A wrapped label; plain text unless `rich` (whose data must then be escaped)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class TileGrid(QWidget):
    """Key-figure tiles in as many columns as their numbers fit (three at most, two at least),
    so that a narrow panel shows them two to a row rather than cutting the last column off."""

    def __init__(self, tiles: Sequence[QWidget], *, most: int = 3, fewest: int = 2,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tiles = list(tiles)
        self._most, self._fewest = most, fewest
        self._columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        # The grid chooses its columns from the width it gets, so it must not hold the panel
        # at the width of its widest arrangement (minimumSizeHint gives the narrowest).
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._arrange(fewest)

    def columns(self) -> int:
        return self._columns

    def refit(self) -> None:
        """After the tiles' numbers change: their widths decide how many columns fit."""
        self.updateGeometry()
        self._fit(self.width())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._needed(self._fewest), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _needed(self, columns: int) -> int:
        """The width of `columns` columns: in each, its widest tile's minimum."""
        widths = [tile.minimumSizeHint().width() for tile in self._tiles]
        return (sum(max(widths[column::columns], default=0) for column in range(columns))
                + (columns - 1) * self._grid.horizontalSpacing())

    def _fit(self, width: int) -> None:
        columns = next((c for c in range(self._most, self._fewest, -1)
                        if self._needed(c) <= width), self._fewest)
        if columns != self._columns:
            self._arrange(columns)

    def _arrange(self, columns: int) -> None:
        for tile in self._tiles:
            self._grid.removeWidget(tile)
        for i, tile in enumerate(self._tiles):
            self._grid.addWidget(tile, i // columns, i % columns)
        for column in range(self._most):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        self._columns = columns


class _ProfileScrollArea(QScrollArea):
    """Never narrower than the profile needs: its text wraps, but its tiles and buttons cannot
    shrink below their numbers and words (which change with each customer)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        return QSize(content.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                     + 2 * self.frameWidth(), hint.height())


class CustomerProfilePanel(QStackedWidget):
    """A message (nothing selected, reading, unknown customer) or the profile of one customer."""

    churn_scoring_requested = Signal()
    models_page_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details: CustomerDetails | None = None
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setObjectName("hint")
        self.message_label.setMargin(24)
        self.addWidget(self.message_label)
        self.addWidget(self._build_profile())
        self.show_message(self.tr("Select a customer in the list to see who they are, what "
                                  "they buy and what to offer them."))

    def _build_profile(self) -> QScrollArea:
        self.title_label = _text(object_name="sectionTitle")
        self.about_label = _text(object_name="hint")
        self.segment_label = _text(rich=True)
        self.action_label = _text(rich=True)

        self.figures = {
            "orders": _Figure(self.tr("orders")),
            "spent": _Figure(self.tr("spent, after returns")),
            "average": _Figure(self.tr("per order")),
            "lifetime": _Figure(self.tr("lifetime value, next 12 months")),
            "recency": _Figure(self.tr("days since their last order")),
            "risk": _Figure(self.tr("churn risk")),
        }
        self.figures["lifetime"].setToolTip(self.tr(
            "What this customer is expected to spend with you in the next {days} days, from how "
            "often and how much they have bought so far.").format(days=LIFETIME_DAYS))
        for figure in self.figures.values():
            figure.findChild(QLabel, "figureName").setWordWrap(True)  # a narrow panel
        self.tiles = TileGrid(list(self.figures.values()))
        self.scores_label = _text(object_name="hint")

        self.churn_label = _text(rich=True)
        self.score_button = QPushButton(self.tr("Score churn risk now"))
        self.score_button.clicked.connect(self.churn_scoring_requested)

        self.recommendations_label = _text(rich=True)
        self.models_button = QPushButton(self.tr("Go to the Models page"))
        self.models_button.clicked.connect(self.models_page_requested)

        self.favourites_title = self._section_title("")
        self.favourites_chart = ChartWidget(height=2.2)
        self.timeline_chart = ChartWidget(height=2.0)
        self.habits_label = _text()
        self.needs_label = _text()

        layout = QVBoxLayout()
        layout.addWidget(self.title_label)
        layout.addWidget(self.about_label)
        layout.addWidget(self.segment_label)
        layout.addWidget(self.action_label)
        layout.addWidget(self.tiles)
        layout.addWidget(self.scores_label)
        layout.addWidget(self._section_title(self.tr("Churn risk")))
        layout.addWidget(self.churn_label)
        layout.addWidget(self.score_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._section_title(self.tr("Recommended products")))
        layout.addWidget(self.recommendations_label)
        layout.addWidget(self.models_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.favourites_title)
        layout.addWidget(self.favourites_chart)
        layout.addWidget(self._section_title(self.tr("Orders per month")))
        layout.addWidget(self.timeline_chart)
        layout.addWidget(self._section_title(self.tr("How they buy")))
        layout.addWidget(self.habits_label)
        layout.addWidget(self._section_title(self.tr("Looked at often, never bought")))
        layout.addWidget(self.needs_label)
        layout.addStretch(1)
        content = QWidget()
        content.setLayout(layout)
        scroll = _ProfileScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.scroll = scroll
        return scroll

    def _section_title(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        label.setContentsMargins(0, 10, 0, 0)
        return label

    # ------------------------------------------------------------------ states

    def show_message(self, text: str) -> None:
        self.details = None
        self.message_label.setText(text)
        self.setCurrentIndex(0)

    def shown_customer(self) -> str | None:
        return self.details.profile.customer if self.details is not None else None

    def show_details(self, details: CustomerDetails) -> None:
        """Everything but churn risk and recommendations, which arrive on their own."""
        self.details = details
        p = details.profile
        self.setCurrentIndex(1)  # first, so that the charts are drawn at their real size
        name = p.demographics.get("name")
        self.title_label.setText(
            self.tr("Customer {id}").format(id=p.customer) if not name else
            self.tr("Customer {id}: {name}").format(id=p.customer, name=name))
        self.about_label.setText(self._about(details))
        self.segment_label.setText(self.tr("<b>{segment}</b>: {meaning}").format(
            segment=escape(segment_name(p.segment)), meaning=escape(segment_meaning(p.segment))))
        self.action_label.setText(self.tr("<b>What to do:</b> {action}").format(
            action=escape(in_ui_language(p.suggested_action))))
        self.figures["orders"].value.setText(f"{p.orders:,}")
        self.figures["spent"].value.setText(_money(p.monetary))
        self.figures["average"].value.setText(_money(p.average_order_value))
        self.figures["lifetime"].value.setText(_money(details.lifetime_value))
        self.figures["recency"].value.setText(
            "—" if p.recency_days is None else f"{p.recency_days:,}")
        self.figures["recency"].setToolTip(self.tr(
            "Counted to the last day of your data, {day}.").format(
            day=_day(p.as_of - pd.Timedelta(days=1))))
        self._figures_changed()
        if p.r_score is None:
            self.scores_label.setText(self.tr("No scores yet: they have not bought anything."))
        else:
            self.scores_label.setText(self.tr(
                "Scores against your other customers (5 is best): bought recently {r}, buys "
                "often {f}, spends a lot {m}.").format(r=p.r_score, f=p.f_score, m=p.m_score))
        in_turns(self, functools.partial(self._draw_favourites, details),
                 functools.partial(self._draw_timeline, details))
        self.habits_label.setText(self._habits(details))
        self.needs_label.setText(self._needs(details))
        self.recommendations_label.setText(self.tr("Reading recommendations…"))
        self.models_button.hide()
        self.scroll.verticalScrollBar().setValue(0)

    def _figures_changed(self) -> None:
        """Longer numbers may need fewer tiles a row, and a wider panel."""
        self.tiles.refit()
        self.scroll.updateGeometry()

    def _about(self, details: CustomerDetails) -> str:
        p = details.profile
        known = p.demographics  # what the imported customer list says, where it says it
        parts = [str(known["email"])] if known.get("email") else []
        if known.get("age"):
            parts.append(self.tr("age {age}").format(age=known["age"]))
        parts += [str(known[k]) for k in ("gender", "occupation") if known.get(k)]
        if p.main_country:
            parts.append(p.main_country)
        if p.first_purchase is None:
            parts.append(self.tr("no orders yet"))
        else:
            parts.append(self.tr("customer since {day}").format(day=_day(p.first_purchase)))
            parts.append(self.tr("last order {day}").format(day=_day(p.last_purchase)))
        return " · ".join(parts)

    def _habits(self, details: CustomerDetails) -> str:
        p = details.profile
        if p.orders == 0:
            return self.tr("They have not ordered yet.")
        lines = []
        if p.preferred_weekday is not None and p.preferred_hour is not None:
            lines.append(self.tr("Usually orders on a {weekday}, around {hour}:00.").format(
                weekday=dates.weekday(p.preferred_weekday), hour=f"{p.preferred_hour:02d}"))
        if p.price_sensitivity is not None:
            ratio = p.price_sensitivity
            if ratio < 0.97:
                paid = self.tr("Pays {share} less than the usual price").format(
                    share=f"{1 - ratio:.0%}")
            elif ratio > 1.03:
                paid = self.tr("Pays {share} more than the usual price").format(
                    share=f"{ratio - 1:.0%}")
            else:
                paid = self.tr("Pays about the usual price")
            lines.append(self.tr("{paid}; {share} of what they bought was below it.").format(
                paid=paid, share=f"{p.discount_share or 0:.0%}"))
        if p.price_level is not None and p.price_level < 0.8:
            lines.append(self.tr("Prefers low-priced products: offers and bundles work."))
        elif p.price_level is not None and p.price_level > 1.25:
            lines.append(self.tr("Prefers higher-priced products: show them your best."))
        if p.returned_items and p.return_rate is not None:
            lines.append(self.tr("Returned {returned} of {items} items ({rate}).").format(
                returned=f"{p.returned_items:,.0f}", items=f"{p.items:,.0f}",
                rate=f"{p.return_rate:.0%}"))
        else:
            lines.append(self.tr("Has returned nothing."))
        return "\n".join(lines)

    def _needs(self, details: CustomerDetails) -> str:
        p = details.profile
        if p.latent_needs or p.latent_categories:
            lines = [self.tr("{product} (looked at {times} times)").format(product=name,
                                                                           times=n)
                     for name, n in p.latent_needs[:5]]
            lines += [self.tr("Anything in {category} (looked at {times} times)").format(
                category=name, times=n) for name, n in p.latent_categories[:3]]
            return "\n".join(lines)
        if p.views + p.carts == 0:
            return self.tr("No browsing data for this customer. Import browsing events (page "
                           "views, carts) to see what they look at but do not buy.")
        return self.tr("Nothing: they have bought what they looked at often.")

    # ------------------------------------------------------------------ churn

    def show_churn(self, row: pd.Series | None, *, scored: bool, scoring: bool,
                   horizon_days: int | None = None) -> None:
        """`row` is the customer's line of ChurnResult.scores (None when they have none)."""
        figure = self.figures["risk"].value
        self.score_button.setVisible(not scored and not scoring)
        if scoring:
            figure.setText(self.tr("scoring…"))
            self.churn_label.setText(self.tr("Scoring churn risk for every customer; this "
                                             "takes a few seconds."))
        elif not scored:
            figure.setText("—")
            self.churn_label.setText(self.tr("Churn risk has not been scored yet."))
        elif row is None:
            figure.setText("—")
            self.churn_label.setText(self.tr("No churn risk: they have not bought anything "
                                             "yet."))
        else:
            figure.setText(risk_percent(row["risk"]))
            self.churn_label.setText(self._risk_words(row, horizon_days))
        self._figures_changed()

    def _risk_words(self, row: pd.Series, days: int | None) -> str:
        risk = escape(risk_percent(row["risk"]))  # rich text: "<1%" is not a tag
        if not row["at_risk"]:
            return self.tr("<b>Likely to come back</b>: only {risk} chance they will not buy "
                           "again within {days} days.").format(risk=risk, days=days)
        reasons = "".join(f"<li>{escape(in_ui_language(reason))}</li>"
                          for reason in row["reasons"])
        return self.tr("<b>At risk</b>: {risk} chance they will not buy again within {days} "
                       "days.<br>Why:<ul>{reasons}</ul><b>Suggested:</b> {action}").format(
            risk=risk, days=days, reasons=reasons, action=escape(in_ui_language(row["action"])))

    # ------------------------------------------------------------------ recommendations

    def show_recommendations(self, has_model: bool, products: pd.DataFrame) -> None:
        """The active model's products for this customer; without one, the shop's popular
        products they have not bought (from the profile) and the way to train a model."""
        popular = self.details.profile.recommendations[:5] if self.details else []
        self.models_button.setVisible(not has_model)
        if has_model and len(products):
            names = products["product"].where(products["product"].notna(), products["sku"])
            items = "".join(f"<li>{escape(str(name))}</li>" for name in names)
            self.recommendations_label.setText(self.tr(
                "What your trained model suggests for them:<ol>{items}</ol>").format(
                items=items))
            return
        items = "".join(f"<li>{escape(name)}</li>" for name in popular)
        fallback = (self.tr("Popular products they have not bought yet:<ul>{items}</ul>")
                    .format(items=items) if popular else "")
        if has_model:
            self.recommendations_label.setText(self.tr(
                "Your trained model has nothing for this customer yet (too little history). "
                "{fallback}").format(fallback=fallback))
        else:
            self.recommendations_label.setText(self.tr(
                "Train a model on the Models page to see recommendations here. {fallback}")
                .format(fallback=fallback))

    # ------------------------------------------------------------------ charts

    def _draw_favourites(self, details: CustomerDetails) -> None:
        """Favourite categories by share of what they bought; in a shop without categories
        (Online Retail), their favourite products by units."""
        p = details.profile
        if p.top_categories:
            self.favourites_title.setText(self.tr("Favourite categories"))
            names = [_short(name) for name, _ in p.top_categories]
            values = [100 * share for _, share in p.top_categories]
            # Before a first purchase, the profile's favourites come from what they browsed.
            label = (self.tr("% of what they bought") if p.orders else
                     self.tr("% of what they looked at, carted or rated"))
        else:
            self.favourites_title.setText(self.tr("Favourite products"))
            names = [_short(name) for name, _ in p.top_products]
            values = [units for _, units in p.top_products]
            label = self.tr("units bought")
        if not names:
            self.favourites_chart.message(self.tr("Nothing bought yet."))
            return
        (ax,) = self.favourites_chart.axes()
        ax.barh(names[::-1], values[::-1], color=SERIES[0])
        ax.set_xlabel(label, fontsize=8)
        ax.grid(False, axis="y")
        ax.tick_params(axis="y", labelsize=7)
        self.favourites_chart.draw()

    def _draw_timeline(self, details: CustomerDetails) -> None:
        timeline = details.profile.purchase_timeline
        if timeline.empty or not timeline["orders"].any():
            self.timeline_chart.message(self.tr("No orders yet."))
            return
        (ax,) = self.timeline_chart.axes()
        ax.bar(timeline["month"], timeline["orders"], width=24, align="edge", color=SERIES[1])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        dates.month_axis(ax, len(timeline), most=6)
        if len(timeline) == 1:  # one month: give the bar some room
            month = timeline["month"].iloc[0]
            ax.set_xlim(month - pd.Timedelta(days=45), month + pd.Timedelta(days=70))
        self.timeline_chart.draw()
