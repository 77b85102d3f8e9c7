"""Read a request for one audience as the request, not the background said before it: "We're launching a
mobility class next month and want to warm people up. Create eligibility rules for the mobility teaser that
only targets users who prefer yoga." Left in, the background named the rule ("launching_new_mobility"), lent
it people ("new" there is the class, not new users) and, as a second clause with catalog words, made the
prompt a choice between programs."""

from __future__ import annotations

import re

# "Create eligibility rules for …", "Define the audience for …", "we need an eligibility rule for …"
_REQUEST = re.compile(
    r"\b(?:create|define|build|write|draft|set up|make|generate|give me|need|want)\s+(?:an?\s+|the\s+|some\s+)?"
    r"(?:eligib\w*|audience|targeting)(?:\s+(?:rules?|criteria|definition|logic))?\s+(?:for|of)\b"
    # "Background: we had an outage … . Target Android users who …": a sentence that opens with the targeting verb
    r"|(?:(?<=[.!?]\s)|(?<=\n))\s*(?:please\s+|so\s+|now\s+)?target\b",
    re.IGNORECASE,
)
# …whose own words say who it is for (a request that points back, "… for them", keeps what came before)
_PEOPLE = re.compile(
    r"\b(?:targets?|targeting|who|whose|users|people|customers|members|anyone|everyone)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?]\s+|\n+")


def from_request(text: str) -> str:
    """Return the text from the sentence that asks for the audience, when sentences of background come first
    and the request names its people itself; otherwise the text unchanged."""
    m = _REQUEST.search(text)
    if m is None:
        return text
    starts = [e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())]
    if not starts:
        return text
    request = text[starts[-1] :]
    return request if _PEOPLE.search(request[m.end() - starts[-1] :]) else text
