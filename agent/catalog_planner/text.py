"""Normalise prompt text and split it into stemmed tokens, so catalog phrases and prompts compare alike."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.countries import mark_country_codes

# Symbols and contractions rewritten before anything else reads the text.
_REWRITES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"≥|>=|=>", " at least "),
        (r"≤|<=|=<", " at most "),
        (r">", " more than "),
        (r"<", " less than "),
        (r"\bcan't\b|\bcannot\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\b(\w+)n't\b", r"\1 not"),
        (r"\bvs\.?\b|\bversus\b", " vs "),
        (r"\bno\s*\.\s*(?=\d)", "number "),
        (r"\be-?mail\b", "email"),
        # chat shorthand: "users w/o push" is without it (read as "w", "o" and "push", it was push enabled)
        (r"(?<!\w)w/o(?!\w)", "without"),
        (r"(?<!\w)w/(?=\s|\w)", "with "),
        (r"\bppl\b", "people"),
        (r"\bre-(\w)", r"re\1"),
    ]
]

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "a dozen": 12,
    "a hundred": 100,
    "hundred": 100,
    "thrice": 3,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "once": 1,
    "twice": 2,
    "single": 1,
    "a couple of": 2,
    "a couple": 2,
    "a few": 3,
    "several": 3,
}

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


def words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a word list."""
    return frozenset(text.split())


# Words with no catalog meaning: dropped before matching so "users who have completed" reads "completed".
STOPWORDS: frozenset[str] = words(
    """
    a an the of to in on at for from by with and or who whom that which whose this these those their
    them they he she it its is are was were be been being has have had do does did having user users
    people person customers customer members member any some all only also just still yet already ever
    currently current has their there here our we you your i me my s
    """
)

NEGATIONS: frozenset[str] = frozenset(
    {
        "no",
        "not",
        "never",
        "without",
        "none",
        "non",
        "zero",
        "neither",
        "exclude",
        "excluding",
        "excludes",
        "except",
        "excepting",
        "outside",
    }
)

# Irregular forms the suffix stemmer cannot reach.
_IRREGULAR: dict[str, str] = {
    "paid": "pay",
    "bought": "buy",
    "did": "do",
    "done": "do",
    "saw": "see",
    "seen": "see",
}


# "twenty-one", "forty five": tens and a unit
_COMPOUND_NUMBER = re.compile(
    r"\b(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?P<unit>one|two|three|four|five|six|seven|eight|nine)\b"
)
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b")


def normalize(text: str) -> str:
    """Lowercase, expand contractions and comparison symbols, and spell number words as digits."""
    out = mark_country_codes(text).lower().replace("’", "'").replace("–", "-").replace("—", " - ")
    for pattern, repl in _REWRITES:
        out = pattern.sub(repl, out)
    out = _COMPOUND_NUMBER.sub(lambda m: str(NUMBER_WORDS[m["tens"]] + NUMBER_WORDS[m["unit"]]), out)
    return _NUMBER_WORD.sub(lambda m: str(NUMBER_WORDS[m.group()]), out)


def stem(word: str) -> str:
    """Strip common English suffixes so plural, past and -ing forms share one key.

    >>> [stem(w) for w in ("workouts", "completed", "complete", "viewing", "tickets", "ios", "referred")]
    ['workout', 'complet', 'complet', 'view', 'ticket', 'ios', 'refer']
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + repl
            # "referred"/"running" → "refer"/"run"; not -ll/-ss/-zz/-ff, which base words end in too.
            if suffix in ("ing", "ed") and word[-1] == word[-2] and word[-1] not in "aeiouylsfz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Token:
    """One word of a prompt: its surface text, stem and character span."""

    text: str
    stem: str
    start: int
    end: int

    @property
    def is_stopword(self) -> bool:
        return self.text in STOPWORDS

    @property
    def is_negation(self) -> bool:
        return self.text in NEGATIONS


def tokenize(text: str) -> list[Token]:
    """Split normalised text into word tokens (letters, digits, underscores) with their spans."""
    return [Token(m.group(), stem(m.group()), m.start(), m.end()) for m in re.finditer(r"[a-z0-9_]+", text)]


def content_stems(text: str) -> tuple[str, ...]:
    """Return the stems of a phrase without stopwords: the key a lexicon entry is stored under."""
    tokens = tokenize(normalize(text.replace("_", " ")))
    return tuple(t.stem for t in tokens if not t.is_stopword)
