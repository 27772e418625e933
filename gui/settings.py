"""The user's choices, kept in QSettings, and applying them to the running application.

Language: "system", "en" or "zh_CN". Theme: "system", "light" or "dark" (the system's colour
scheme, followed live through Qt's style hints). Device: "auto", "cpu", "cuda" or "mps".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
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
    the one chosen; Qt repaints the window when the system switches while we run."""
    app.setStyle("Fusion")
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark,
              "system": Qt.ColorScheme.Unknown}[choice or theme()]
    QGuiApplication.styleHints().setColorScheme(scheme)


def is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
