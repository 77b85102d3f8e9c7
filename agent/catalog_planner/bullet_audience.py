"""Join an audience written as a bulleted or numbered list under a heading into one sentence: every item is a
condition on the same people ("Eligibility for the comeback push:\\n- lapsed 14+ days\\n- push enabled" is
"Eligibility for the comeback push: lapsed 14+ days, push enabled"), and a later section heading ("Who: trial
users. Conditions: fewer than 2 workouts") into the same list."""

from __future__ import annotations

import re

_ITEM = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+(?P<item>.+?)\s*[.;,]?\s*$")
# "Who qualifies:", "Who's eligible:" ask nothing of the people: the list says who
_ASKING_HEAD = re.compile(
    r"^\s*(?:who(?:'s| is| are)?|which users)\s+(?:qualif\w*|(?:is |are )?eligible|gets? it)\s*$",
    re.IGNORECASE,
)


def join_bullets(text: str) -> str:
    """Return "heading: item, item, …" for a heading followed by two or more list items ("item, item, …" for items
    with no heading), else the text."""
    lines = [line for line in text.splitlines() if line.strip()]
    every = [m["item"] for line in lines if (m := _ITEM.match(line))]
    if len(lines) >= 2 and len(every) == len(lines):
        return ", ".join(every)  # no heading: "1. Android users in Brazil\n2. …" (the "2." was read as a count)
    items = [m["item"] for line in lines[1:] if (m := _ITEM.match(line))]
    if len(lines) < 3 or len(items) != len(lines) - 1:
        return text
    head = lines[0].strip().rstrip(":").strip()
    head = "" if _ASKING_HEAD.match(head) else head
    return f"{head}: {', '.join(items)}" if head else ", ".join(items)


# "Who: trial users. Conditions: …", "… Also: …": a heading after the first one continues the same list
_LATER_HEAD = re.compile(
    r"(?<=\S)\s*[.;,]?\s*\b(?:(?:and\s+)?(?:conditions?|criteria|requirements?|filters?|rules?|also|plus|additionally|"
    r"must(?: have| be)?|extra|further)|(?:other|more|additional) (?:conditions?|criteria|filters?))\s*:\s*",
    re.IGNORECASE,
)


def join_sections(text: str) -> str:
    """Return the text with every section heading after the first read as a comma: one audience's list."""
    return _LATER_HEAD.sub(", ", text)
