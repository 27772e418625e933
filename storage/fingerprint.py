"""Stable 64-bit fingerprints of rows, so the same row never lands twice.

A user's database lives for years, so the hash must not depend on a library version: text is
hashed with BLAKE2b (once per distinct value), numbers and times by their bits, and columns are
combined with the splitmix64 finaliser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator

import numpy as np
import pandas as pd

_MISSING = np.uint64(0x6A09E667F3BCC909)


def _splitmix(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _text_hashes(values: np.ndarray) -> np.ndarray:
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(str(v).encode(), digest_size=8).digest(), "little")
         for v in values), dtype=np.uint64, count=len(values))


def column_hash(values: pd.Series) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        hashes = np.append(_text_hashes(values.cat.categories.to_numpy()), _MISSING)
        return hashes[np.where(codes < 0, len(hashes) - 1, codes)]
    if pd.api.types.is_datetime64_any_dtype(values):
        ints = values.to_numpy(dtype="datetime64[us]").view(np.int64).view(np.uint64)
        return np.where(values.isna().to_numpy(), _MISSING, ints)
    if pd.api.types.is_integer_dtype(values) and values.dtype.kind in "iu":
        return values.to_numpy().astype(np.int64).view(np.uint64)  # all 64 bits, not a float's 53
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        floats = values.to_numpy(dtype=np.float64) + 0.0  # -0.0 and 0.0 hash alike
        return np.where(np.isnan(floats), _MISSING, floats.view(np.uint64))
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    hashes = np.append(_text_hashes(np.asarray(uniques, dtype=object)), _MISSING)
    return hashes[np.where(codes < 0, len(hashes) - 1, codes)]


def fingerprints(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One signed 64-bit fingerprint per row over `columns` (absent columns count as empty)."""
    steps = iter_fingerprints(frame, columns)
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def iter_fingerprints(frame: pd.DataFrame, columns: list[str],
                      ) -> Generator[str, None, np.ndarray]:
    """`fingerprints`, yielding after each column so that long jobs stay cancellable."""
    state = np.full(len(frame), np.uint64(0x243F6A8885A308D3), dtype=np.uint64)
    for column in columns:
        part = column_hash(frame[column]) if column in frame.columns else np.full(
            len(frame), _MISSING, dtype=np.uint64)
        state = _splitmix(state ^ _splitmix(part))
        yield column
    return state.view(np.int64)
