"""Read two bounds said of one count before the thing counted ("at least 2 but no more than 4 workouts in the
last 14 days", "more than 1 and fewer than 5 tickets") as both bounds of that count: the first bound's thing
and window are the second's. Read as written the first bound counted nothing and was refused ("I could not
express: 'at least 2'")."""

from __future__ import annotations

import re

_NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twice|once)"
_LOWER = r"(?:at least|no fewer than|no less than|not fewer than|not less than|more than|over|above|a minimum of|minimum)"
_UPPER = r"(?:at most|no more than|not more than|fewer than|less than|under|below|up to|a maximum of|maximum)"
_BOUND = rf"(?:{_LOWER}|{_UPPER})"
# the thing counted and its window run to the end of the clause: a comma, a full stop, "and"/"or" before another
# clause, or the end
_PAIR = re.compile(
    rf"\b(?P<first>{_BOUND}\s+{_NUMBER})\s*,?\s+(?:but|and|yet)\s+(?P<second>{_BOUND}\s+{_NUMBER})"
    r"(?P<tail>\s+(?!(?:and|or|but)\b)[^,;.!?]*?)(?=\s*(?:[,;.!?]|\b(?:and|or|but|who|whose|that)\b|$))",
    re.IGNORECASE,
)


def share_bound_tail(text: str) -> str:
    """Return the text with the thing and window after the second of two bounds said after the first too."""
    return _PAIR.sub(lambda m: f"{m['first']}{m['tail']} and {m['second']}{m['tail']}", text)
