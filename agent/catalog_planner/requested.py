"""Tell the thing a program asks for from the people it is for: in "a referral ask", "ask them for a
referral", "a review request" the referral is what the program wants, not a trait of its audience
(`utm_source = referral` is how users arrived, which no message changes)."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import normalize, tokenize

_ASKED = re.compile(
    r"\b(?P<before>[\w-]+)\s+(?:asks?|requests?|invit(?:e|es|ation|ations)|appeals?)\b|"
    # "ask them for a referral", "ask committed users for a referral"
    r"\b(?:ask(?:s|ing)?|request(?:s|ing)?)\s+(?:them\s+|(?:[\w-]+\s+){0,3}?(?:users|people|members|customers|"
    r"subscribers)\s+)?(?:for\s+)?"
    r"(?:an?\s+|the\s+|some\s+|more\s+)?(?P<after>[\w-]+)\b(?!\s+(?:users|people|members|customers|subscribers)\b)",
    re.IGNORECASE,
)


def _only_a_value(word: str, lexicon: Lexicon) -> bool:
    """Return True when the catalog knows a word only as a value of a trait (not an event or a count)."""
    entries = [e.kind for m in lexicon.match(tokenize(normalize(word))) for e in m.entries]
    return bool(entries) and all(kind == "value" for kind in entries)


def without_asked_values(phrase: str, lexicon: Lexicon) -> str:
    """Return the phrase without what it asks for when that is only a trait's value ("a referral ask" →
    "a ask"); an asked-for action the catalog counts ("ask them to compare plans") is a goal and stays."""

    def drop(m: re.Match[str]) -> str:
        group = "before" if m["before"] else "after"
        if not _only_a_value(m[group], lexicon):
            return m.group(0)
        start, end = m.start(group) - m.start(), m.end(group) - m.start()
        return m.group(0)[:start] + m.group(0)[end:]

    return re.sub(r"\s+", " ", _ASKED.sub(drop, phrase)).strip()
