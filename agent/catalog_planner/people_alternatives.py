"""Split an audience of two kinds of people ("Android users with push on or web users who opted in", "either
trial users on iOS or paying users in Germany") into its alternatives, each read as an audience of its own.

Read as one phrase, the "or" joined only the words on either side of it ("push on or web"), and the
conditions of each kind of people were required of everyone. An "or" is a split between people when the
words after it name people ("… or web users …"), or when "either" leads alternatives that each say more
than one thing on both sides ("either on iOS with push on, or on web and opted in"). A plain "either A or B" of single
conditions is left to the condition parser, which reads it as one `any`.
"""

from __future__ import annotations

import re

_PEOPLE = r"(?:users|people|customers|members|subscribers|folks|trialists|accounts|anyone|anybody|everyone)"
_PEOPLE_NEXT = re.compile(rf"^\s*(?:(?:the|all|any|our)\s+)?(?:[\w-]+\s+){{0,3}}?{_PEOPLE}\b", re.IGNORECASE)
# "3 or more", "once or twice", "or above": an "or" inside a number or a comparison, never between people
_NUMERIC_OR = re.compile(
    r"(?:\d|\b(?:once|one|two|three))\s*$|^\s*(?:more|fewer|less|above|below|over|under|higher|lower|greater|"
    r"later|earlier|longer|shorter|so|twice|\d)\b",
    re.IGNORECASE,
)
_OR = re.compile(r"\s*,?\s+\bor\b\s+", re.IGNORECASE)
_EITHER = re.compile(r"(?<!n)\beither\b\s+", re.IGNORECASE)
_COMPOUND = re.compile(r"\s(?:and|with|who|whose|that)\s|,", re.IGNORECASE)

_EXCEPTING = re.compile(r"\b(?:except|excluding|other than|apart from|aside from|besides|but not)\b", re.IGNORECASE)


def split_people_alternatives(text: str) -> tuple[str, str] | None:
    """Return the two audiences an "or" between kinds of people joins (each with the words before them), or
    None when the "or" joins conditions of one kind of people."""
    ors = [
        m
        for m in _OR.finditer(text)
        if not _NUMERIC_OR.search(text[: m.start()]) and not _NUMERIC_OR.search(text[m.end() :])
    ]
    if len(ors) != 1:
        return None
    m = ors[0]
    left, right = text[: m.start()], text[m.end() :]
    eithers = list(_EITHER.finditer(left))
    either = eithers[-1] if eithers else None
    if either is not None:
        prefix, first = left[: either.start()], left[either.end() :]
    else:
        prefix, first = "", left
    if not first.strip() or not right.strip() or _EXCEPTING.search(first):
        return None  # "… except trial users or people with open tickets": both are excepted, not either kind
    people_next = _PEOPLE_NEXT.match(right) is not None and re.search(_PEOPLE, first, re.IGNORECASE) is not None
    compound = either is not None and all(_COMPOUND.search(side.strip(" ,")) for side in (first, right))
    if not (people_next or compound):
        return None
    return f"{prefix}{first.strip(' ,')}", f"{prefix}{right}"
