"""Read programs each followed by its place: "For new users: the welcome series first, the tips digest second,
the referral ask third", "… always comes first; the tips digest is second and the referral ask is third", or
one sentence each ("The welcome series comes first. The tips digest is second.").

Every part of the opening sentences (after a shared scope) ends with an ordinal; the parts, sorted by it, are
the items, and the scope ("For new users") is the head every item shares. The sentences after are the tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCOPE = re.compile(
    r"^\s*(?P<scope>(?:for|among)\s+(?:[\w+-]+\s+){0,5}?(?:users|people|members|customers|trials|"
    r"trialists|subscribers)(?:\s+(?:on|in|with|who)\s+[\w+-]+(?:\s+[\w+-]+)?)?"
    r"(?:\s*\([^()]+\))?)\s*[,:]?\s+",  # "for lapsed users (no workout in 21+ days)": their definition
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\s+(?:(?:should|must|will)\s+)?(?:(?:always|then)\s+)?(?:(?:is|are|comes?|goes?|go|ranks?|be)\s+)?(?:the\s+)?"
    r"(?P<open>\()?(?P<ord>first|second|third|fourth|fifth|last|(?(open)top|(?!)))(?:\s+priority|\s+place)?"
    r"(?(open)\))\s*$",  # "comeback challenge (top), discount offer (second)": the place in brackets
    re.IGNORECASE,
)
_ORDINAL = {"top": 0, "first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": 99}
_PARTS = re.compile(r"\s*(?:[;,]\s*(?:and\s+|then\s+)?|\s+and\s+(?:then\s+)?)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_MAX_WORDS = 8  # a program's name, maybe with its people
# "Put the support follow-up … first, the upgrade nudge … second": the request's verb is no part of the first name
_REQUEST = re.compile(
    r"^\s*(?:please\s+)?(?:put|place|rank|order|schedule|slot)\s+(?=(?:the|our|a|an)\s)", re.IGNORECASE
)


@dataclass
class PlacedItems:
    """The shared scope, the items in the places they are given, and the sentences after them."""

    head: str
    items: list[str]
    tail: str


# "the workout reminder second but only if they have push enabled": the place, then who the item is for
_ONLY_IF = re.compile(
    r"\s*,?\s*(?:but\s+)?only\s+(?:(?:if|when)\s+(?:they|the user|users?)\s+(?P<clause>.+)|for\s+(?P<people>.+))$",
    re.IGNORECASE,
)


def _placed_parts(sentence: str) -> list[tuple[int, str]] | None:
    """Return (place, name) of each part of a sentence, or None when a part ends with no place."""
    placed: list[tuple[int, str]] = []
    for part in (p for p in _PARTS.split(sentence.strip(" .!?")) if p.strip()):
        only = _ONLY_IF.search(part)
        part, people = (
            (part[: only.start()], f" for users who {only['clause']}" if only["clause"] else f" for {only['people']}")
            if only
            else (part, "")
        )
        m = _PLACE.search(part)
        name = part[: m.start()].strip() if m else ""
        if not m or not name or len(name.split()) > _MAX_WORDS:
            return None
        placed.append((_ORDINAL[m["ord"].lower()], name + people))
    return placed or None


def placed_items(prompt: str) -> PlacedItems | None:
    """Return the items of the opening sentences whose every part ends with its place, or None."""
    sentences = _SENTENCE_END.split(prompt.strip())
    lead, colon, rest = sentences[0].partition(":")
    if colon and rest.strip() and re.match(r"^\s*(?:for|among)\s", lead, re.IGNORECASE):
        # "For users who signed up in the last 3 days: A first, B second": all before the colon is the scope
        sentences[0] = f"{lead.strip()}, {rest.strip()}"
        scope = re.match(rf"^\s*(?P<scope>{re.escape(lead.strip())}),\s+", sentences[0])
    else:
        scope = _SCOPE.match(sentences[0])
    sentences[0] = _REQUEST.sub("", sentences[0][scope.end() :] if scope else sentences[0], count=1)
    head = scope["scope"] if scope else ""
    intro, colon, rest = sentences[0].partition(":")
    if not scope and colon and rest.strip() and _placed_parts(intro) is None:
        # "Here's what matters: A comes first, B is second": the words before the colon introduce the items
        head, sentences[0] = intro, rest
    placed: list[tuple[int, str]] = []
    taken = 0
    for sentence in sentences:
        parts = _placed_parts(sentence)
        if parts is None:
            break
        placed += parts
        taken += 1
    if len(placed) < 2 or len({rank for rank, _ in placed}) < len(placed):
        return None
    items = [name for _, name in sorted(placed)]
    return PlacedItems(head, items, " ".join(sentences[taken:]))
