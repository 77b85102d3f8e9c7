"""Read how long people have been something ("have been subscribed for at least 90 days", "have been members
for 2 years", "been with us for 6 months") as a time since it began, at least that long.

Read as written, "for 90 days" was the window of the last 90 days ("subscribed for at least 90 days" became a
subscription started in the last 90 days: the newest subscribers, the opposite of the loyal ones), and a bare
"for 2 years" was exactly 730 days since signing up.
"""

from __future__ import annotations

import re

_SPAN = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:days?|weeks?|months?|years?)"
)
_BOUND = r"(?P<bound>at least|more than|over|longer than|no less than|upwards of)\s+"
_BEEN = r"\b(?:have|has|'ve|'s|had)\s+been\s+"
# "have been subscribed / paying / paid subscribers / a subscriber for …": a subscription that began that long
# ago and still runs ("subscribed … ago" is read as the start that long ago, "paying" as the state now)
_SUBSCRIBED_FOR = re.compile(
    rf"{_BEEN}(?:subscribed|paying|paid|(?:a\s+)?(?:paying\s+|paid\s+)?(?:subscribers?|customers?))\s+for\s+"
    rf"(?:{_BOUND})?(?P<span>{_SPAN})\b",
    re.IGNORECASE,
)
# "have been members / with us / around for 2 years": a duration up to now is at least that long
_BARE_DURATION = re.compile(
    rf"(?P<head>{_BEEN}(?:[\w-]+\s+){{1,3}}?for\s+)(?P<span>{_SPAN})\b", re.IGNORECASE
)


_STRICT = ("more than", "over", "longer than")


def _since_start(m: re.Match[str]) -> str:
    bound = "more than" if (m["bound"] or "").lower() in _STRICT else "at least"
    return f" subscribed {bound} {m['span']} ago and are paying"


def read_state_durations(text: str) -> str:
    """Return the text with how long people have been something said as a time since it began."""
    text = _SUBSCRIBED_FOR.sub(_since_start, text)
    return _BARE_DURATION.sub(lambda m: f"{m['head']}at least {m['span']}", text)
