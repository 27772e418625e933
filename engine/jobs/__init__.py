"""Use cases: generators that join the algorithms with storage (HOUSE_STYLE §2)."""

from storage.progress import Progress

__all__ = ["Progress"]
