"""Restore the apostrophe chat style drops from a negation ("dont message anyone with …", "havent worked out"):
the guard readers look for "don't"/"do not", so "dont" left a suppression unread and dropped it silently."""

from __future__ import annotations

import re

# only forms that are no English word without their apostrophe ("cant", "wont" are words: left alone)
_CONTRACTIONS = {
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "havent": "haven't", "hasnt": "hasn't",
    "hadnt": "hadn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "werent": "weren't",
    "shouldnt": "shouldn't", "wouldnt": "wouldn't", "mustnt": "mustn't",
}  # fmt: skip
_WORD = re.compile(r"\b(?:" + "|".join(_CONTRACTIONS) + r")\b", re.IGNORECASE)


def _restored(m: re.Match[str]) -> str:
    typed = m.group(0)
    fixed = _CONTRACTIONS[typed.lower()]
    return fixed.capitalize() if typed[0].isupper() else fixed


def with_apostrophes(text: str) -> str:
    """Return the text with each negation written without its apostrophe spelt with it ("dont" → "don't")."""
    return _WORD.sub(_restored, text)
