"""The user's choices, kept in QSettings, and applying them to the running application.

Language: "system", "en" or "zh_CN". Theme: "system", "light" or "dark" (the system's colour
scheme, followed live through Qt's style hints). Device: "auto", "cpu", "cuda" or "mps".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parents[1] / "resources" / "translations"
LANGUAGES = ("system", "en", "zh_CN")
THEMES = ("system", "light", "dark")
DEVICES = ("auto", "cpu", "cuda", "mps")


def _choice(key: str, choices: tuple[str, ...]) -> str:
    value = str(QSettings().value(key, choices[0]))
    return value if value in choices else choices[0]


def language() -> str:
    return _choice("settings/language", LANGUAGES)


def theme() -> str:
    return _choice("settings/theme", THEMES)


def device() -> str:
    return _choice("settings/device", DEVICES)


def store(key: str, value: str) -> None:
    QSettings().setValue(f"settings/{key}", value)


def locale_for(choice: str) -> QLocale:
    return QLocale() if choice == "system" else QLocale(choice)


def install_translations(app: QApplication, choice: str | None = None) -> QLocale:
    """Qt's own strings and ours in the chosen language; English where none ships."""
    for old in app.findChildren(QTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    locale = locale_for(choice or language())
    QLocale.setDefault(locale)
    folders = (("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               ("shopsense", str(TRANSLATIONS)))
    for name, folder in folders:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
        else:
            translator.deleteLater()
    return locale


def apply_theme(app: QApplication, choice: str | None = None) -> None:
    """Fusion everywhere (the same look on every system), in the system's colour scheme or
    the one chosen. The palette is set by hand because not every platform (X11 without a
    desktop, say) lets Qt switch its scheme; with "system", a switch while we run follows."""
    app.setStyle("Fusion")
    choice = choice or theme()
    hints = QGuiApplication.styleHints()
    if choice == "system":
        hints.unsetColorScheme()
        dark = hints.colorScheme() == Qt.ColorScheme.Dark
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark if choice == "dark" else Qt.ColorScheme.Light)
        dark = choice == "dark"
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())
    for widget in app.topLevelWidgets():  # widgets under a style sheet keep the old palette
        if widget.styleSheet():           # until the sheet is set again
            widget.setStyleSheet(widget.styleSheet())
    if not app.property("followsColorScheme"):
        app.setProperty("followsColorScheme", True)
        hints.colorSchemeChanged.connect(_on_system_scheme_changed)


def _on_system_scheme_changed() -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication) and theme() == "system":
        apply_theme(app, "system")


def _dark_palette() -> QPalette:
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#202124", role.WindowText: "#e8eaed", role.Base: "#17181a",
        role.AlternateBase: "#26282b", role.ToolTipBase: "#303134", role.ToolTipText: "#e8eaed",
        role.PlaceholderText: "#9aa0a6", role.Text: "#e8eaed", role.Button: "#2d2f31",
        role.ButtonText: "#e8eaed", role.BrightText: "#ff8a80", role.Light: "#3c4043",
        role.Midlight: "#35363a", role.Mid: "#5f6368", role.Dark: "#111213",
        role.Shadow: "#000000", role.Highlight: "#2f7fd6", role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8", role.LinkVisited: "#c58af9",
    }
    for which, colour in colours.items():
        palette.setColor(which, QColor(colour))
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, which, QColor("#6f7378"))
    return palette


def is_dark() -> bool:
    app = QApplication.instance()
    return isinstance(app, QApplication) and app.palette().color(
        QPalette.ColorRole.Window).lightness() < 128
