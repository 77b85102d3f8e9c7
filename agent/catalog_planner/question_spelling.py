"""Mend quick slips in a data question ("how mnay users are on iOS", "avarage workouts for trail users", "waht
share of users have push enabld") before its shape and words are read.

Two vocabularies: the words that give a question its shape ("many", "average", "share"), mended by two
neighbours swapped, a letter dropped or added (five letters or more), or one changed (seven or more, first
letter kept); and the catalog's own words, mended as the debug path mends them (`debug_spelling`: one slip from
exactly one catalog word). The SQL shows what was read, so a mended word is visible in the answer.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_spelling import mend_spelling
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.slips import one_letter_more, swapped_neighbours
from warehouse.catalog import Catalog

_SHAPE_WORDS = (
    "many", "what", "whats", "which", "average", "median", "share", "percentage", "percent", "proportion",
    "fraction", "total", "number", "distribution", "breakdown", "users", "people", "count", "among",
)
_WORD = re.compile(r"\b[a-z]{4,}\b")


def _slip_of(typed: str, word: str) -> bool:
    """Return True when `typed` is the shape word `word` with one slip."""
    if typed[0] != word[0]:
        return False
    if swapped_neighbours(typed, word):
        return True
    if len(typed) == len(word):
        return len(word) >= 7 and sum(a != b for a, b in zip(typed, word, strict=True)) == 1
    short, long = sorted((typed, word), key=len)
    return len(short) >= 5 and one_letter_more(short, long)


def _mend_shape_word(m: re.Match[str]) -> str:
    typed = m.group(0)
    if typed in _SHAPE_WORDS:
        return typed
    near = [w for w in _SHAPE_WORDS if _slip_of(typed, w)]
    return near[0] if len(near) == 1 else typed


def mend_shape_words(text: str) -> str:
    """Return the text with its question-shape words' slips mended ("how mnay" → "how many")."""
    return _WORD.sub(_mend_shape_word, text)


def mend_question(text: str, catalog: Catalog, lexicon: Lexicon) -> str:
    """Return normalised question text with its shape words' and catalog words' slips mended."""
    return mend_spelling(mend_shape_words(text), catalog, lexicon)[0]
