"""Start ShopSense with a double-click: desktop and menu entries for this checkout.

Every entry runs this checkout's Python (the virtual environment's, so that the installed
packages are found) on main.py, by absolute path, without a console window:
- Linux: a freedesktop `.desktop` file in the applications menu and on the desktop;
- Windows: `.lnk` shortcuts on the desktop and in the Start menu, made by PowerShell through
  the WScript.Shell COM object, that start pythonw.exe (no console);
- macOS: a small ShopSense.app in ~/Applications whose executable is a shell script.
"""

from __future__ import annotations

import argparse
import base64
import logging
import os
import plistlib
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from engine.logs import setup_logging
from storage.database import default_db_path

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
MAIN = REPO / "main.py"
ICON_DIR = REPO / "resources" / "icons"
APP_NAME = "ShopSense"
DESKTOP_FILE = "shopsense.desktop"  # the window names it too (QGuiApplication.desktopFileName)
COMMENT = "Learn what your customers want from the sales data you already have"
COMMENT_ZH = "从已有的销售数据了解顾客想要什么"


def install(db: Path | None = None, *, platform: str = sys.platform) -> list[Path]:
    """Create the entries; returns where they were written. `db` other than the default
    database makes the entries open that shop."""
    command = launch_command(db, platform=platform)
    if platform.startswith("win"):
        return _powershell(windows_install_script(command))
    if platform == "darwin":
        return [write_mac_app(command, mac_app_path())]
    return write_linux_entries(command)


def uninstall(*, platform: str = sys.platform) -> list[Path]:
    """Remove the entries `install` makes; returns those that were there."""
    if platform.startswith("win"):
        return _powershell(windows_uninstall_script())
    paths = [mac_app_path()] if platform == "darwin" else linux_entry_paths()
    removed = [path for path in paths if path.exists()]
    for path in removed:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return removed


def launch_command(db: Path | None, *, platform: str = sys.platform) -> list[str]:
    """The program and arguments an entry runs (absolute paths)."""
    # Not resolved: a virtual environment's python is a symlink to the base interpreter, and
    # only the link's own path makes Python use the environment's packages.
    python = Path(sys.executable).absolute()
    if platform.startswith("win"):
        windowless = python.with_name("pythonw.exe")
        if windowless.exists():
            python = windowless
        else:
            log.warning("no %s: the shortcut will open a console window", windowless)
    command = [str(python), str(MAIN)]
    if db is not None and Path(db).absolute() != default_db_path().absolute():
        command += ["--db", str(Path(db).absolute())]
    return command


# ---------------------------------------------------------------------- Linux


def linux_entry_paths() -> list[Path]:
    paths = [_xdg_data_home() / "applications" / DESKTOP_FILE]
    desktop = _desktop_dir()
    if desktop is not None:
        paths.append(desktop / DESKTOP_FILE)
    return paths


def write_linux_entries(command: list[str]) -> list[Path]:
    text = desktop_entry(command)
    paths = linux_entry_paths()
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        # File managers only launch desktop files that are executable by their owner.
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    if len(paths) > 1 and shutil.which("gio"):
        # GNOME also wants a desktop launcher marked trusted before it runs it.
        subprocess.run(["gio", "set", str(paths[1]), "metadata::trusted", "true"],
                       capture_output=True, check=False)
    return paths


def desktop_entry(command: list[str]) -> str:
    """A Desktop Entry (freedesktop spec 1.4) that runs `command`, and opens files given."""
    fields = {
        "Type": "Application",
        "Version": "1.4",
        "Name": APP_NAME,
        "GenericName": "Shop customer insights",
        "Comment": COMMENT,
        "Comment[zh_CN]": COMMENT_ZH,
        "Icon": _escape(str(ICON_DIR / "shopsense-256.png")),
        "TryExec": _escape(command[0]),
        "Exec": " ".join(_exec_argument(arg) for arg in command) + " %F",
        "Path": _escape(str(REPO)),
        "Terminal": "false",
        "Categories": "Office;",
        "Keywords": "shop;customers;sales;churn;recommendations;",
        "StartupNotify": "true",
        "StartupWMClass": APP_NAME,  # the window's WM_CLASS is the application name
    }
    return "[Desktop Entry]\n" + "".join(f"{key}={value}\n" for key, value in fields.items())


def _exec_argument(arg: str) -> str:
    """Quote per the spec's Exec rules (backslash before " ` $ \\ inside double quotes, %% for
    %), then escape it as a string value, whose \\\\ is undone before the quoting is read."""
    quoted = '"' + re.sub(r'(["`$\\])', r"\\\1", arg.replace("%", "%%")) + '"'
    return _escape(quoted)


def _escape(value: str) -> str:
    if any(ch in value for ch in "\n\r\t"):
        raise ValueError(f"a path with a line break or tab cannot go in a desktop entry: {value!r}")
    return value.replace("\\", "\\\\")


