"""Content similarity: TF-IDF over product name, description and category.

It needs no other customer's purchases, so it serves what collaborative models cannot: products
nobody has bought yet, shops with few customers, and "similar products" on a product's page.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from engine.recommenders.base import Recommender, sparse_row, top_n
from engine.recommenders.data import Interactions
from engine.recommenders.metrics import popularity_percentile

# Words of two or more letters; CJK characters one by one (Chinese names have no spaces).
TOKEN_PATTERN = r"[\u3400-\u9fff]|\b\w\w+\b"
POPULARITY_TIE_BREAK = 1e-6  # orders customers with no history (or exact ties) by popularity


def item_texts(item_info) -> list[str]:
    """One text per item: name, description and category."""
    parts = [item_info[column].fillna("").astype(str) for column in
             ("name", "description", "category")]
    return (parts[0] + " " + parts[1] + " " + parts[2]).str.strip().tolist()


class ContentRecommender(Recommender):
    """Scores items by cosine similarity to the customer's profile, the confidence-weighted
    mean of the TF-IDF vectors of what they bought, rated or viewed."""

    name = "content"

    def __init__(self, *, max_features: int = 20000) -> None:
        self.max_features = max_features

    def _fit(self, train: Interactions) -> None:
        texts = item_texts(train.item_info)
        # Imported here: scikit-learn takes a second to import, and the window needs
        # this module before it needs a vectorizer.
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(max_features=self.max_features, sublinear_tf=True,
                                     stop_words="english", token_pattern=TOKEN_PATTERN,
                                     lowercase=True, dtype=np.float32)
        if any(text for text in texts):
            self.vectors_ = vectorizer.fit_transform(texts).tocsr()
        else:
            self.vectors_ = sp.csr_matrix((train.n_items, 1), dtype=np.float32)
        self.user_items_ = train.confidence()
        totals = np.asarray(self.user_items_.sum(axis=1)).ravel()
        weights = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
        self.profiles_ = (sp.diags(weights.astype(np.float32)) @ self.user_items_
                          @ self.vectors_).tocsr()
        self.tie_break_ = (POPULARITY_TIE_BREAK * popularity_percentile(train)).astype(np.float32)

    def score_items(self, users: np.ndarray) -> np.ndarray:
        scores = (self.profiles_[users] @ self.vectors_.T).toarray().astype(np.float32)
        return scores + self.tie_break_

    def similar_items(self, item: int, n: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """The products whose name, description and category read most like `item`'s."""
        scores = (self.vectors_[item] @ self.vectors_.T).toarray().astype(np.float32)
        scores[0, item] = -np.inf
        scores[scores <= 0] = -np.inf
        scores[:, ~self.recommendable_] = -np.inf
        indices, values = top_n(scores, n)
        found = np.isfinite(values[0])
        return indices[0][found], values[0][found]

    def reason(self, user: int, item: int) -> str:
        viewed = self._viewed(user, item)
        if viewed:
            return viewed
        had, confidence = sparse_row(self.user_items_, user)
        bought = np.isin(had, sparse_row(self.seen_, user)[0])  # what "you bought" can name
        if bought.any():
            had, confidence = had[bought], confidence[bought]
            similar = (self.vectors_[had] @ self.vectors_[item].T).toarray().ravel()
            share = similar * confidence
            if share.max() > 0:
                return f"similar to {self.item_names_[had[int(np.argmax(share))]]} you {self.verb_}"
        return "popular with many customers"
