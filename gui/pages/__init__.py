"""The window's pages, one per entry of the navigation list."""

from __future__ import annotations

from gui.pages.data_page import DataPage, RejectedRowsDialog
from gui.pages.welcome_page import WelcomePage

__all__ = ["DataPage", "RejectedRowsDialog", "WelcomePage"]
