"""The window's pages, one per entry of the navigation list."""

from __future__ import annotations

from gui.pages.base import ShopPage
from gui.pages.churn_page import ChurnPage
from gui.pages.customers_page import CustomersPage
from gui.pages.data_page import DataPage, RejectedRowsDialog
from gui.pages.models_page import ModelsPage
from gui.pages.overview_page import OverviewPage
from gui.pages.recommendations_page import RecommendationsPage
from gui.pages.reports_page import ReportsPage
from gui.pages.welcome_page import WelcomePage

__all__ = ["ChurnPage", "CustomersPage", "DataPage", "ModelsPage", "OverviewPage",
           "RecommendationsPage", "RejectedRowsDialog", "ReportsPage", "ShopPage",
           "WelcomePage"]
