"""Desktop and menu entries: valid, pointing at this checkout, and gone again on uninstall."""

from __future__ import annotations

import base64
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine import shortcut
from tests.conftest import REPO

# Quotes, a dollar, a percent sign, a backslash and spaces: everything the Exec rules escape.
ODD_DB = 'shops/Ann\'s "best" $hop 100% \\ new/shop.sqlite3'


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / "Desktop").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return home


def read_entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:])


def parse_exec(value: str) -> list[str]:
    """Read an Exec value as the spec says a launcher does: string escapes first, then quoted
    arguments (backslash before " ` $ \\), then %% as %. Field codes are left out."""
    text = value.replace("\\\\", "\\")
    args, i = [], 0
    while i < len(text):
        if text[i] == " ":
            i += 1
        elif text[i] == '"':
            arg, i = "", i + 1
            while text[i] != '"':
                if text[i] == "\\":
                    assert text[i + 1] in '"`$\\', f"bad escape in {value}"
                    i += 1
                arg += text[i]
                i += 1
            args.append(arg.replace("%%", "%"))
            i += 1
        else:
            end = text.find(" ", i) if " " in text[i:] else len(text)
            word, i = text[i:end], end
            if word not in ("%f", "%F", "%u", "%U"):
                args.append(word.replace("%%", "%"))
    return args


def test_linux_entries_are_valid_and_start_this_checkout(home, tmp_path):
    db = tmp_path / ODD_DB
    paths = shortcut.install(db, platform="linux")

    menu = tmp_path / "data" / "applications" / "shopsense.desktop"
    assert paths == [menu, home / "Desktop" / "shopsense.desktop"]
    assert menu.read_text() == paths[1].read_text()
    if shutil.which("desktop-file-validate"):
        for path in paths:
            check = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                   text=True)
            assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    for path in paths:
        assert os.access(path, os.X_OK)  # file managers launch only executable entries

    entry = read_entry(menu)
    assert entry["Type"] == "Application" and entry["Name"] == "ShopSense"
    assert entry["Terminal"] == "false"  # no console
    assert entry["Categories"] == "Office;"
    assert entry["StartupWMClass"] == "ShopSense"
    assert Path(entry["Icon"]).is_absolute() and Path(entry["Icon"]).is_file()
    assert entry["Exec"].endswith(" %F")
    command = parse_exec(entry["Exec"])
    assert command == [str(Path(sys.executable).absolute()), str(REPO / "main.py"),
                       "--db", str(db)]
    assert Path(entry["TryExec"]) == Path(command[0])

    # The command, as a launcher would run it, starts ShopSense (asked for its help here).
    started = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=120)
    assert started.returncode == 0 and "ShopSense, the window" in started.stdout

    assert shortcut.uninstall(platform="linux") == paths
    assert not menu.exists() and not paths[1].exists()
    assert shortcut.uninstall(platform="linux") == []


def test_linux_menu_entry_alone_when_there_is_no_desktop(home, tmp_path):
    (home / "Desktop").rmdir()
    paths = shortcut.install(None, platform="linux")
    assert paths == [tmp_path / "data" / "applications" / "shopsense.desktop"]
    # The usual database needs no --db: the entry follows the user data folder.
    assert parse_exec(read_entry(paths[0])["Exec"]) == [
        str(Path(sys.executable).absolute()), str(REPO / "main.py")]


def test_linux_desktop_folder_comes_from_the_user_dirs_file(home, tmp_path):
    if not shutil.which("xdg-user-dir"):
        pytest.skip("xdg-user-dir is not installed")
    schreibtisch = home / "Schreibtisch"
    schreibtisch.mkdir()
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "user-dirs.dirs").write_text(
        'XDG_DESKTOP_DIR="$HOME/Schreibtisch"\n')
    paths = shortcut.install(None, platform="linux")
    assert paths[1] == schreibtisch / "shopsense.desktop"


def test_windows_shortcuts_start_pythonw_through_powershell(home, tmp_path, monkeypatch):
    scripts = tmp_path / "O'Brien shop" / ".venv" / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "python.exe").touch()
    (scripts / "pythonw.exe").touch()
    monkeypatch.setattr(sys, "executable", str(scripts / "python.exe"))
    calls = []

    def powershell(command, **kwargs):
        calls.append((command, kwargs))
        return subprocess.CompletedProcess(command, 0, "C:\\Users\\ann\\Desktop\\ShopSense.lnk\n"
                                           "C:\\Users\\ann\\Programs\\ShopSense.lnk\n", "")

    monkeypatch.setattr(shortcut.subprocess, "run", powershell)
    db = tmp_path / "my shop" / "shop.sqlite3"
    paths = shortcut.install(db, platform="win32")

    assert paths == [Path("C:\\Users\\ann\\Desktop\\ShopSense.lnk"),
                     Path("C:\\Users\\ann\\Programs\\ShopSense.lnk")]
    (command, kwargs), = calls
    assert command[0] == "powershell.exe" and "-NoProfile" in command
    assert kwargs["creationflags"] == getattr(subprocess, "CREATE_NO_WINDOW", 0)
    script = base64.b64decode(command[command.index("-EncodedCommand") + 1]).decode("utf-16-le")
    assert script.count("$shell.CreateShortcut(") == 2
    assert "GetFolderPath('Desktop')" in script and "GetFolderPath('Programs')" in script
    # pythonw: no console window; a quote in a path is doubled inside PowerShell's '…'.
    pythonw = str(scripts / "pythonw.exe").replace("'", "''")
    assert f"$link.TargetPath = '{pythonw}'" in script
    main_py = str(REPO / "main.py")
    assert f"$link.Arguments = '{main_py} --db \"{db}\"'" in script
    assert f"$link.IconLocation = '{REPO / 'resources' / 'icons' / 'shopsense.ico'},0'" in script
    assert (REPO / "resources" / "icons" / "shopsense.ico").is_file()

    calls.clear()
    shortcut.uninstall(platform="win32")
    script = base64.b64decode(calls[0][0][-1]).decode("utf-16-le")
    assert script.count("Remove-Item -LiteralPath $path") == 2
    assert "CreateShortcut" not in script


def test_windows_failure_is_reported(home, monkeypatch):
    monkeypatch.setattr(shortcut.subprocess, "run", lambda command, **_: (
        subprocess.CompletedProcess(command, 1, "", "Access is denied.")))
    with pytest.raises(OSError, match="Access is denied"):
        shortcut.install(None, platform="win32")


def test_macos_app_bundle_launches_this_checkout(home, tmp_path):
    db = tmp_path / ODD_DB
    app = shortcut.install(db, platform="darwin")[0]

    assert app == home / "Applications" / "ShopSense.app"
    info = plistlib.loads((app / "Contents" / "Info.plist").read_bytes())
    assert info["CFBundlePackageType"] == "APPL"
    launcher = app / "Contents" / "MacOS" / info["CFBundleExecutable"]
    assert os.access(launcher, os.X_OK)
    assert (app / "Contents" / "Resources" / info["CFBundleIconFile"]).is_file()
    # The launcher is a POSIX shell script: run it here, asking ShopSense for its help.
    started = subprocess.run(["sh", str(launcher), "--help"], capture_output=True, text=True,
                             timeout=120)
    assert started.returncode == 0 and "ShopSense, the window" in started.stdout
    assert shlex.split(launcher.read_text().splitlines()[-1]) == [
        "exec", str(Path(sys.executable).absolute()), str(REPO / "main.py"), "--db", str(db),
        "$@"]

    assert shortcut.uninstall(platform="darwin") == [app]
    assert not app.exists()
