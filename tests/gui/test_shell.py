"""The window's frame on a real shop: navigation, status bar, settings, language."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui import settings
from gui.main_window import MainWindow
from gui.settings_dialog import SettingsDialog
from tests.gui.conftest import open_window


def test_navigation_lists_every_page(shop_window: MainWindow):
    names = [shop_window.nav.item(i).text() for i in range(shop_window.nav.count())]
    assert names == ["Overview", "Data", "Customers", "Recommendations", "Churn", "Models",
                     "Reports"]
    for row in range(shop_window.nav.count()):
        shop_window.nav.setCurrentRow(row)
        assert shop_window.current_page() is shop_window._pages[row][1]


def test_status_bar_shows_the_compute_device(qtbot, shop_window: MainWindow):
    qtbot.waitUntil(lambda: "looking" not in shop_window.device_label.text(), timeout=30_000)
    assert shop_window.device_label.text() in ("Compute: CPU",) or "GPU" in (
        shop_window.device_label.text())


def test_switching_language_translates_the_window(qtbot, shop_window: MainWindow):
    dialog = SettingsDialog(shop_window)
    dialog.settings_changed.connect(shop_window._on_settings_changed)
    try:
        dialog.choose(dialog.language_box, "zh_CN")
        assert settings.language() == "zh_CN"
        assert shop_window.nav.item(2).text() == "客户"
        assert shop_window.menuBar().actions()[0].text().startswith("文件")
    finally:
        dialog.choose(dialog.language_box, "en")
    assert shop_window.nav.item(2).text() == "Customers"
    QApplication.processEvents()


def _icon_lightness(window: MainWindow, row: int) -> float:
    """The mean lightness of the drawn pixels of a navigation icon (light lines on the dark
    theme, dark ones on the light theme)."""
    image = window.nav.item(row).icon().pixmap(24, 24).toImage()
    drawn = [image.pixelColor(x, y) for x in range(24) for y in range(24)]
    drawn = [c.lightness() for c in drawn if c.alpha() > 200]
    assert drawn, "the icon draws nothing"
    return sum(drawn) / len(drawn)


def test_theme_follows_the_choice(shop_window: MainWindow, qtbot):
    dialog = SettingsDialog(shop_window)
    rows = range(shop_window.nav.count())
    try:
        dialog.choose(dialog.theme_box, "dark")
        assert settings.is_dark()
        qtbot.waitUntil(lambda: all(_icon_lightness(shop_window, row) > 160 for row in rows))
        # The pages (under the window's style sheet) turn dark too, not only the frame.
        page = shop_window.data_page
        assert page.palette().color(page.backgroundRole()).lightness() < 128
        dialog.choose(dialog.theme_box, "light")
        assert not settings.is_dark()
        qtbot.waitUntil(lambda: all(_icon_lightness(shop_window, row) < 96 for row in rows))
    finally:
        dialog.choose(dialog.theme_box, "system")


def test_the_page_dividers_and_model_choice_are_remembered(qtbot, shop_window: MainWindow,
                                                           shop_db):
    shop_window.show_page(shop_window.customers_page)
    splitter = shop_window.customers_page.splitter
    splitter.setSizes([300, 700])
    sizes = splitter.sizes()
    form = shop_window.models_page.form
    form.choose(form.model_box, "itemknn")
    form._on_start_button_clicked()  # remembered when training starts
    qtbot.waitUntil(lambda: not shop_window.shop.is_busy(), timeout=60_000)
    shop_window.close()

    again = open_window(qtbot, shop_db)
    try:
        assert again.current_page() is again.customers_page  # where the user left off
        left, right = again.customers_page.splitter.sizes()
        assert abs(left / (left + right) - sizes[0] / sum(sizes)) < 0.02  # the same share
        assert again.models_page.form.model_box.currentData() == "itemknn"
    finally:
        again.shop.shutdown()


def test_ctrl_f_goes_to_the_search_field_and_esc_cancels_the_job(qtbot,
                                                                 shop_window: MainWindow,
                                                                 tmp_path):
    import functools

    from PySide6.QtCore import Qt

    from tests.gui import sample_jobs

    shop_window.show_page(shop_window.customers_page)
    shop_window.activateWindow()
    qtbot.keyClick(shop_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert shop_window.customers_page.search_edit.hasFocus()

    qtbot.waitUntil(lambda: not shop_window.shop.is_busy(), timeout=60_000)
    job = functools.partial(sample_jobs.waiting_for, tmp_path / "never")
    with qtbot.waitSignal(shop_window.shop.job_progressed, timeout=30_000):
        shop_window.shop.run(job, kind="test", message="Waiting")
    with qtbot.waitSignal(shop_window.shop.job_ended, timeout=30_000) as ended:
        qtbot.keyClick(shop_window.customers_page.search_edit, Qt.Key.Key_Escape)
    assert ended.args == ["test", "cancelled"]
