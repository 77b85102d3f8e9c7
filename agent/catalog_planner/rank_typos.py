"""Mend quiet typos in the words that state a ranking ("Prioritze win-back ovr onboarding", "Priorty: …", "frist
A, thn B") before the decision readers look for them: a misspelt rank word left a program named
"prioritze_win_back" and dropped the one after "ovr". Only the ranking vocabulary is mended, and only by one
letter dropped, added or two neighbours swapped (never a changed letter: "abode" is no "above")."""

from __future__ import annotations

import re

from agent.catalog_planner.slips import one_letter_more, swapped_neighbours

_RANK_WORDS = (
    "prioritize", "prioritise", "prioritized", "prioritised", "priority", "priorities", "before", "above",
    "outranks", "outrank", "precedence", "ranking", "followed", "finally", "first", "second", "third",
)
# shorthand no one-letter rule reaches
_SHORTHAND = {"ovr": "over", "b4": "before", "thn": "then", "prio": "priority", "prios": "priorities"}
_WORD = re.compile(r"\b[A-Za-z][A-Za-z0-9]*\b")
_MIN_LENGTH = 5  # shorter words are too close to ordinary ones ("fist", "abve")


def _one_letter_apart(typed: str, word: str) -> bool:
    """Return True when `typed` is `word` with one letter dropped, one added, or two neighbours swapped."""
    short, long = sorted((typed, word), key=len)
    return swapped_neighbours(typed, word) or one_letter_more(short, long)


def _mended(m: re.Match[str]) -> str:
    typed = m.group(0)
    lower = typed.lower()
    fixed = _SHORTHAND.get(lower)
    if fixed is None and len(lower) >= _MIN_LENGTH and lower not in _RANK_WORDS:
        fixed = next((w for w in _RANK_WORDS if w[0] == lower[0] and _one_letter_apart(lower, w)), None)
    if fixed is None:
        return typed
    return fixed.capitalize() if typed[0].isupper() else fixed


def mend_rank_typos(text: str) -> str:
    """Return the text with misspelt ranking words mended ("Prioritze" → "Prioritize", "ovr" → "over")."""
    return _WORD.sub(_mended, text)
