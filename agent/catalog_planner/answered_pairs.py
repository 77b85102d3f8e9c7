"""Read a pair asked about and answered in the same prompt ("upgrade nudge vs save offer for trial users at risk —
which first? save offer", "A or B for lapsed users, which should win? B", "winback vs survey for expired trials?
winback first pls") as the ranking the answer states: "For
trial users at risk: upgrade nudge vs save offer. Save offer wins." Left as said, the answer was read as one more
word of the last program and the order was the one written."""

from __future__ import annotations

import re

_ANSWERED = re.compile(
    r"^\s*(?P<pair>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:vs\.?|versus|or)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)"
    r"(?:\s+(?:for|among)\s+(?P<people>[^?.;:\u2013\u2014]+?))?\s*(?:[\u2013\u2014,;:.]|\s-+)?\s*"
    r"(?:(?:which|what|who)\b[^?]{0,40})?\?\s*(?P<pick>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)"
    r"(?:\s+(?:first|wins|goes first|should win|should go first))?(?:\s+(?:obviously|for sure|imo|pls|please|thx|thanks))?"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)


def as_answered_ranking(text: str) -> str:
    """Return "For <people>: A vs B. <pick> wins." for a pair asked about and answered, else the text."""
    m = _ANSWERED.match(text)
    if m is None:
        return text
    pick = m["pick"].strip()
    said = [w.lower() for w in re.findall(r"[\w-]+", m["pair"])]
    if not all(w.lower() in said for w in re.findall(r"[\w-]+", pick) if w.lower() != "the"):
        return text  # the answer names neither program
    head = f"For {m['people'].strip()}: " if m["people"] else ""
    return f"{head}{m['pair'].strip()}. {pick[:1].upper()}{pick[1:]} wins."
