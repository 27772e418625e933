"""Start the window: `python main.py [--db PATH]`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from engine.jobs.shop_data import default_database
from engine.logs import setup_logging
from gui import settings
from gui.main_window import MainWindow

log = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest for Qt (-platform, -style…)."""
    parser = argparse.ArgumentParser(prog="shopsense", description="ShopSense, the window.")
    parser.add_argument("--db", type=Path, default=None,
                        help="shop database (default: in your user data folder)")
    return parser.parse_known_args(argv)


def run(argv: list[str]) -> int:
    args, qt_args = parse_args(argv)
    log_path = setup_logging()
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName("ShopSense")
    app.setApplicationName("ShopSense")
    settings.install_translations(app)
    settings.apply_theme(app)
    db_path = args.db or default_database()
    log.info("starting the window on %s (log: %s)", db_path, log_path)
    window = MainWindow(db_path)
    window.show()
    return app.exec()
