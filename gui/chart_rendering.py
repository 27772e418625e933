"""Turning a pickled matplotlib Figure into pixels, in the charts process.

Laying out and drawing a chart (tick labels, text metrics, constrained layout) takes 30 to 100
milliseconds of Python per chart, and pages show several: on the UI thread that freezes the
window. The page builds its Figure as usual (cheap); gui.charts pickles it and this function,
run by the charts process (gui.worker_process), draws it with Agg. No Qt here, so that process
starts light.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass

_fonts_added: set[str] = set()


@dataclass(frozen=True)
class Pixels:
    """An RGBA image, row by row, `width` × `height`."""

    width: int
    height: int
    rgba: bytes


def render_figure(figure_bytes: bytes, width: int, height: int, dpi: float,
                  fonts: tuple[str, ...] = ()) -> Pixels:
    """Draw the pickled figure at `width` × `height` pixels. `fonts` are font files the
    window registered with matplotlib (the bundled Chinese font), which this process needs
    too."""
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for font in fonts:
        if font not in _fonts_added:
            font_manager.fontManager.addfont(font)
            _fonts_added.add(font)
    figure = pickle.loads(figure_bytes)
    figure.set_dpi(dpi)
    figure.set_size_inches(width / dpi, height / dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    buffer = canvas.buffer_rgba()
    return Pixels(buffer.shape[1], buffer.shape[0], bytes(buffer))
