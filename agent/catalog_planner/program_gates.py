"""Read a program held back until its people do something as who that program is for: "the upgrade offer shouldn't
go out until they've completed 3 workouts", "The upgrade nudge should wait until they've done 2 workouts" say what
"The upgrade offer only goes to users who have completed 3 workouts" says (the first was refused as one audience,
the second drafted a program 'upgrade_nudge_wait' whose stop was the gate)."""

from __future__ import annotations

import re

_UNTIL = re.compile(
    r"(?P<name>\b(?:the|our)\s+[\w-]+(?:\s+[\w-]+){0,3}?)\s+(?:(?:shouldn'?t|should not|mustn'?t|must not|can'?t|cannot|"
    r"won'?t|will not)\s+(?:go out|be sent|go|run|start|fire)|should\s+wait)(?:\s+to\s+anyone)?\s+until\s+"
    r"(?:they(?:'ve|\s+have)?|the user has|users have)\s+(?P<cond>[^.;!?]+)",
    re.IGNORECASE,
)


def as_audience_limits(text: str) -> str:
    """Return the text with each "<program> shouldn't go out until they <act>" said as "<program> only goes to users
    who have <act>"."""
    return _UNTIL.sub(r"\g<name> only goes to users who have \g<cond>", text)
