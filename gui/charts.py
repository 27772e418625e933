"""Charts on the pages: a matplotlib Figure, coloured like the window, drawn off the UI thread.

Never pyplot (HOUSE_STYLE §5): each ChartWidget owns its Figure, so charts on different pages
never share state, and nothing opens a window of its own. Pages build the figure's artists here
(cheap) and call `draw()`; the figure is pickled and drawn to pixels by the charts process
(gui.chart_rendering), which is where the time goes, and the widget paints the image it gets
back. While a drawing is on its way, newer calls to `draw()` are folded into one more.
"""

from __future__ import annotations

import contextlib
import functools
import pickle
from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui import worker_process
from gui.chart_rendering import Pixels, render_figure
from gui.job_runner import describe_failure

# Colour-blind safe (Okabe-Ito), readable on light and dark backgrounds.
SERIES = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
          "#999999")
DPI = 100
# The window colours a chart is drawn in (ChartWidget.axes and legend, messages): swapped for
# their new values when the theme changes. Where two share a colour (the light theme's text
# and placeholder text), the first named wins.
_THEMED = (QPalette.ColorRole.Text, QPalette.ColorRole.Window, QPalette.ColorRole.Base,
           QPalette.ColorRole.Mid, QPalette.ColorRole.PlaceholderText)
RESIZE_SETTLE_MS = 120  # redraw once a resize has settled, not on every step of a drag

_font_files: list[str] = []


