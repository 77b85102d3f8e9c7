"""Derive the nouns of catalog verbs, so "cancellations" and "workout completions" name the events
"cancelled" and "completed a workout" name, and "signups" names what "signed up" does.

The suffix stemmer keeps plurals and tenses together ("cancelled", "cancelling"), but a noun made from the
verb ("cancellation", "completion") or a verb-particle compound ("signup", "checkout") is another word.
These forms are derived from the catalog's own surfaces, so a new event's nouns need no code change; a
derived form never replaces a form the catalog states. An event's verb also takes "re-" ("resubscribed",
"restarted a workout"): doing it again is an occurrence of the same event (`repeated_surfaces`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PARTICLES = frozenset({"up", "in", "out", "on", "off"})
_VOWELS = frozenset("aeiou")


def _nouns_of(word: str) -> list[str]:
    """Return the nouns of a past participle: "cancelled" → cancellation, cancel; "completed" → completion."""
    if not word.endswith("ed") or len(word) < 6:
        return []
    base = word[:-2]
    nouns = [base + "ion"] if base.endswith("t") else [base + "ation"]
    if base[-1] == base[-2] and base[-1] not in _VOWELS:
        nouns.append(base[:-1])  # "cancelled" → "cancel" ("cancels"), which the stemmer keeps apart
    return nouns


def derived_surfaces(surface: str) -> Iterable[str]:
    """Yield surfaces meaning what `surface` means: each participle replaced by its nouns, and a verb
    followed by a particle written as one word ("signed up" → "signup")."""
    words = re.findall(r"[a-z]+", surface.lower().replace("_", " "))
    for i, word in enumerate(words):
        for noun in _nouns_of(word):
            yield " ".join([*words[:i], noun, *words[i + 1 :]])
    for i in range(len(words) - 1):
        if words[i + 1] in _PARTICLES:
            verb = words[i][:-2] if words[i].endswith("ed") else words[i]
            yield " ".join([*words[:i], verb + words[i + 1], *words[i + 2 :]])


def repeated_surfaces(surface: str) -> Iterable[str]:
    """Yield the surface with its leading verb prefixed by "re" ("subscribed" → "resubscribed"): doing a
    thing again is one more occurrence of the event that does it."""
    words = re.findall(r"[a-z]+", surface.lower().replace("_", " "))
    if words and words[0].endswith("ed") and len(words[0]) >= 6 and not words[0].startswith("re"):
        yield " ".join(["re" + words[0], *words[1:]])
