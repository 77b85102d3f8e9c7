"""Refuse by name the audience shapes no condition can say, whatever their words: one count of a person
compared with another of theirs ("viewed pricing more than they have worked out"). Read word by word, both
counts would each become "at least one", a different audience with nothing said."""

from __future__ import annotations

import re

from agent.types import Refusal

_COUNT_VS_COUNT = re.compile(
    r"\b(?:more|less|fewer)\s+(?:often\s+|times\s+)?than\s+(?:they|he|she|them)(?:\s+(?:have|has|had|did|do|does))?\b",
    re.IGNORECASE,
)


def unsaid_shape(text: str) -> Refusal | None:
    """Return a refusal naming the first shape in the text that no condition can say, else None."""
    m = _COUNT_VS_COUNT.search(text)
    if m is None:
        return None
    return Refusal(
        reason=f"I could not express: '{m.group(0)}' (a condition compares a trait with a number, not two of the "
        "person's counts with each other).",
        unmatched_phrases=[m.group(0)],
        suggestions=[
            "compare each count with a number, e.g. 'viewed pricing 3+ times and fewer than 2 workouts'"
        ],
    )
