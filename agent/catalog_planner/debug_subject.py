"""Find what a debug prompt says moved when no catalog metric reads it: the words to refuse by name.

"Has retention dropped on iOS?" asks about retention, "Why did DAU fall?" about DAU, "why so few checkouts?"
about checkouts (an event no metric's funnel ends at): each is refused naming those words. (Support load,
"why did support tickets spike?", is planned before this, by `debug_support.py`.) A prompt that names no subject at all
("what's going on with Android?", "something is off on web since Monday") asks for a health check of a
group, so the caller compares the catalog's first metric and says so.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_cues import MOVED

# "why did X drop", "how come X is down"
_WHY_SUBJECT = re.compile(
    r"\b(?:why|how come)\s+(?:did|does|is|are|has|have|was|were)\s+(?:the\s+|our\s+)?(?P<subject>.+?)\s+"
    r"(?:drop|fall|fell|decline|decrease|go|rise|rose|increase|spike|change|jump|dip|tank|improve|worsen|down|up|so|"
    r"lower|higher)"
)
# "X dropped", "X spiked": the words before a movement verb, after the last break.
_MOVED_WORD = re.compile(rf"\b(?:{MOVED.pattern})\b")
# "the drop in X", "a spike of X"
_NOUN_SUBJECT = re.compile(
    r"\b(?:drop|dip|decline|fall|spike|jump|rise|increase|decrease|change|slump)s?\s+(?:in|of)\s+(?:the\s+|our\s+)?"
    r"(?P<subject>[\w-]+(?:\s+(?!(?:for|on|in|among|with|from|of|at|this|last|since|vs|over|across)\b)[\w-]+)?)"
)
_LEADING = frozenset({"has", "have", "had", "is", "are", "was", "were", "did", "does", "do", "the", "our", "my", "so",
                      "why", "how", "come", "and", "but", "then", "a", "an", "just", "really", "suddenly"})
_BREAK = re.compile(r"[.?!,;:\u2014-]\s")


def _before_movement(text: str) -> str | None:
    """Return up to three words before the first movement verb, without leading auxiliaries ("has retention")."""
    moved = _MOVED_WORD.search(text)
    if moved is None:
        return None
    clause = _BREAK.split(text[: moved.start()])[-1]
    words = clause.split()[-3:]
    while words and words[0] in _LEADING:
        words.pop(0)
    return " ".join(words) or None


# "opening so many support tickets", "why so few checkouts": the amount said of a thing names the thing
_AMOUNT_SUBJECT = re.compile(
    r"\b(?:so many|so few|too many|too few|so much|so little)\s+(?P<subject>[\w-]+(?:\s+(?!(?:for|on|in|among|with|from|"
    r"of|at|this|last|since|vs|over|across|lately|recently|today|now)\b)[\w-]+)?)"
)


def asked_subject(text: str) -> str | None:
    """Return the words normalised text says moved ("retention", "ticket volume"), or None when it says none."""
    for found in (_AMOUNT_SUBJECT.search(text), _WHY_SUBJECT.search(text), _NOUN_SUBJECT.search(text)):
        if found is not None:
            return found["subject"].strip()
    return _before_movement(text)
