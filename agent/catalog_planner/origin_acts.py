"""Tell where a user came from apart from an act of theirs the warehouse does not record.

A trait that records how users arrived (its description or synonyms speak of a source, an acquisition or
where they came from: `utm_source`) has values that are said of the user as the one acted on: "came from a
referral", "referred users", "users who were referred by a friend". Said as the user's own act ("users who
refer a friend", "who have referred 2 friends", "people referring others") the words name something else,
the referrals a user makes, which no catalog trait or event holds: the phrase is refused by name rather than
read as the acquisition source.
"""

from __future__ import annotations

import re

from agent.catalog_planner.mentions import Mention
from agent.catalog_planner.text import Token
from warehouse.catalog import Catalog

_ORIGIN = re.compile(r"\b(?:acquisition|acquired|source|came from|first touch|origin)\b", re.IGNORECASE)
_RELATIVE = frozenset({"who", "that", "which"})
# "stop once they refer a friend": a pronoun subject makes the verb theirs as a relative pronoun does
_SUBJECTS = frozenset({"they", "he", "she", "someone", "somebody"})
# words between the pronoun and its verb that keep the user the one acting ("who have already referred")
_AUXILIARY = frozenset(
    {"have", "has", "had", "ve", "'ve", "did", "do", "does", "will", "also", "already", "ever", "recently", "often",
     "actually", "successfully", "not", "never", "n't", "didn't", "haven't", "hasn't"}
)
# the user is the one acted on: "were referred", "got referred", "referred by a friend"
_PASSIVE_BEFORE = frozenset({"was", "were", "been", "be", "being", "is", "are", "get", "got", "gets", "getting"})
_OBJECTS = re.compile(
    r"^(?:a|an|their|his|her|someone|somebody|anyone|others?|people|friends?|colleagues?|family|\d+|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|several|many|some|more|at)$"
)


def _origin_traits(catalog: Catalog) -> set[str]:
    """Return the enum traits that record where users came from."""
    return {
        t.name
        for t in catalog.traits
        if t.type == "enum" and _ORIGIN.search(" ".join([t.description or "", *t.synonyms]))
    }


def _said_as_own_act(m: Mention, tokens: list[Token]) -> bool:
    """Return True when the value's words are the user's own act: the verb of a relative clause, or a verb
    form with an object ("referring friends", "refer a friend")."""
    first = tokens[m.match.first]
    after = tokens[m.match.last + 1] if m.match.last + 1 < len(tokens) else None
    if after is not None and after.text == "by":
        return False
    k = m.match.first - 1
    while k >= 0 and tokens[k].text in _AUXILIARY:
        k -= 1
    if k >= 0 and tokens[k].text in _PASSIVE_BEFORE:
        return False
    if k >= 0 and tokens[k].text in _RELATIVE | _SUBJECTS:
        return True
    inflected = first.text != first.stem or first.text.endswith("ing")
    inside = [t.text for t in tokens[m.match.first + 1 : m.match.last + 1]]
    objects = [*inside[:1], *([after.text] if after is not None else [])]
    return inflected and any(_OBJECTS.match(w) for w in objects)


def split_origin_acts(
    mentions: list[Mention], tokens: list[Token], catalog: Catalog
) -> tuple[list[Mention], list[Mention]]:
    """Return (mentions kept, origin values said as the user's own act)."""
    origins = _origin_traits(catalog)
    acts = [m for m in mentions if m.kind == "value" and m.trait in origins and _said_as_own_act(m, tokens)]
    return [m for m in mentions if m not in acts], acts
