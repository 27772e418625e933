"""How a message is matched: as known sentences one after the other (a whole message is often
a problem and a hint), else as an ImportProblem ("file, row n, column 'c': sentences",
storage.errors.ImportProblem.describe).

A rule is a regular expression with named groups and a Chinese template that names them. What a
group caught is kept as it is (file and column names, ids, numbers, dates), except groups named
in TRANSLATED: those hold engine words of their own (a model's title, a row's reason, a whole
inner message, the error a library or ShopSense gave) and are translated in turn where known.
A group named "column" keeps a file's column name but translates the columns ShopSense adds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.messages import notes, problems, progress

# Group names (less a trailing digit) whose text is itself an engine message.
TRANSLATED = frozenset({"model", "stage", "detail", "reason", "problem", "needs", "found",
                        "error"})

_FIXED: dict[str, str] = {**problems.FIXED, **notes.FIXED, **progress.FIXED}
# Specific rules before generic ones ("Reading {file}" would swallow much): the progress table
# ends with its catch-alls.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in (*problems.PATTERNS, *notes.PATTERNS, *progress.PATTERNS)]

_SENTENCE_END = re.compile(r"(?<=[.?)]) ")
_WHERE = re.compile(r"(?P<file>.+?)(?:, row (?P<row>\d+))?(?:, column '(?P<column>.*)')?",
                    re.DOTALL)


def message(text: str, language: str) -> str:
    """`text`, one message of the engine, in `language` where a translation is known."""
    if language != "zh_CN" or not text:
        return text
    return _translated(text) or text


@lru_cache(maxsize=4096)
def _translated(text: str) -> str | None:
    found = _sentences(text)
    if found is not None:
        return found
    for colon in re.finditer(": ", text):
        where = _WHERE.fullmatch(text[:colon.start()])
        if where is None:
            continue
        body = _sentences(text[colon.end():])
        if body is not None:
            return _where(**where.groupdict()) + body
    return None


def _where(file: str, row: str | None, column: str | None) -> str:
    text = file
    if row is not None:
        text += f"，第 {row} 行"
    if column is not None:
        text += f"，“{_part('column', column)}”列"
    return text + "："


@lru_cache(maxsize=4096)
def _sentences(text: str) -> str | None:
    """`text` as known sentences one after the other, or as one known sentence. The shortest
    first sentence is tried first: a group that takes "anything" (a list of columns) could
    otherwise swallow the sentences after its own."""
    for end in _SENTENCE_END.finditer(text):
        head = _one(text[:end.start()])
        if head is None:
            continue
        tail = _sentences(text[end.end():])
        if tail is not None:
            return head + tail
    return _one(text)


def _one(text: str) -> str | None:
    if text in _FIXED:
        return _FIXED[text]
    for pattern, template in _RULES:
        match = pattern.fullmatch(text)
        if match:
            return template.format(**{name: _part(name, value or "")
                                      for name, value in match.groupdict().items()})
    return None


def _part(name: str, value: str) -> str:
    if name.rstrip("0123456789") in TRANSLATED:
        return _translated(value) or value
    if name == "column":
        return progress.COLUMNS.get(value, value)
    return value
