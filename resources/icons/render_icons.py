"""Render shopsense.svg into the PNG, ICO (Windows) and ICNS (macOS) files beside it.

Run after changing the SVG: `.venv/bin/python resources/icons/render_icons.py`. Qt draws the
SVG at each size (small sizes stay sharp); Pillow, which matplotlib already needs, packs the
multi-size ICO and ICNS files.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
PNG_SIZES = (256, 128, 48)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(buffer.data().data())).convert("RGBA")


def main() -> None:
    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(HERE / "shopsense.svg"))
    for size in PNG_SIZES:
        render(renderer, size).save(HERE / f"shopsense-{size}.png", optimize=True)
    icons = [render(renderer, size) for size in ICO_SIZES]
    icons[-1].save(HERE / "shopsense.ico", sizes=[(s, s) for s in ICO_SIZES],
                   append_images=icons[:-1])
    large = [render(renderer, size) for size in (16, 32, 64, 128, 256, 512, 1024)]
    large[-1].save(HERE / "shopsense.icns", append_images=large[:-1])


if __name__ == "__main__":
    main()
