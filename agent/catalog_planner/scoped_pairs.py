"""Read "For new users, the welcome email beats the onboarding push" as both programs for those people: "the
welcome email for new users ranks above the onboarding push for new users".

Each clause ("…; for trial users, the upgrade nudge beats the tips digest") carries its own people, so two
clauses give four programs, each pair ranked within its people. A clause whose programs name people of their
own ("For iOS users, A for X beats B for Y") is left to the program reader, which keeps the scope for both.
"""

from __future__ import annotations

import re

_CLAUSE = re.compile(r"([.;!?](?:\s+|$)|\n+)")
_SCOPED_PAIR = re.compile(
    r"^(?P<lead>\s*(?:and\s+)?)(?:for|among)\s+(?P<people>[^,:]+?)\s*[,:]?\s*(?P<a>(?:the|a|an|our)\s+[^,]+?)\s+"
    r"(?:beats?|trumps?|wins over|outranks?|(?:should\s+)?(?:ranks?|goes?|comes?|go|come)\s+(?:above|before|ahead of)|"
    r"takes? precedence over|(?:is|are) more important than)\s+(?P<b>(?:the|a|an|our)\s+[^,]+?)\s*$",
    re.IGNORECASE,
)
_OWN_PEOPLE = re.compile(r"\s(?:for|to)\s+\S|\(", re.IGNORECASE)


def scope_pairs(text: str) -> str:
    """Return the text with each "For <people>, A beats B" clause as "A for <people> ranks above B for <people>"."""
    pieces = _CLAUSE.split(text)
    for index in range(0, len(pieces), 2):
        m = _SCOPED_PAIR.match(pieces[index])
        if m is None or _OWN_PEOPLE.search(m["a"]) or _OWN_PEOPLE.search(m["b"]):
            continue
        people = m["people"].strip()
        pieces[index] = f"{m['lead']}{m['a']} for {people} ranks above {m['b']} for {people}"
    return "".join(pieces)
