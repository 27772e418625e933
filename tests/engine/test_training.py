"""Training jobs end to end on a real shop: measured, stored, served, cancellable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.jobs.training import TrainOptions, recommendations_for, runs, train_job
from engine.recommenders.base import NotEnoughData
from storage.database import create_db_engine
from storage.importer import import_file
from tests.conftest import run_job


@pytest.fixture
def shop(retail_db: Path, tmp_path: Path) -> Path:
    """A private copy of the Online Retail database (training writes runs into it)."""
    copy = tmp_path / "shop.sqlite3"
    shutil.copyfile(retail_db, copy)
    return copy


def test_training_measures_stores_and_serves(shop):
    result = run_job(train_job(shop, TrainOptions(model="itemknn")))
    assert result.split["kind"] == "last days"
    for key in ("precision@10", "recall@20", "ndcg@10", "coverage"):
        assert 0 <= result.metrics[key] <= 1
    assert result.metrics["ndcg@10"] > 0.05
    assert result.customers == 4_372
    history = runs(shop)
    assert list(history["status"]) == ["completed"] and bool(history["is_active"].iloc[0])
    top = recommendations_for(shop, "12347", 5)
    assert list(top["rank"]) == [1, 2, 3, 4, 5]
    assert top["reason"].str.len().min() > 0


def test_cancelled_training_keeps_the_previous_model(shop):
    first = run_job(train_job(shop, TrainOptions(model="popularity")))
    before = recommendations_for(shop, "12347", 10)
    job = train_job(shop, TrainOptions(model="itemknn"))
    for progress in job:
        if progress.message.startswith("Training"):
            break
    job.close()
    history = runs(shop)
    assert list(history["status"]) == ["completed", "cancelled"]
    assert history.loc[history["is_active"], "id"].tolist() == [first.run_id]
    assert recommendations_for(shop, "12347", 10).equals(before)


def test_too_little_data_to_train(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text("customer,date,sku,quantity,price\nA,2024-01-01,T,1,2\nB,2024-01-02,T,1,2\n")
    db = tmp_path / "shop.sqlite3"
    engine = create_db_engine(db)
    run_job(import_file(engine, path))
    engine.dispose()
    with pytest.raises(NotEnoughData, match="needs"):
        run_job(train_job(db, TrainOptions(model="itemknn")))
    assert runs(db).empty
