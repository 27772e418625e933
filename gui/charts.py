"""Charts on the pages: a matplotlib Figure on a Qt canvas, coloured like the window.

Never pyplot (HOUSE_STYLE §5): each ChartWidget owns its Figure, so charts on different pages
never share state, and nothing opens a window of its own.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

# Colour-blind safe (Okabe-Ito), readable on light and dark backgrounds.
SERIES = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
          "#999999")


class ChartWidget(QWidget):
    """One matplotlib figure. Call `axes()` for a fresh, themed plot, draw, then `draw()`."""

    def __init__(self, parent: QWidget | None = None, *, height: float = 3.0) -> None:
        super().__init__(parent)
        self.figure = Figure(figsize=(5, height), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(int(height * 60))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def axes(self, rows: int = 1, columns: int = 1) -> list[Axes]:
        """Clear the figure and return `rows × columns` axes in the window's colours."""
        self.figure.clear()
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        grid = palette.color(QPalette.ColorRole.Mid).name()
        self.figure.set_facecolor(palette.color(QPalette.ColorRole.Window).name())
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

    def message(self, text: str) -> None:
        """No chart, only a line saying why (no data yet, say)."""
        (ax,) = self.axes()
        ax.axis("off")
        ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True,
                color=self.palette().color(QPalette.ColorRole.PlaceholderText).name())
        self.draw()

    def draw(self) -> None:
        self.canvas.draw_idle()