def use_font_file(path: str) -> None:
    """A font file the charts need (the bundled Chinese font where the system has none):
    registered here and in the charts process."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    if path not in _font_files:
        _font_files.append(path)


def in_turns(context: QObject, *steps: Callable[[], object]) -> None:
    """Run each step in an event-loop turn of its own: building a chart's artists takes tens
    of milliseconds, and a page building three at once would hold the window for their sum.
    Steps left are dropped if `context` (the page) is deleted meanwhile."""
    if steps:
        QTimer.singleShot(0, context, lambda: (steps[0](), in_turns(context, *steps[1:])))


def warm() -> None:
    """Start the charts process ahead of the first chart."""
    _process().warm()


def _process() -> worker_process.WorkerProcess:
    return worker_process.shared("charts")


class ChartWidget(QWidget):
    """One matplotlib figure. Call `axes()` for a fresh, themed plot, draw, then `draw()`."""

    rendered = Signal()  # a new image is on screen
    _received = Signal(int, object)  # from the charts process's listener thread

    def __init__(self, parent: QWidget | None = None, *, height: float = 3.0) -> None:
        super().__init__(parent)
        self.figure = Figure(figsize=(5, height), dpi=DPI, layout="constrained")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(int(height * 60))
        self._preferred = QSize(int(5 * DPI), int(height * DPI))
        self._image: QImage | None = None
        self._colours = self._palette_colours()  # what the figure was drawn in
        self._dirty = False  # the figure changed since the image was asked for
        self._rendering: int | None = None  # the request on its way
        self._requests = 0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self._draw_if_resized)
        self._received.connect(self._on_received)

    def sizeHint(self) -> QSize:
        return self._preferred

    def _palette_colours(self) -> dict[QPalette.ColorRole, str]:
        palette = self.palette()
        return {role: palette.color(role).name() for role in _THEMED}

    def axes(self, rows: int = 1, columns: int = 1) -> list[Axes]:
        """Clear the figure and return `rows × columns` axes in the window's colours."""
        self.figure.clear()
        self._colours = self._palette_colours()
        background = self._colours[QPalette.ColorRole.Base]
        text = self._colours[QPalette.ColorRole.Text]
        grid = self._colours[QPalette.ColorRole.Mid]
        self.figure.set_facecolor(self._colours[QPalette.ColorRole.Window])
        axes = [self.figure.add_subplot(rows, columns, i + 1) for i in range(rows * columns)]
        for ax in axes:
            ax.set_facecolor(background)
            ax.set_prop_cycle(color=SERIES)
            ax.tick_params(colors=text, labelsize=8)
            ax.xaxis.label.set_color(text)
            ax.yaxis.label.set_color(text)
            ax.title.set_color(text)
            ax.title.set_fontsize(10)
            for side, spine in ax.spines.items():
                spine.set_color(grid)
                spine.set_visible(side in ("left", "bottom"))
            ax.grid(True, color=grid, alpha=0.3, linewidth=0.6)
        return axes

    def legend(self, ax: Axes, **options) -> None:
        """A legend in the window's colours (matplotlib's own text is black, unreadable on
        the dark theme)."""
        colours = self._colours  # those axes() drew in, which a theme change swaps
        ax.legend(**{"fontsize": 8, "labelcolor": colours[QPalette.ColorRole.Text],
                     "facecolor": colours[QPalette.ColorRole.Base],
                     "edgecolor": colours[QPalette.ColorRole.Mid], **options})

    def message(self, text: str) -> None:
        """No chart, only a line saying why (no data yet, say)."""
        (ax,) = self.axes()
        ax.axis("off")
        ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True,
                color=self.palette().color(QPalette.ColorRole.PlaceholderText).name())
        self.draw()

    def draw(self) -> None:
        """Have the figure drawn as it is now (off the UI thread); the image follows."""
        self._dirty = True
        if self._rendering is None and self.isVisible() and self.width() > 1:
            self._request()

    def _request(self) -> None:
        self._dirty = False
        ratio = self.devicePixelRatioF()
        call = functools.partial(
            render_figure, pickle.dumps(self.figure), max(1, round(self.width() * ratio)),
            max(1, round(self.height() * ratio)), DPI * ratio, tuple(_font_files))
        self._requests += 1
        number = self._requests
        self._rendering = number
        _process().submit(worker_process.CALL, call, functools.partial(self._relay, number))

    def _relay(self, number: int, message: tuple) -> None:
        with contextlib.suppress(RuntimeError):  # RuntimeError: the widget is gone
            self._received.emit(number, message)  # queued to the UI thread

    @Slot(int, object)
    def _on_received(self, number: int, message: tuple) -> None:
        if number != self._rendering:
            return
        self._rendering = None
        _ended, _call, outcome, payload = message
        if outcome == worker_process.FINISHED:
            self._show(payload)
        else:  # not drawable (a bug): the log says why; the old image stays
            describe_failure(payload)
        if self._dirty:
            self.draw()

    def _show(self, pixels: Pixels) -> None:
        image = QImage(pixels.rgba, pixels.width, pixels.height, 4 * pixels.width,
                       QImage.Format.Format_RGBA8888).copy()  # copy: own the bytes
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self._image = image
        self.update()
        self.rendered.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window))
        if self._image is not None:
            # Mid-resize the last image is stretched until the new one comes.
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.rect(), self._image)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._recolour()

    def _recolour(self) -> None:
        """The theme changed: give the figure's window colours (background, text, grid) their
        new values, as if the page had drawn it now; data colours stay."""
        new = self._palette_colours()
        swap: dict[str, str] = {}
        for role, old in self._colours.items():  # _THEMED's order settles shared colours
            swap.setdefault(old, new[role])
        swap = {old: colour for old, colour in swap.items() if old != colour}
        self._colours = new
        if not swap or not self.figure.axes:  # nothing drawn yet: axes() will use the new ones
            return
        for artist in self.figure.findobj():
            for part in ("color", "facecolor", "edgecolor"):
                getter = getattr(artist, f"get_{part}", None)
                if getter is None:
                    continue
                colour = getter()
                if isinstance(colour, np.ndarray) and colour.ndim == 2:  # a colour a row
                    if len(colour) != 1:
                        continue
                    colour = colour[0]
                try:
                    rgba = to_rgba(colour)
                except ValueError:  # "auto" and the like
                    continue
                replacement = swap.get(to_hex(rgba)) if rgba[3] > 0 else None  # not unseen
                if replacement is not None:
                    getattr(artist, f"set_{part}")((*to_rgb(replacement), rgba[3]))
        self.draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._settle.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty or self._image is None:
            QTimer.singleShot(0, self, self._draw_if_dirty)

    def _draw_if_dirty(self) -> None:
        if self._dirty:
            self.draw()

    def _draw_if_resized(self) -> None:
        ratio = self.devicePixelRatioF()
        wanted = (round(self.width() * ratio), round(self.height() * ratio))
        if self._image is not None and (self._image.width(), self._image.height()) != wanted:
            self.draw()
