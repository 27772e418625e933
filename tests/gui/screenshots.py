"""Screenshots of every page of the real window, for docs/screenshots and the README.

Not a test. Run under a real X server (Xvfb) so the window is drawn as on a desktop:

    Xvfb :99 -screen 0 1400x900x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python -m tests.gui.screenshots SHOP.sqlite3

SHOP.sqlite3 should hold a shop with trained models (e.g. `python main.py demo`, then
`python main.py train popularity`, `train itemknn` and `train svdpp`); it is copied, never
changed. A database that does not exist yet gives the welcome page instead. Each page is
shown, given time to load its data, then grabbed from the screen. `--language zh_CN` takes
the Chinese window (files get a `-zh_CN` suffix); `--theme dark` the dark one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QTabWidget

from engine.jobs.importing import DEMO_SHOP
from gui import settings
from gui.app import ensure_chinese_font
from gui.charts import ChartWidget
from gui.main_window import MainWindow

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SETTLE_S = 6.0  # long enough for a page's reads (and churn scoring) to arrive and draw
# The tabs after the first, by page: each gets a screenshot of its own (e.g. models-history).
_TABS = {"recommendations": ("product", "similar"), "models": ("history", "compare", "churn")}
TRAINING_EPOCHS = 12  # the training screenshot is taken this many epochs in


def _charts_pending(window: MainWindow) -> bool:
    """A visible chart still waits for its image from the charts process."""
    return any(chart.isVisible() and (chart._rendering is not None or chart._dirty)
               for chart in window.findChildren(ChartWidget))


def _settle(app: QApplication, window: MainWindow, seconds: float) -> None:
    end = time.monotonic() + seconds
    while (time.monotonic() < end or window.shop.is_busy() or window.shop.is_reading()
           or _charts_pending(window)):
        app.processEvents()
        time.sleep(0.01)
    flushed = time.monotonic() + 0.3  # the last images painted and on the screen
    while time.monotonic() < flushed:
        app.processEvents()
        time.sleep(0.01)


def _grab(window: MainWindow, path: Path) -> None:
    window.screen().grabWindow(window.winId()).save(str(path))
    print(path)


def _training_shot(app: QApplication, window: MainWindow, path: Path) -> None:
    """The Models page while SVD++ trains from the form, a dozen epochs in; then cancelled
    (the shop keeps the model it had)."""
    window.show_page(window.models_page)
    _settle(app, window, 1)
    epochs: list[int] = []
    window.shop.job_progressed.connect(  # each epoch's curve point comes as a detail
        lambda p: epochs.append(p.detail["epoch"]) if p.detail else None)
    form = window.models_page.form
    form.choose(form.model_box, "svdpp")
    form.choose(form.device_box, "cpu")
    form.start_button.click()
    end = time.monotonic() + 120
    while (not epochs or max(epochs) < TRAINING_EPOCHS) and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    drawn = time.monotonic() + 1.0  # the latest epoch on the chart (_settle would wait for
    while time.monotonic() < drawn or _charts_pending(window):  # the training to end)
        app.processEvents()
        time.sleep(0.01)
    _grab(window, path)
    window.shop.cancel()
    while window.shop.is_busy():
        app.processEvents()
        time.sleep(0.01)


def _wizard_shot(app: QApplication, window: MainWindow, path: Path) -> None:
    """The import wizard's mapping page on the demo shop's file."""
    wizard = window.open_import_wizard([DEMO_SHOP])
    end = time.monotonic() + 60
    while (wizard.preview is None or wizard.previewing) and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    wizard.next()
    wizard.move(100, 60)
    _settle(app, window, 1)
    wizard.screen().grabWindow(wizard.winId()).save(str(path))
    print(path)
    wizard.reject()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.gui.screenshots")
    parser.add_argument("database", type=Path)
    parser.add_argument("--language", default="en", choices=settings.LANGUAGES)
    parser.add_argument("--theme", default="light", choices=settings.THEMES)
    parser.add_argument("--pages", nargs="*", help="only these pages (e.g. overview churn)")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("ShopSense-screenshots")
    app.setApplicationName("ShopSense-screenshots")
    QSettings().clear()
    ensure_chinese_font()
    settings.install_translations(app, args.language)
    settings.apply_theme(app, args.theme)
    suffix = "" if args.language == "en" else f"-{args.language}"
    suffix += "" if args.theme == "light" else f"-{args.theme}"
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "shop.sqlite3"
        if args.database.exists():  # else a new, empty shop
            shutil.copyfile(args.database, db)
        window = MainWindow(db)
        window.resize(1200, 780)
        window.move(0, 0)
        window.show()
        _settle(app, window, 3)
        if window.current_page() is window.welcome_page:  # an empty shop: its first start
            _grab(window, OUT / f"welcome{suffix}.png")
            window.shop.shutdown()
            window.close()
            return 0
        if window.shop.churn is None and window.shop.score_churn():  # pages show churn risk
            _settle(app, window, 1)
        names = ["overview", "data", "customers", "recommendations", "churn", "models",
                 "reports"]
        for name, (_title, page, _icon) in zip(names, window._pages, strict=True):
            if args.pages and name not in args.pages:
                continue
            window.show_page(page)
            _settle(app, window, SETTLE_S)
            if name == "customers" and page.__class__.__name__ == "CustomersPage":
                window.show_customer("14911")
                _settle(app, window, SETTLE_S)
            _grab(window, OUT / f"{name}{suffix}.png")
            tabs = _TABS.get(name)
            if tabs and page.findChild(QTabWidget) is not None:
                widget = page.findChild(QTabWidget)
                for index, tab in enumerate(tabs, start=1):
                    widget.setCurrentIndex(index)
                    _settle(app, window, SETTLE_S / 2)
                    _grab(window, OUT / f"{name}-{tab}{suffix}.png")
                widget.setCurrentIndex(0)
        if not args.pages or "models-training" in args.pages:
            _training_shot(app, window, OUT / f"models-training{suffix}.png")
        if not args.pages or "import-wizard" in args.pages:
            _wizard_shot(app, window, OUT / f"import-wizard{suffix}.png")
        window.shop.shutdown()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
