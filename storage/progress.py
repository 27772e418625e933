"""The progress record every long job yields (HOUSE_STYLE §2); each yield is a cancel point."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    message: str
    # What a watcher may draw besides the bar (a training epoch's losses, say). Progress with a
    # detail is never dropped by a throttling relay, so a live chart misses no point.
    detail: dict | None = None

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0
