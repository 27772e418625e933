"""Charts are drawn by the charts process and painted by the widget: the image comes back at
the widget's size, shows what the page plotted, and follows a resize."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_hex
from PySide6.QtGui import QColor, QPalette

from gui.charts import SERIES, ChartWidget

TIMEOUT_MS = 60_000


def _colours(chart: ChartWidget) -> set[str]:
    image = chart._image
    step = 4
    return {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)}


def test_a_chart_is_drawn_off_the_ui_thread_at_the_widget_size(qtbot):
    chart = ChartWidget(height=2.0)
    qtbot.addWidget(chart)
    chart.resize(420, 240)
    chart.show()
    (ax,) = chart.axes()
    ax.bar(np.arange(3), [3, 1, 2], color=SERIES[0])
    with qtbot.waitSignal(chart.rendered, timeout=TIMEOUT_MS):
        chart.draw()
    ratio = chart.devicePixelRatioF()
    assert (chart._image.width(), chart._image.height()) == (round(420 * ratio),
                                                             round(240 * ratio))
    assert SERIES[0].lower() in _colours(chart)

    chart.resize(300, 200)
    qtbot.waitUntil(lambda: chart._image.width() == round(300 * ratio), timeout=TIMEOUT_MS)
    assert chart._image.height() == round(200 * ratio)


def test_draws_asked_for_while_one_is_on_its_way_end_with_the_latest_figure(qtbot):
    chart = ChartWidget(height=2.0)
    qtbot.addWidget(chart)
    chart.resize(300, 200)
    chart.show()
    renders = []
    chart.rendered.connect(lambda: renders.append(_colours(chart)))
    for colour in SERIES[:4]:
        (ax,) = chart.axes()
        ax.bar([0], [1], color=colour)
        chart.draw()
    qtbot.waitUntil(lambda: bool(renders) and chart._rendering is None, timeout=TIMEOUT_MS)
    assert len(renders) <= 2  # the first, then one for everything asked meanwhile
    assert SERIES[3].lower() in renders[-1]
    assert SERIES[1].lower() not in renders[-1]


def test_a_theme_change_recolours_the_chart_but_not_its_data(qtbot, qapp):
    from gui import settings

    chart = ChartWidget(height=2.0)
    qtbot.addWidget(chart)
    chart.resize(420, 240)
    chart.show()
    try:
        settings.apply_theme(qapp, "light")
        (ax,) = chart.axes()
        ax.bar(np.arange(3), [3, 1, 2], color=SERIES[0], label="sales")
        ax.set_title("Sales")
        chart.legend(ax)
        with qtbot.waitSignal(chart.rendered, timeout=TIMEOUT_MS):
            chart.draw()
        light_background = chart._colours[QPalette.ColorRole.Window]
        assert light_background in _colours(chart)
        with qtbot.waitSignal(chart.rendered, timeout=TIMEOUT_MS):
            settings.apply_theme(qapp, "dark")
        dark = chart._palette_colours()
        shown = _colours(chart)
        assert dark[QPalette.ColorRole.Window] in shown and light_background not in shown
        assert SERIES[0].lower() in shown  # the data keeps its colour
        assert to_hex(ax.title.get_color()) == dark[QPalette.ColorRole.Text]
        legend_text = ax.get_legend().get_texts()[0]
        assert to_hex(legend_text.get_color()) == dark[QPalette.ColorRole.Text]
    finally:
        settings.apply_theme(qapp, "light")
