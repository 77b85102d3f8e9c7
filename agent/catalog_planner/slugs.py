"""Readable ids from prompt words: "help users complete a second workout" → `second_workout`."""

from __future__ import annotations

import re

from agent.catalog_planner.text import STOPWORDS, words

# Verbs and framing words that say what to do, not what the rule is about.
_NOT_IN_IDS: frozenset[str] = words(
    """
    help handle get drive encourage send complete reach achieve make manage address deal create define
    build write draft eligibility rules rule target targets targeting only priority order set up please
    want need should give show let run start do focus first then next finally lastly most least
    eligible suppressions suppression stop conditions audience segment decide what which wins when how
    why after message messages i we getting helping driving encouraging handling sending comes goes if
    """
)


# Numbers and comparison words belong to the audience, not to the name of the program.
_COMPARISONS: frozenset[str] = frozenset(
    [
        "more",
        "than",
        "fewer",
        "less",
        "over",
        "under",
        "exactly",
        "least",
        "between",
        "above",
        "below",
        "no",
        "not",
    ]
)


_CONTRACTION_TAIL = re.compile(r"'(?:ve|re|ll|d|m|s)\b")
_NEGATED = re.compile(r"n't\s+")  # "haven't worked out" names not_worked_out: the negation stays on its verb


def _kept(word: str) -> bool:
    return word not in STOPWORDS and word not in _NOT_IN_IDS and word not in _COMPARISONS


def _id_parts(word: str) -> list[str]:
    return [p for p in word.split("_") if _kept(p)]


def _id_words(token: str) -> list[str]:
    """Return the id words of one token: a hyphenated name stays whole ("check-in" → `check_in`, "at-risk" →
    `at_risk`) so a name is not cut to a part that means something else; one with a number ("7-day") is
    split, the number belonging to the audience."""
    parts = token.split("-")
    if len(parts) > 1 and not any(p.isdigit() for p in parts) and any(_kept(p) for p in parts):
        return ["_".join(parts)]
    return [p for p in parts if _kept(p)]


def slugify(text: str, *, max_words: int = 3, fallback: str = "rule") -> str:
    """Return a slug of the first content words of `text` (lowercase, underscores, at most 63 chars).

    >>> slugify("Help users complete a second workout")
    'second_workout'
    """
    # "who've opened" → "who opened"; "haven't worked" → "have not-worked"
    text = _NEGATED.sub(" not-", _CONTRACTION_TAIL.sub("", text.lower().replace("\u2019", "'")))
    words = [w for token in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text) for w in _id_words(token)]
    while words and words[0].isdigit():  # "at most 1 workout" names a workout rule, not "1"
        words.pop(0)
    # a hyphenated name counts the parts an id kept before it was whole ("opt-in" one, "win-back" two), so
    # ids only regain the parts they lost: "push opt-in reminder" is `push_opt_in_reminder`
    kept: list[str] = []
    while words and sum(len(_id_parts(w)) for w in kept) < max_words:
        kept.append(words.pop(0))
    slug = "_".join(kept)
    if not slug:
        return fallback
    if not slug[0].isalpha() or len(slug) < 2:
        if not fallback:
            return ""  # no prefix to make an id of it ("the x"): the caller names the rule another way
        slug = f"{fallback}_{slug}"  # an id is two characters or more: "1) A 2) B" names `rule_a`, `rule_b`
    return slug[:63].rstrip("_")


def unique(slug: str, taken: set[str]) -> str:
    """Return `slug`, or `slug_2`, `slug_3`, ... when it is taken; record the result as taken."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug[:60]}_{n}"
        n += 1
    taken.add(candidate)
    return candidate
