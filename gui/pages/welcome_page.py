"""The first page a new shop sees: two ways to get data in, and nothing else to learn yet."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCommandLinkButton, QHBoxLayout, QLabel, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    demo_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Welcome to ShopSense"))
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr(
            "ShopSense learns what your customers want from the sales data you already have. "
            "Everything stays on this computer."))
        intro.setWordWrap(True)

        self.demo_button = QCommandLinkButton(
            self.tr("Open the demo shop"),
            self.tr("Look around first: a year of a real online gift shop, about 540,000 sales "
                    "lines (UCI Online Retail, CC BY 4.0)."))
        self.demo_button.clicked.connect(self.demo_requested)
        self.import_button = QCommandLinkButton(
            self.tr("Import my data…"),
            self.tr("Orders, browsing or catalogue exports: CSV, Excel or JSON from Shopify, "
                    "WooCommerce or your till."))
        self.import_button.clicked.connect(self.import_requested)
        hint = QLabel(self.tr("You can also drop files onto this window."))
        hint.setObjectName("hint")

        column = QVBoxLayout()
        column.setSpacing(16)
        for widget in (title, intro, self.demo_button, self.import_button, hint):
            column.addWidget(widget)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(600)
        # Centred by stretches, not by an alignment flag, so the wrapped text gets its height.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(holder, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def set_enabled_actions(self, enabled: bool) -> None:
        self.demo_button.setEnabled(enabled)
        self.import_button.setEnabled(enabled)
