"""ShopSense: start the window, or run a headless command (`python main.py import FILE…`)."""

from __future__ import annotations

import sys


def main() -> int:
    argv = sys.argv[1:]
    from engine.cli import COMMANDS

    if argv and argv[0] in COMMANDS:
        from engine.cli import main as cli_main

        return cli_main(argv)
    if {"--install-shortcut", "--uninstall-shortcut"} & set(argv):
        from engine.shortcut import main as shortcut_main

        return shortcut_main(argv)
    from gui.app import run

    return run(argv)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # the window's worker processes, in a frozen build
    sys.exit(main())
