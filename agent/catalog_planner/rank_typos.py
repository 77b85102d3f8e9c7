"""Mend quiet typos in the words that state a ranking ("Prioritze win-back ovr onboarding", "Priorty: …", "frist
A, thn B") before the decision readers look for them: a misspelt rank word left a program named
"prioritze_win_back" and dropped the one after "ovr". Only the ranking vocabulary is mended, and only by one
letter dropped, added or two neighbours swapped (never a changed letter: "abode" is no "above")."""

from __future__ import annotations

import re

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
    if abs(len(typed) - len(word)) > 1 or typed == word:
        return False
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == word[diff[1]] and typed[diff[1]] == word[diff[0]]
    short, long = (typed, word) if len(typed) < len(word) else (word, typed)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


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
