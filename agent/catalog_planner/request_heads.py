"""Read a request that opens a ranked list ("Order the programs for iOS users by urgency: …") as the scope it
names ("For iOS users: …"): the request is no program, its people are every program's."""

from __future__ import annotations

import re

_REQUEST_HEAD = re.compile(
    r"^\s*(?:please\s+)?(?:order|rank|sort|prioriti[sz]e|arrange)\s+(?:(?:the|these|our|my|all)\s+(?:\w+\s+)?"
    # "Prioritize for US trial users: …" names the people without naming the programs
    r"(?:programs|campaigns|plays|messages|journeys|flows|options)\s+)?(?P<scope>(?:for|among)\s+[^:.;]+?)"
    r"(?:\s+by\s+(?:urgency|importance|priority|impact|value))?\s*:\s*",
    re.IGNORECASE,
)


def scope_of_request(text: str) -> str:
    """Return the text with a request head that names people replaced by "For <people>:"."""
    return _REQUEST_HEAD.sub(lambda m: f"{m['scope'][0].upper()}{m['scope'][1:]}: ", text, count=1)
