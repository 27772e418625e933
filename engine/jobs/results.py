"""What the long jobs hand back to the window: plain data in light modules.

The jobs run in a worker process (gui.worker_process) and their results travel pickled; a
class is unpickled by importing its module, so results live here, away from scikit-learn and
torch, and the window never loads those to read an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from engine.churn.report import ChurnReport

HIGH_RISK = 0.7  # a calibrated 70 % chance of no order within the horizon


@dataclass
class ChurnResult:
    """The comparison and the scored customers (see engine.churn.reasons.score_customers),
    riskiest value first; `as_of` is the day they were scored at (the data's last day)."""

    report: ChurnReport
    scores: pd.DataFrame
    as_of: pd.Timestamp
    threshold: float
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def at_risk(self) -> pd.DataFrame:
        return self.scores[self.scores["at_risk"]]

    @property
    def high_risk_from(self) -> float:
        """Where "high risk" starts. The operating threshold (the best F1 on past customers)
        flags many customers, often more than half; a call list needs the surest ones."""
        return max(HIGH_RISK, self.threshold)

    @property
    def high_risk(self) -> pd.DataFrame:
        return self.scores[self.scores["risk"] >= self.high_risk_from]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    fmt: str
    rows: int
    customers: int
    language: str
    anonymized: bool
    seconds: float
