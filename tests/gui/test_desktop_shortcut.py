"""File → Create desktop shortcut: the entries appear, and the user is told where."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.gui.conftest import open_window


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks the Linux entries")
def test_menu_item_puts_this_shop_on_the_desktop(qtbot, gui_db: Path, messages, tmp_path,
                                                 monkeypatch):
    home = tmp_path / "home"
    (home / "Desktop").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    window = open_window(qtbot, gui_db)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.shortcut_action in file_menu.actions()
    assert window.shortcut_action.text().replace("&", "") == "Create desktop shortcut"

    window.shortcut_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)

    kind, _title, text = messages[-1]
    desktop_file = home / "Desktop" / "shopsense.desktop"
    assert kind == "information" and str(desktop_file) in text
    exec_line = next(line for line in desktop_file.read_text().splitlines()
                     if line.startswith("Exec="))
    assert f'"--db" "{gui_db.resolve()}"' in exec_line  # it opens this shop
    window.shop.shutdown()
