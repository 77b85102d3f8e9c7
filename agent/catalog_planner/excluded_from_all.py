"""Read "exclude Germany from both", "leave iOS users out of all three", "; exclude anyone with an open ticket from
every program" as a hold on every program for those people: said after the ranking, the words were read as one
more program ('exclude_germany_both' was drafted, for everyone but Germany)."""

from __future__ import annotations

import re

_PEOPLE_NOUN = re.compile(r"\b(?:users|people|anyone|anybody|everyone|customers|members|subscribers|those|folks)\b",
                          re.IGNORECASE)
_LEADING_PEOPLE = re.compile(r"^(?:users|people|anyone|anybody|everyone|customers|members|subscribers|those)\b",
                             re.IGNORECASE)
_ALL = r"(?:both(?:\s+of\s+them)?|either(?:\s+one)?|all(?:\s+(?:of\s+them|three|four|five|the\s+programs|programs|of\s+these))?|" \
       r"every(?:thing|\s+program)|each(?:\s+one)?|them\s+all)"
# "Remove everybody from every program once they subscribe" is a stop (`guard_phrases.py`), not a hold
_NOT_A_STOP = r"(?!\s+(?:once|when|whenever|after|as soon as|if|until)\b)"
_EXCLUDED = re.compile(
    rf"(?P<lead>[,;.]?\s*(?:and\s+|but\s+|also\s+|please\s+)?)(?:exclude|omit|remove|drop)\s+(?P<who>[^,.;!?]+?)\s+"
    rf"from\s+{_ALL}\b{_NOT_A_STOP}|(?P<lead2>[,;.]?\s*(?:and\s+|but\s+|also\s+|please\s+)?)leave\s+(?P<who2>[^,.;!?]+?)"
    rf"\s+out\s+of\s+{_ALL}\b{_NOT_A_STOP}",
    re.IGNORECASE,
)


def _skip(m: re.Match[str]) -> str:
    who = (m["who"] or m["who2"]).strip()
    # the guard reader takes the people right after "skip": "iOS users" are said as "users who are iOS users"
    people = who if _LEADING_PEOPLE.match(who) else f"users who are {who}" if _PEOPLE_NOUN.search(who) else f"users in {who}"
    return f"; skip {people}"


def as_hold_on_all(text: str) -> str:
    """Return the text with each "exclude <people> from both/all" said as a hold on every program ("skip <people>")."""
    return _EXCLUDED.sub(_skip, text)
