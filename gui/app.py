"""Start the window: `python main.py [--db PATH] [FILE…]` (files go to the import wizard)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from engine.cli import COMMANDS
from engine.jobs.shop_data import default_database
from engine.logs import setup_logging
from engine.shortcut import DESKTOP_FILE, ICON_DIR
from gui import settings
from gui.single_instance import SingleInstance

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)

CJK_FONT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "wqy-microhei.ttc"


def ensure_chinese_font() -> None:
    """Where the system has no font with Chinese characters (a bare Linux), give the window
    and its charts the bundled WenQuanYi Micro Hei, so Chinese text is not drawn as boxes.
    Call once the QApplication exists."""
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return
    if QFontDatabase.addApplicationFont(str(CJK_FONT)) < 0:
        log.warning("no font with Chinese characters: %s could not be loaded", CJK_FONT)
        return
    from matplotlib import font_manager, rcParams  # the charts look up fonts on their own

    from gui import charts

    charts.use_font_file(str(CJK_FONT))
    name = font_manager.FontProperties(fname=str(CJK_FONT)).get_name()
    if name not in rcParams["font.family"]:  # a fallback, glyph by glyph, after the Latin font
        rcParams["font.family"] = [*rcParams["font.family"], name]
    log.info("the system has no font with Chinese characters: using %s", CJK_FONT)


def report_unexpected(kind: type[BaseException], error: BaseException, trace) -> None:
    """sys.excepthook of the window: an error no handler caught (a bug in a slot, say) goes to
    the log with its traceback, and the user reads what happened and what to do instead of
    nothing at all."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    log.critical("unexpected error in the window", exc_info=(kind, error, trace))
    app = QApplication.instance()
    if not isinstance(app, QApplication) or app.property("reportingError"):
        return  # no window to speak in, or already saying it (an error in the message box)
    app.setProperty("reportingError", True)
    try:
        from gui.job_runner import unexpected_problem

        QMessageBox.warning(app.activeWindow(), QApplication.translate(
            "App", "Something went wrong"), unexpected_problem())
    finally:
        app.setProperty("reportingError", False)


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest for Qt (-platform, -style…)."""
    parser = argparse.ArgumentParser(
        prog="shopsense", description="ShopSense, the window. Files named after the options "
        "open in the import wizard.", epilog="Also: --install-shortcut or --uninstall-shortcut "
        "(desktop and menu entries), and the headless commands (python main.py COMMAND --help): "
        + ", ".join(COMMANDS) + ".")
    parser.add_argument("--db", type=Path, default=None,
                        help="shop database (default: in your user data folder)")
    return parser.parse_known_args(argv)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (48, 128, 256):
        icon.addFile(str(ICON_DIR / f"shopsense-{size}.png"), QSize(size, size))
    return icon


def run(argv: list[str]) -> int:
    args, qt_args = parse_args(argv)
    log_path = setup_logging()
    sys.excepthook = report_unexpected
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *qt_args])
        qt_args = app.arguments()[1:]  # Qt took out the options it understood
    app.setOrganizationName("ShopSense")
    app.setApplicationName("ShopSense")  # also the window class the desktop entry names
    app.setDesktopFileName(DESKTOP_FILE.removesuffix(".desktop"))
    app.setWindowIcon(app_icon())
    ensure_chinese_font()
    settings.install_translations(app)
    settings.apply_theme(app)
    db_path = args.db or default_database()
    files = [Path(arg) for arg in qt_args if not arg.startswith("-")]
    instance = SingleInstance(db_path, app)
    if not instance.claim():
        if instance.forward(files):
            log.info("ShopSense is already open on %s: brought that window forward", db_path)
            return 0
        QMessageBox.warning(None, QApplication.translate("SingleInstance",
                                                         "ShopSense is already open"),
                            instance.problem)
        return 1
    log.info("starting the window on %s (log: %s)", db_path, log_path)
    from gui.main_window import MainWindow  # after the check: a second start answers quickly

    window = MainWindow(db_path)
    instance.files_received.connect(lambda paths: _bring_forward(window, paths))
    window.show()
    if files:
        window.open_import_wizard(files)
    try:
        return app.exec()
    finally:
        instance.release()


def _bring_forward(window: MainWindow, files: list[Path]) -> None:
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    if files:
        window.open_import_wizard(files)
