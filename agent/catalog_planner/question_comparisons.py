"""Read a comparison of a measure between two groups as the measure "for A vs B", which answers each group.

"Compare average streak between trial and paid users", "iOS vs Android: average workouts completed", "Do yoga
users or runners have a higher momentum score?" all ask for one measure side by side for two values of a trait;
the question planner answers "<measure> for <A> vs <B>" per value. A comparison with no measure word ("compare
activation between organic and TikTok users") is a metric's, left to the debug path.
"""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import tokenize

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


_PEOPLE_TAIL = re.compile(r"\s*(?:users?|people|customers?|ones)?\s*$")


def moved_versus(text: str, lexicon: Lexicon) -> str:
    """Return "share of iOS users with push enabled vs Android" as "share of iOS vs Android users with push
    enabled": a value said last against an earlier value of the same trait is set beside it, so the rest of the
    question is said of both (read where it stood, it joined the condition: "push enabled and Android")."""
    tokens = tokenize(text)
    said = [i for i, t in enumerate(tokens) if t.text in ("vs", "versus")]
    if len(said) != 1:
        return text
    at = said[0]
    values = lexicon.match(tokens, kinds={"value"})
    after = next((m for m in values if m.first == at + 1), None)
    if after is None or not _PEOPLE_TAIL.fullmatch(text[tokens[after.last].end :]):
        return text
    traits = {e.name for e in after.entries}
    before = max(
        (m for m in values if m.last < at and traits & {e.name for e in m.entries}), key=lambda m: m.last, default=None
    )
    if before is None or before.last == at - 1:
        return text
    cut, versus = tokens[before.last].end, text[tokens[at].start : tokens[after.last].end]
    return f"{text[:cut]} {versus}{text[cut : tokens[at].start]}".rstrip()
