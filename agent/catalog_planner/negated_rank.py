"""Read "A should never outrank B" as the ranking it states: B goes before A.

A negated comparison names two programs (each may carry its people) and ranks the second above the first;
read as it stands, "never" would negate A's people instead.
"""

from __future__ import annotations

import re

_NEGATED = re.compile(
    r"(?:^|(?<=[.!?:]\s))\s*(?P<a>[^.;:!?]+?)\s+(?:should never|must never|should not|shouldn't|must not|mustn't|"
    r"never|does not|doesn't|do not|don't|may not|can't|cannot)\s+(?:outrank|beat|win over|trump|take precedence over|"
    r"come before|go before|go ahead of|come ahead of|rank above|be ranked above|be prioriti[sz]ed over)\s+"
    r"(?P<b>[^.;:!?]+?)\s*(?=[.;!?]|$)",
    re.IGNORECASE,
)


def rank_negations(text: str) -> str:
    """Return the text with "A should never outrank B" as "B goes before A"."""
    return _NEGATED.sub(lambda m: f"{m['b'].strip()} goes before {m['a'].strip()}", text)
