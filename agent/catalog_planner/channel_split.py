"""Read "send the reminder by push to users with push enabled and by email to everyone else" as two programs.

With an audience ("remind trial users … by push to users with push enabled, by email otherwise") the split is
one rule's channel plan (`program_marks.take_channels`). Without one, the only people the prompt names are
the two sides of the split, so each side is a program: the label by the first channel for the people
named, and by the second channel for everyone else (the complement of the first).
"""

from __future__ import annotations

import re

from agent.catalog_planner.program_marks import CHANNEL, channel_name

_SPLIT = re.compile(
    rf"^\s*(?:please\s+)?(?:send|deliver|give|run)?\s*(?:the|a|an|our)?\s*(?P<label>[\w -]+?)\s+(?:by|via|over)\s+"
    rf"{CHANNEL}\s+(?:to|for)\s+(?P<people>users|those|people|anyone|everyone)\s+(?P<cond>(?:with|who|that|whose)\s+"
    rf"[^,;.]+?)\s*,?\s*(?:and\s+)?(?:(?:by|via|over)\s+)?{CHANNEL}\s+(?:to|for)\s+(?:everyone|everybody|the rest|"
    r"all others|others|anyone)(?: else)?\s*[.!]?\s*$",
    re.IGNORECASE,
)


def programs_by_channel(prompt: str) -> str | None:
    """Return the split as two programs ("push reminder for users with X, email reminder for everyone else")."""
    m = _SPLIT.match(prompt)
    if m is None:
        return None
    first, second = channel_name(m.group(2)), channel_name(m.group(5))
    label = m["label"].strip()
    return f"{first} {label} for {m['people']} {m['cond'].strip()}, {second} {label} for everyone else."
