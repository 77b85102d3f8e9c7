"""Find the question asked after background ("I'm prepping the Monday review. Quick one: how many users viewed
pricing last week but didn't start a checkout?"): the last sentence or clause that opens with a question word.
The planner reads it when the whole prompt reads as nothing (the background's words were refused)."""

from __future__ import annotations

import re

_ASKED = re.compile(
    r"(?:^|[.!?:;\n]|\s[-\u2013\u2014]+)\s*(?P<question>(?:how many|how much|what|what's|whats|which|who|when|where|"
    r"is there|are there|do we|does|did|can you tell me|could you tell me)\b[^.!?:;\n]*\??)\s*$",
    re.IGNORECASE,
)


def asked_after_background(prompt: str) -> str | None:
    """Return the question closing the prompt when words come before it, else None."""
    m = _ASKED.search(prompt.strip())
    if m is None or m.start("question") == 0:
        return None
    return m["question"].strip()


# a count or share asked: never a ranking's "which should go first?"
_COUNTED = re.compile(
    r"^(?:how many|how much|what(?:'s| is)?\s+(?:the\s+)?(?:share|percent(?:age)?|%|fraction|proportion|number|count|"
    r"average|median|total))\b",
    re.IGNORECASE,
)


def counted_after_background(prompt: str) -> str | None:
    """Return the count or share question closing the prompt after background ("For the board deck - how many
    paying subscribers are in Germany?"), else None."""
    asked = asked_after_background(prompt)
    return asked if asked is not None and _COUNTED.match(asked) else None
