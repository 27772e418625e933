"""What every page of the window shares: the shop, a title, and reloading when it matters."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from gui.shop import Shop


def centred_message(label: QLabel, button: QPushButton) -> QWidget:
    """A page's empty or waiting state: a sentence and the button that moves on, centred."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.addStretch(1)
    layout.addWidget(label)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch(2)
    return holder


class _PageMeta(type(QWidget), ABCMeta):
    """Qt's metaclass with ABCMeta's checks, so a page without reload() cannot be built."""


class ShopPage(QWidget, metaclass=_PageMeta):
    """A page built from engine results. Subclasses set `reloads_on` (the Shop.changed kinds
    that make what they show stale) and implement `reload()`, which asks `shop.read()` or
    `shop.run()` for data and fills the widgets when the answer comes.

    A page reloads when it is first shown, and again when it is shown after one of its kinds
    changed (at once if it is on screen): pages nobody looks at cost nothing.
    """

    reloads_on: tuple[str, ...] = ()

    def __init__(self, shop: Shop, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shop = shop
        self._stale = True
        shop.changed.connect(self._on_shop_changed)

    def title_label(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("pageTitle")
        return label

    def page_layout(self, title: str) -> QVBoxLayout:
        """The page's layout, its title already at the top."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label(title))
        return layout

    @abstractmethod
    def reload(self) -> None:
        """Ask the shop for what the page shows; fill the widgets when the answer comes."""

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def _on_shop_changed(self, what: str) -> None:
        if what in self.reloads_on:
            self.mark_stale()
