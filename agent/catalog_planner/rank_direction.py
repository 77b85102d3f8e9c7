"""Read a ranking written from the bottom up: "A, B, C - lowest to highest", "from least to most important",
"in ascending order of priority", "in reverse order".

The phrase is cut before the readers see the list (it names no program), and the drafted rules' priorities are
reversed: the last written is the first served.
"""

from __future__ import annotations

import re

from orchestrator.spec import Policy

_LOW = r"(?:lowest|least(?: important| urgent)?|bottom|low priority)"
# the phrase ends the sentence or heads the list: "users with low to high intent" is no ranking
_HIGH = r"(?:highest|most(?: important| urgent)?|top|high)(?:\s+priority)?(?=\s*[:.,;)!?]|\s*$)"
_UPWARD = re.compile(
    rf"\s*[-,;(\u2013\u2014]?\s*(?:listed\s+|ranked\s+|ordered\s+|written\s+)?(?:from\s+)?{_LOW}(?:\s+priority)?\s+(?:to|up to|->|\u2192)\s+"
    rf"{_HIGH}\)?|\s*[-,;(\u2013\u2014]?\s*(?:listed\s+|ranked\s+)?in\s+(?:ascending|increasing)\s+(?:order\s+of\s+)?"
    r"(?:priority|importance)\)?|\s*[-,;(\u2013\u2014]?\s*(?:listed\s+)?in\s+reverse(?:\s+priority)?\s+order\)?",
    re.IGNORECASE,
)


def read_direction(text: str) -> tuple[str, bool]:
    """Return the text without a bottom-up phrase, and whether it said the list runs from the bottom up."""
    cut = _UPWARD.sub("", text, count=1)
    return cut, cut != text


def reversed_priorities(policy: Policy) -> Policy:
    """Return the policy with its rules served in the reverse of their drafted order."""
    ordered = sorted(policy.rules, key=lambda r: r.priority)
    priorities = [r.priority for r in ordered]
    rules = [r.model_copy(update={"priority": p}) for r, p in zip(reversed(ordered), priorities, strict=True)]
    return policy.model_copy(update={"rules": rules})
