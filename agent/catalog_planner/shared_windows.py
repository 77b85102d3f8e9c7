"""Give a window said after two objects of one verb to both: "completed a strength workout and a cardio workout
this week" times each workout (the window reached the nearer one only, leaving the strength workout over all
time). Only objects with no verb of their own share it: "viewed pricing and compared plans this week" keeps its
reading, since the second act may be timed alone. A span said as "the 30 days before" a window ends where that
window starts: it is read as one span back from now through both, and the rule says so."""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import substitute
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import unit_days
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



_SPAN_BEFORE = re.compile(
    r"(?P<first>(?:in|over|during) the (?:last|past) (?P<wn>\d+) (?P<wu>days?|weeks?|months?))(?P<mid>[^.;]*?)"
    r"\b(?:in|over|during) the (?P<n>\d+) (?P<nu>days?|weeks?|months?) (?:before|prior)(?:\s+(?:that|then|those|it))?\b",
    re.IGNORECASE,
)


def read_spans_before(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "none in the last 7 days but at least 5 in the 30 days before" as "… 5 in the last 37 days": the
    catalog counts back from now only (exact beside none in the nearer span, else it counts those days too)."""

    def build(m: re.Match[str]) -> tuple[str, str]:
        nearer = round(int(m["wn"]) * unit_days(m["wu"]))
        total = nearer + round(int(m["n"]) * unit_days(m["nu"]))
        note = (
            f"'the {m['n']} {m['nu']} before' read as the last {total} days (the catalog counts back from now: the "
            f"{nearer} days nearer count too)"
        )
        return f"{m['first']}{m['mid']}in the last {total} days", note

    return substitute(_SPAN_BEFORE, text, build, notes)
