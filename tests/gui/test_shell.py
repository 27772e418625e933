"""The window's frame on a real shop: navigation, status bar, settings, language."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui import settings
from gui.main_window import MainWindow
from gui.settings_dialog import SettingsDialog


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


def test_theme_follows_the_choice(shop_window: MainWindow):
    dialog = SettingsDialog(shop_window)
    try:
        dialog.choose(dialog.theme_box, "dark")
        assert settings.is_dark()
        dialog.choose(dialog.theme_box, "light")
        assert not settings.is_dark()
    finally:
        dialog.choose(dialog.theme_box, "system")
