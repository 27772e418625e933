"""Qt test set-up: no display needed, and nothing written to the developer's home."""

from __future__ import annotations

import os
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
def _isolated(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Logs and settings of each test in its own folder (platformdirs reads the env each call)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    qapp.setOrganizationName("ShopSense-tests")
    qapp.setApplicationName("ShopSense-tests")


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
