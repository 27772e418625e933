"""Every recommender has one name for people, the same in the window and the reports, and a
Chinese one."""

from __future__ import annotations

import re

from engine.jobs.training import MODEL_NAMES
from engine.recommenders.names import NAMES, model_title

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_model_has_a_plain_name_and_the_technical_one_where_it_has_one():
    assert set(NAMES) == set(MODEL_NAMES)
    assert model_title("itemknn") == "Bought together (item-kNN)"
    assert model_title("itemknn", technical=False) == "Bought together"
    assert model_title("popularity") == "Best-sellers"  # the plain name says it all
    assert model_title("a-future-model") == "a-future-model"  # stored, then renamed: still shown
    titles = [model_title(name) for name in MODEL_NAMES]
    assert len(set(titles)) == len(titles)


def test_every_model_has_a_chinese_name_with_its_technical_name_kept():
    for name in MODEL_NAMES:
        chinese = model_title(name, "zh_CN")
        assert CHINESE.search(chinese), name
        assert chinese != model_title(name)
    assert model_title("itemknn", "zh_CN") == "关联购买（item-kNN）"
    assert model_title("svdpp", "zh_CN") == "顾客口味（SVD++）"
    assert model_title("content", "zh_CN") == "描述相似（基于内容）"
    assert len({model_title(name, "zh_CN") for name in MODEL_NAMES}) == len(MODEL_NAMES)
