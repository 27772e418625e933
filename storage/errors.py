"""Problems a user can cause with a file, phrased so they know what to do next."""

from __future__ import annotations


class ImportProblem(Exception):
    """A file cannot be imported. Nothing from it was written.

    The message names the file and, where it helps, the row and column, and ends with what to do.
    """

    def __init__(self, file: str, problem: str, *, hint: str = "",
                 row: int | None = None, column: str | None = None) -> None:
        self.file = file
        self.problem = problem
        self.hint = hint
        self.row = row
        self.column = column
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: {self.problem}"
        return f"{text} {self.hint}".strip()


class AmbiguousDates(ImportProblem):
    """Every date in a column reads both as day/month and month/day; the user must choose."""
