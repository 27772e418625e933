"""Qt test set-up: no display needed, and nothing written to the developer's home."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before Qt starts: draw offscreen, and keep QSettings (window geometry, last folder) and logs in
# a throwaway place. Qt reads XDG_CONFIG_HOME once, so this cannot wait for a fixture.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="shopsense-gui-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ.setdefault("XDG_DATA_HOME", str(_HOME / "data"))


@pytest.fixture(autouse=True)
def _isolated(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Logs and settings of each test in its own folder (platformdirs reads the env each call)."""
    from PySide6.QtCore import QSettings

    from gui import settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    qapp.setOrganizationName("ShopSense-tests")
    qapp.setApplicationName("ShopSense-tests")
    # Every test starts in English with default settings and a window never opened before,
    # whatever the one before chose (the language, the last page, the dividers…).
    QSettings().clear()
    settings.install_translations(qapp, "en")
    yield
    QSettings().clear()
    settings.install_translations(qapp, "en")


@pytest.fixture
def gui_db(tmp_path: Path) -> Path:
    """A database path that does not exist yet, as for a new user."""
    return tmp_path / "db" / "shop.sqlite3"


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str, str]]]:
    """Message boxes the window shows, as (kind, title, text), answered Yes without blocking."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []

    def box(kind: str, answer: QMessageBox.StandardButton):
        def show(_parent, title, text, *_args, **_kwargs):
            shown.append((kind, title, text))
            return answer
        return show

    monkeypatch.setattr(QMessageBox, "information", box("information", QMessageBox.Ok))
    monkeypatch.setattr(QMessageBox, "warning", box("warning", QMessageBox.Ok))
    monkeypatch.setattr(QMessageBox, "question", box("question", QMessageBox.Yes))
    yield shown


@pytest.fixture(scope="session")
def retail_trained_db(retail_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Online Retail database with an item-kNN run serving recommendations (about 2 s
    once per session). Read-only: tests that change data use `shop_db`, a copy."""
    from engine.jobs.training import TrainOptions, train_job
    from tests.conftest import run_job

    path = tmp_path_factory.mktemp("retail-trained") / "shop.sqlite3"
    shutil.copyfile(retail_db, path)
    run_job(train_job(path, TrainOptions("itemknn")))
    return path


@pytest.fixture
def shop_db(retail_trained_db: Path, tmp_path: Path) -> Path:
    """A private copy of the trained Online Retail database (a file copy takes ~0.1 s)."""
    path = tmp_path / "shop" / "shop.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(retail_trained_db, path)
    return path


def open_window(qtbot, db: Path):
    """The real main window on `db`, shown, with its first read done (call
    `window.shop.shutdown()` when done with it)."""
    from gui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_refreshed, timeout=30_000):
        window.show()
    return window


def till_export_with_two_bad_rows(folder: Path) -> Path:
    """An Online Retail-shaped export of 12 lines: row 5 has no date, row 9 no price."""
    sales = folder / "till_export.csv"
    rows = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"]
    for i in range(12):
        date = "not a date" if i == 3 else f"2024-03-{i + 1:02d} 10:00:00"
        price = "abc" if i == 7 else "2.50"
        rows.append(f"{1000 + i // 2},SKU{i},Mug {i},2,{date},{price},C{i % 3},United Kingdom")
    sales.write_text("\n".join(rows) + "\n")
    return sales


@pytest.fixture
def shop_window(qtbot, shop_db: Path, messages):
    """The real main window on `shop_db`, shown, with its first read done."""
    window = open_window(qtbot, shop_db)
    yield window
    window.shop.shutdown()
