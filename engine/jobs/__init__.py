"""Use cases: generators that join the algorithms with storage (HOUSE_STYLE §2)."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from storage.progress import Progress

__all__ = ["Progress", "call_job", "user_problems"]


def call_job(function: Callable[..., Any], *args: Any, message: str
             ) -> Generator[Progress, None, Any]:
    """A job around one quick, uninterruptible call (an undo, say): cancellable until it
    starts."""
    yield Progress(0, 0, message)
    return function(*args)


def user_problems() -> tuple[type[Exception], ...]:
    """Problems a user can cause or fix (a bad file, an unknown customer, too little history
    to learn from, a GPU that is not there): their message is for the user, as it is. The CLI
    exits 2 on them and the window shows them; anything else is a bug, logged."""
    from engine.churn.labels import NotEnoughHistory
    from engine.customers.clv import NotEnoughData
    from engine.device import DeviceUnavailable
    from engine.jobs.profiles import UnknownCustomer
    from engine.recommenders.base import NotEnoughData as NotEnoughToTrain
    from engine.reports.common import UnknownSegment
    from storage.errors import ImportProblem

    return (ImportProblem, UnknownCustomer, NotEnoughData, NotEnoughHistory, NotEnoughToTrain,
            DeviceUnavailable, UnknownSegment)
