"""Read a comparison of a measure between two groups as the measure "for A vs B", which answers each group.

"Compare average streak between trial and paid users", "iOS vs Android: average workouts completed", "Do yoga
users or runners have a higher momentum score?" all ask for one measure side by side for two values of a trait;
the question planner answers "<measure> for <A> vs <B>" per value. A comparison with no measure word ("compare
activation between organic and TikTok users") is a metric's, left to the debug path.

Two calendar periods set against each other with nothing said to have moved ("compare workouts in October vs
September", "trial starts: Q4 vs Q3") ask for the count in each (`question_period_pairs`); the intent leaves a
metric's ("compare conversion in October vs September") to the debug path.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_cues import ASKS_WHY, reports_movement
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.question_period_pairs import period_pair
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


# "compare workouts in October vs September", "workouts in Q4 vs Q3", "trial starts: October vs September"
_COMPARE = re.compile(r"^\s*(?:(?:can you|please|let's|lets)\s+)?compare\s+(?:the\s+|our\s+)?")
_ASKED = re.compile(
    rf"^\s*(?:how many|how much|what share|what percentage|what percent|what proportion|number of|count|{_MEASURE}\b)"
)
_HEADING = re.compile(r"^(?P<what>[^:]+?)\s*:\s*(?P<periods>.+)$")


def periods_compared(text: str) -> str | None:
    """Return "how many <acts> in <A> vs <B>" for acts or a measure compared over two named calendar periods
    ("compare workouts in October vs September"), else None."""
    asked = _COMPARE.sub("", text)
    heading = _HEADING.match(asked)
    if heading:  # "trial starts: October vs September"
        asked = f"{heading['what']} in {heading['periods']}"
    if asked == text and not heading and _ASKED.match(text):
        return None  # "how many workouts in October vs September" is read as it is
    pair = period_pair(asked, compared=asked != text)
    # "why did workouts drop in October vs September?": a movement asks for a diagnosis, not the counts
    if pair is None or ASKS_WHY.search(text) or reports_movement(pair.text):
        return None
    return asked if _ASKED.match(asked) else f"how many {asked}"


def as_comparison(text: str) -> str | None:
    """Return "<measure> for <A> vs <B>" for a comparison of a measure between two groups, else None."""
    periods = periods_compared(text)
    if periods is not None:
        return periods
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
