"""Tell a list item that asks for an act ("view pricing", "compare plans", "open the app") from one that names
people who did it ("viewed pricing"): an item opening with the plain form of a verb the catalog says in the past
is the act the program aims at, as "get them to view pricing" is (read as a state, "3) view pricing" sent the
program to users who had viewed pricing and stopped it when they had not)."""

from __future__ import annotations

import re

from warehouse.catalog import Catalog

_PAST = re.compile(r"^(?P<word>[a-z]+?)ed\s+(?P<rest>\S.*)$")
_LEAD = re.compile(r"^\s*(?:to\s+|(?:get|have|make)\s+(?:them|users|people)\s+(?:to\s+)?)?", re.IGNORECASE)


def _acts(catalog: Catalog) -> tuple[str, ...]:
    """Return the catalog's past-tense phrases in their plain form ("viewed pricing" → "view pricing")."""
    said = [s for t in catalog.traits for s in t.synonyms] + [s for e in catalog.events for s in e.synonyms]
    plain: set[str] = set()
    for phrase in said:
        m = _PAST.match(phrase.lower())
        if m is not None:
            # "viewed pricing" is "view pricing" and "compared plans" "compare plans": both forms are tried
            plain |= {f"{m['word']} {m['rest']}", f"{m['word']}e {m['rest']}"}
    return tuple(sorted(plain))


def asks_for_act(phrase: str, catalog: Catalog) -> bool:
    """Return True when a goal phrase opens with the plain form of a catalog act ("view pricing")."""
    text = re.sub(r"\s+", " ", _LEAD.sub("", phrase.lower())).strip(" .")
    return any(text == act or text.startswith(act + " ") for act in _acts(catalog))
