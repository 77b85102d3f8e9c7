"""Mend one-letter slips in a debug prompt's catalog and calendar words ("convresion", "andriod", "mnoth").

Analysts type fast. A word the catalog does not know that is one slip (a letter changed, added, dropped, or
two neighbours swapped) from exactly one word the catalog or the calendar uses is read as that word, and the
plan says so; a word near two (or none) is left as typed, for the reader to refuse by name.
"""

from __future__ import annotations

import re

from agent.catalog_planner.countries import COUNTRY_NAMES
from agent.catalog_planner.debug_period_phrases import MONTHS, WEEKDAYS
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.slips import one_letter_more, swapped_neighbours
from agent.catalog_planner.text import stem
from warehouse.catalog import Catalog

# Words a period or a comparison is named with.
_CALENDAR = ("week", "weeks", "month", "months", "yesterday", "today", "weekend", "fortnight", "quarter", "since",
             "compared", "previous", "versus", *WEEKDAYS, *MONTHS)
_WORD = re.compile(r"[a-z]{4,}")


def _catalog_words(catalog: Catalog) -> frozenset[str]:
    """Return the words of five letters or more that the catalog's names, synonyms and values use, and the
    country names the planner reads as country codes."""
    phrases: list[str] = [d.name for d in catalog.dimensions]
    for metric in catalog.metrics:
        phrases += [metric.name, *metric.synonyms]
    for trait in catalog.traits:
        phrases += [trait.name, *trait.synonyms, *(trait.values or [])]
        phrases += [s for synonyms in (trait.value_synonyms or {}).values() for s in synonyms]
    for event in catalog.events:
        phrases += [event.name, *event.synonyms]
    phrases += [name for names in COUNTRY_NAMES.values() for name in names]
    return frozenset(w for p in phrases for w in re.split(r"[\s_-]+", p.lower()) if len(w) >= 5 and w.isalpha())


def is_slip(typed: str, word: str) -> bool:
    """Return True when `typed` is `word` with one slip that makes no other word: two neighbours swapped
    ("andriod"), a letter dropped or added inside a word of seven letters or more ("activaton"), or one
    changed in a word of eight or more. The first letter stays; in shorter words, or at the end, such a slip
    usually makes another word ("lower" is not "power", "causes" not "cases", "members" not "member").

    >>> is_slip("convresion", "conversion"), is_slip("activaton", "activation"), is_slip("lower", "power")
    (True, True, False)
    >>> is_slip("causes", "cases")
    False
    >>> is_slip("members", "member"), is_slip("fcebook", "facebook"), is_slip("saver", "saved")
    (False, True, False)
    """
    if typed == word or min(len(typed), len(word)) < 5 or typed[0] != word[0]:
        return False
    if len(typed) == len(word):
        changed = sum(a != b for a, b in zip(typed, word, strict=True))
        return swapped_neighbours(typed, word) or (changed == 1 and len(word) >= 8)
    short, long = sorted((typed, word), key=len)
    return len(long) >= 7 and one_letter_more(short, long, inside=True)


def _mend(word: str, vocabulary: frozenset[str]) -> str | None:
    """Return the one vocabulary word one slip away from `word`, or None when there is none or more than one."""
    near = {v for v in vocabulary if is_slip(word, v)}
    return near.pop() if len(near) == 1 else None


def mend_spelling(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str, list[str]]:
    """Return normalised text with slips mended, and a note for each ("'convresion' read as 'conversion'")."""
    vocabulary = _catalog_words(catalog) | frozenset(_CALENDAR)
    notes: list[str] = []

    def mend(m: re.Match[str]) -> str:
        word = m.group()
        if word in vocabulary or lexicon.knows(stem(word)):
            return word
        mended = _mend(word, vocabulary)
        if mended is None:
            return word
        notes.append(f"the spelling '{word}': read as '{mended}'.")
        return mended

    return _WORD.sub(mend, text), list(dict.fromkeys(notes))


def slips_in(text: str, catalog: Catalog, lexicon: Lexicon) -> dict[str, str]:
    """Return each word of the text (as typed, lower case) that is one slip from exactly one catalog word, with
    that word ("trail" → "trial"); the text itself is not changed, so its case and spacing stay."""
    vocabulary = _catalog_words(catalog) | frozenset(_CALENDAR)
    slips: dict[str, str] = {}
    for word in _WORD.findall(text.lower()):
        if word in vocabulary or lexicon.knows(stem(word)):
            continue
        if (mended := _mend(word, vocabulary)) is not None:
            slips[word] = mended
    return slips
