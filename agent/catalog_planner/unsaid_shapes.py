"""Refuse by name the audience shapes no condition can say, whatever their words: one count of a person
compared with another of theirs ("viewed pricing more than they have worked out", `count_comparisons.py`), and
a state held before ("used to be committed", "no longer paying"). Read word by word, both would be a different audience with
nothing said (two counts of at least one; the state now)."""

from __future__ import annotations

import re

from agent.catalog_planner.count_comparisons import compared_counts
from agent.types import Refusal

# "used to be committed": a state held before, which the catalog does not keep (only the state now)
_PAST_STATE = re.compile(r"\b(?:used to [a-z]+|no longer|not anymore|any more)\b(?:\s+[a-z]+)?", re.IGNORECASE)


# "the top 10% by momentum", "bottom quartile of CSAT": a share of people ranked against each other, which no
# threshold says (read word by word, "10%" became the score's value)
_RANKED_SHARE = re.compile(
    r"\b(?:top|bottom|highest|lowest|best|worst|upper|lower)\s+(?:\d+(?:\.\d+)?\s*(?:%|percent|per cent)|"
    r"(?:quartile|quintile|decile|percentile|half|third|tenth|fifth)s?)(?:\s+of\s+(?:users|people|customers|members))?",
    re.IGNORECASE,
)


# "on at least 3 of the last 7 days", "5 days out of the last 7": distinct active days, which no count says
# (read word by word, 3 workouts on one day qualified)
_DAYS_OF_SPAN = re.compile(
    r"\b(?:on\s+)?(?:at least\s+|at most\s+|only\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:different\s+|separate\s+|distinct\s+)?(?:days?\s+)?(?:out\s+)?of\s+the\s+(?:last|past|previous)\s+"
    r"(?:\d+|two|three|four|five|six|seven|ten|fourteen|thirty)(?:\s+days\b|(?!\s*[a-z0-9]))",
    re.IGNORECASE,
)


def unsaid_shape(text: str) -> Refusal | None:
    """Return a refusal naming the first shape in the text that no condition can say, else None."""
    days = _DAYS_OF_SPAN.search(text)
    if days is not None:
        return Refusal(
            reason=f"I could not express: '{days.group(0).strip()}' (the catalog counts events in a window, not the "
            "distinct days they fell on).",
            unmatched_phrases=[days.group(0).strip()],
            suggestions=["count the events instead, e.g. '3 or more workouts in the last 7 days', or a streak"],
        )
    share = _RANKED_SHARE.search(text)
    if share is not None:
        return Refusal(
            reason=f"I could not express: '{share.group(0)}' (a condition compares a trait with a fixed number, "
            "not people ranked against each other).",
            unmatched_phrases=[share.group(0)],
            suggestions=["give the threshold instead, e.g. 'momentum score over 80'"],
        )
    past = _PAST_STATE.search(text)
    if past is not None:
        return Refusal(
            reason=f"I could not express: '{past.group(0)}' (the catalog keeps each state as it is now, not as it was, "
            "and counts acts back from now).",
            unmatched_phrases=[past.group(0)],
            suggestions=[
                "say what they did instead, e.g. 'cancelled in the last 30 days'",
                "count the acts back from now, e.g. 'at least 6 workouts in the last 30 days but none in the last 10'",
            ],
        )
    return compared_counts(text)  # "started more workouts than they completed"
