"""The engine's generated sentences (churn reasons, suggested actions, recommendation reasons)
and its messages (job progress, problems the user can fix, notes on results) in the window's
language.

The engine writes them in English with numbers, names and ids inside, so Qt's translator
cannot know them: the sentences are translated with engine.reports.phrases, as the reports do,
and the messages with engine.messages, where the window shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from PySide6.QtCore import QLocale

from engine.messages import message
from engine.recommenders import names
from engine.reports.phrases import phrase
from engine.reports.text import LANGUAGES


def ui_language() -> str:
    """The window's language as the reports name it: the default locale, which
    gui.settings.install_translations sets with the translation it loads."""
    name = QLocale().name()
    return name if name in LANGUAGES else "en"


def in_ui_language(text: str) -> str:
    return in_language(text, ui_language())


@lru_cache(maxsize=65_536)  # the same sentences come back on every repaint of a table
def in_language(text: str, language: str) -> str:
    """`in_ui_language` for a reader thread, given the language the UI thread read."""
    translated = phrase(text, language)
    return translated if translated != text else message(text, language)


def reasons_in_ui_language(reasons: Iterable[str], separator: str | None = None) -> str:
    """Several reasons in one line, joined as the language writes a list (or by
    `separator`)."""
    language = ui_language()
    if separator is None:
        separator = "；" if language == "zh_CN" else "; "
    return separator.join(in_language(reason, language) for reason in reasons)


def model_title(model: str, *, technical: bool = True) -> str:
    """A recommender's name (engine.recommenders.names) in the window's language, in the
    same words as the reports."""
    return names.model_title(model, ui_language(), technical=technical)
