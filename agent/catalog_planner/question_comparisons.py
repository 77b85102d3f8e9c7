"""Read a comparison of a measure between two groups as the measure "for A vs B", which answers each group.

"Compare average streak between trial and paid users", "iOS vs Android: average workouts completed", "Do yoga
users or runners have a higher momentum score?" all ask for one measure side by side for two values of a trait;
the question planner answers "<measure> for <A> vs <B>" per value. A comparison with no measure word ("compare
activation between organic and TikTok users") is a metric's, left to the debug path.
"""

from __future__ import annotations

import re

_MEASURE = r"(?:average|avg|mean|median|total|sum|max(?:imum)?|min(?:imum)?|longest|shortest|number)"
_AND = r"(?:and|vs\.?|versus|with|to|against)"
_SHAPES = [
    # "compare average streak between trial and paid users"
    re.compile(
        rf"^\s*compare\s+(?:the\s+)?(?P<what>{_MEASURE}\b.+?)\s+(?:between|for|across|of|among)\s+"
        rf"(?P<a>.+?)\s+{_AND}\s+(?P<b>.+?)\s*$"
    ),
    # "compare trial and paid users on average streak", "compare iOS with Android by median momentum"
    re.compile(
        rf"^\s*compare\s+(?P<a>.+?)\s+{_AND}\s+(?P<b>.+?)\s+(?:on|by|for|in terms of)\s+(?:the\s+|their\s+)?"
        rf"(?P<what>{_MEASURE}\b.+?)\s*$"
    ),
    # "iOS vs Android: average workouts completed"
    re.compile(rf"^\s*(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+?)\s*[:\-–—]\s*(?P<what>{_MEASURE}\b.+?)\s*$"),
]
# "do yoga users or runners have a higher momentum score?": the mean of the measure for each
_HIGHER = re.compile(
    r"^\s*(?:do|does|did|are|is)\s+(?P<a>.+?)\s+or\s+(?P<b>.+?)\s+(?:have|has|get|show|see)\s+(?:a\s+|the\s+)?"
    r"(?:higher|lower|bigger|smaller|better|worse|more|less|longer|shorter)\s+(?P<what>.+?)\s*$"
)


def as_comparison(text: str) -> str | None:
    """Return "<measure> for <A> vs <B>" for a comparison of a measure between two groups, else None."""
    for shape in _SHAPES:
        m = shape.match(text)
        if m:
            return f"{m['what']} for {m['a']} vs {m['b']}"
    higher = _HIGHER.match(text)
    if higher:
        return f"average {higher['what']} for {higher['a']} vs {higher['b']}"
    return None