def _xdg_data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def _desktop_dir() -> Path | None:
    """The user's desktop folder, when there is one (xdg-user-dir knows a translated name)."""
    if shutil.which("xdg-user-dir"):
        found = subprocess.run(["xdg-user-dir", "DESKTOP"], capture_output=True, text=True,
                               check=False).stdout.strip()
        # xdg-user-dir answers the home folder itself when no desktop folder is configured.
        if found and Path(found) != Path.home() and Path(found).is_dir():
            return Path(found)
    fallback = Path.home() / "Desktop"
    return fallback if fallback.is_dir() else None


# ---------------------------------------------------------------------- Windows


def windows_install_script(command: list[str]) -> str:
    """PowerShell that makes ShopSense.lnk on the desktop and in Start menu › Programs."""
    program, arguments = command[0], subprocess.list2cmdline(command[1:])
    lines = [*_windows_folders(),
             "$shell = New-Object -ComObject WScript.Shell"]
    for folder in ("$desktop", "$programs"):
        lines += [
            f"$path = Join-Path {folder} {_ps(APP_NAME + '.lnk')}",
            "$link = $shell.CreateShortcut($path)",
            f"$link.TargetPath = {_ps(program)}",
            f"$link.Arguments = {_ps(arguments)}",
            f"$link.WorkingDirectory = {_ps(str(REPO))}",
            f"$link.IconLocation = {_ps(str(ICON_DIR / 'shopsense.ico') + ',0')}",
            f"$link.Description = {_ps(COMMENT)}",
            "$link.Save()",
            "Write-Output $path",
        ]
    return "\n".join(lines)


def windows_uninstall_script() -> str:
    lines = _windows_folders()
    for folder in ("$desktop", "$programs"):
        lines += [f"$path = Join-Path {folder} {_ps(APP_NAME + '.lnk')}",
                  "if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path; "
                  "Write-Output $path }"]
    return "\n".join(lines)


def _windows_folders() -> list[str]:
    # Asked of Windows rather than guessed: desktops are often moved into OneDrive.
    return ["$ErrorActionPreference = 'Stop'",
            "$desktop = [Environment]::GetFolderPath('Desktop')",
            "$programs = [Environment]::GetFolderPath('Programs')"]


def _ps(text: str) -> str:
    """A PowerShell single-quoted string: nothing in it is expanded; ' is written twice."""
    return "'" + text.replace("'", "''") + "'"


def powershell_command(script: str) -> list[str]:
    # -EncodedCommand (UTF-16LE, base64) passes any path through without a quoting layer.
    encoded = base64.b64encode(script.encode("utf-16-le")).decode("ascii")
    return ["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
            "-EncodedCommand", encoded]


def _powershell(script: str) -> list[Path]:
    done = subprocess.run(powershell_command(script), capture_output=True, text=True,
                          check=False, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    if done.returncode != 0:
        raise OSError(f"PowerShell could not change the shortcuts: {done.stderr.strip()}")
    return [Path(line) for line in done.stdout.splitlines() if line.strip()]


# ---------------------------------------------------------------------- macOS


def mac_app_path() -> Path:
    return Path.home() / "Applications" / f"{APP_NAME}.app"


def write_mac_app(command: list[str], app: Path) -> Path:
    contents = app / "Contents"
    (contents / "MacOS").mkdir(parents=True, exist_ok=True)
    (contents / "Resources").mkdir(exist_ok=True)
    (contents / "Info.plist").write_bytes(plistlib.dumps(mac_info_plist()))
    launcher = contents / "MacOS" / APP_NAME
    launcher.write_text(mac_launcher_script(command), encoding="utf-8")
    launcher.chmod(0o755)
    shutil.copyfile(ICON_DIR / "shopsense.icns", contents / "Resources" / "shopsense.icns")
    return app


def mac_info_plist() -> dict:
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": "org.shopsense.ShopSense",
        "CFBundleExecutable": APP_NAME,
        "CFBundleIconFile": "shopsense.icns",
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": "0.1.0",
        "NSHighResolutionCapable": True,
    }


def mac_launcher_script(command: list[str]) -> str:
    return ("#!/bin/sh\n"
            f"cd {shlex.quote(str(REPO))} || exit 1\n"
            f"exec {shlex.join(command)} \"$@\"\n")


# ---------------------------------------------------------------------- command line


def main(argv: list[str]) -> int:
    """`python main.py --install-shortcut [--db PATH]` or `--uninstall-shortcut`."""
    parser = argparse.ArgumentParser(prog="shopsense", description="Desktop and menu entries.")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--install-shortcut", action="store_true",
                        help="add ShopSense to the desktop and the applications menu")
    action.add_argument("--uninstall-shortcut", action="store_true",
                        help="remove what --install-shortcut added")
    parser.add_argument("--db", type=Path, default=None,
                        help="the shop database the shortcut opens (default: the usual one)")
    args = parser.parse_args(argv)
    setup_logging()
    try:
        paths = install(args.db) if args.install_shortcut else uninstall()
    except OSError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    verb = "created" if args.install_shortcut else "removed"
    for path in paths:
        print(f"{verb} {path}")
    if not paths:
        print("nothing to remove" if args.uninstall_shortcut else "nothing created")
    log.info("shortcuts %s: %s", verb, ", ".join(map(str, paths)) or "none")
    return 0
