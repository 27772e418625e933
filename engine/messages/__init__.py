"""The engine's messages to the user in Simplified Chinese: job progress lines, the problems a
user can fix (engine.jobs.user_problems) and notes on results.

The engine and storage write them in English with file names, column names, ids, dates and
numbers inside, and the window receives them as plain strings (a job's Progress.message, a
failure's text), so they are translated where they are shown, by pattern, as
engine.reports.phrases translates churn reasons. A message no pattern knows stays English;
tests/engine/test_messages.py runs real jobs and imports real bad files and checks that every
message they produce is known.
"""

from __future__ import annotations

from engine.messages.matching import message

__all__ = ["message"]
