"""Engine test fixtures: a small real shop with names and formula-like customers (reports)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_job


@pytest.fixture(scope="session")
def small_shop_untrained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 Online Retail customers with names, imported, never trained (about 3 s once).
    Read-only, like the fixtures below."""
    from tests.engine.report_shop import small_shop_db

    return small_shop_db(tmp_path_factory.mktemp("small-shop-untrained"))


@pytest.fixture(scope="session")
def small_shop(small_shop_untrained: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small shop with an item-kNN run serving recommendations (about 1 s once)."""
    from engine.jobs.training import TrainOptions, train_job

    path = tmp_path_factory.mktemp("small-shop") / "shop.sqlite3"
    shutil.copyfile(small_shop_untrained, path)
    run_job(train_job(path, TrainOptions("itemknn")))
    return path


@pytest.fixture(scope="session")
def small_shop_churn(small_shop: Path):
    """The small shop's churn scores (about 4 s once)."""
    from engine.jobs.churn import churn_job

    return run_job(churn_job(small_shop))
