"""Give a window said after two objects of one verb to both: "completed a strength workout and a cardio workout
this week" times each workout (the window reached the nearer one only, leaving the strength workout over all
time). Only objects with no verb of their own share it: "viewed pricing and compared plans this week" keeps its
reading, since the second act may be timed alone."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from warehouse.catalog import Catalog

# an object's words are nouns and their modifiers, never the preposition of a window ("one in the last week")
_WORD = r"(?!(?:in|on|of|at|for|from|by|with|within|over|during|the|last|past|this|each|every|and|or)\b)[a-z][\w-]*"
_OBJECT = rf"(?:a|an|one|\d+\+?|at least \d+|more than \d+)\s+{_WORD}(?:\s+{_WORD})?"
_WINDOW = (
    r"(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:last|past|previous|this)\s+(?:\d+\s+)?(?:days?|weeks?|months?|"
    r"wks?|mos?)\b|today\b|yesterday\b"
)
_TWO_OBJECTS = re.compile(
    rf"\b(?P<first>{_OBJECT})\s+and\s+(?P<second>{_OBJECT})\s+(?P<window>{_WINDOW})", re.IGNORECASE
)


def share_windows(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "<verb> A and B <window>" (A, B objects of that verb) as "A <window> and B <window>"."""
    return _TWO_OBJECTS.sub(lambda m: f"{m['first']} {m['window']} and {m['second']} {m['window']}", text)

