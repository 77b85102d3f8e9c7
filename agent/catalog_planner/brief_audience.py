"""Keep the audience of a brief pasted from a ticket or a thread: "JIRA LC-412: winback. Context: retention
dipped after the pricing change. Audience: users with …" says who after its "Audience:" label, and the
sentences before it are background (read as conditions, "retention dipped" and "pricing change" were refused
or became people)."""

from __future__ import annotations

import re

# a label that starts a sentence (or a line) and says who: "Audience:", "Target audience:", "Segment:", "Who:"
_AUDIENCE_LABEL = re.compile(
    r"(?:(?<=[.!?\n])|(?<=[.!?]\s))\s*(?P<label>(?:target(?:ed)?\s+)?(?:audience|segment|users|people)|who|"
    r"eligib(?:le|ility)|targeting|target)\s*:\s*(?=\S)",
    re.IGNORECASE,
)


def audience_of_brief(text: str) -> str:
    """Return the text from the last audience label that follows other sentences, else the text."""
    labels = list(_AUDIENCE_LABEL.finditer(text))
    if not labels or not text[: labels[-1].start()].strip():
        return text
    return text[labels[-1].start("label") :]
