"""The navigation's icons: line drawings (resources/icons/pages/*.svg) coloured with the
palette, so they read as well on the dark theme as on the light one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

PAGE_ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons" / "pages"
_SIZES = (16, 24, 32, 48, 64)  # pixels: the list's icon size on screens of any density
# How the list draws an item (QIcon mode), and the palette colour its text has then.
_MODES = ((QIcon.Mode.Normal, QPalette.ColorRole.Text),
          (QIcon.Mode.Selected, QPalette.ColorRole.HighlightedText),
          (QIcon.Mode.Disabled, QPalette.ColorRole.PlaceholderText))


def page_icon(name: str, palette: QPalette) -> QIcon:
    """The icon `name` (overview, data, customers, …) in `palette`'s text colours."""
    drawing = (PAGE_ICONS / f"{name}.svg").read_text(encoding="utf-8")
    icon = QIcon()
    for mode, role in _MODES:
        coloured = drawing.replace("currentColor", palette.color(role).name())
        renderer = QSvgRenderer(QByteArray(coloured.encode("utf-8")))
        for size in _SIZES:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon
