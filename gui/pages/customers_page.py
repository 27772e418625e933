"""PLACEHOLDER: the Customers page is being written (issue #4); replace this whole module."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.pages.base import ShopPage
from gui.shop import Shop


class CustomersPage(ShopPage):
    def __init__(self, shop: Shop, parent: QWidget | None = None) -> None:
        super().__init__(shop, parent)
        layout = self.page_layout(self.tr("Customers"))
        layout.addStretch(1)

    def reload(self) -> None:
        pass
