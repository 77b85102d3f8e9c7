"""Say what the question assumes beside the focus's change: a level ("why is conversion so low in India?", "why
is iOS activation worse than Android?"), or other segments said to move with it ("on iOS and Android").

Such a question asks why one segment stands below (or above) another now. The diagnosis still compares the
period with the one before, so the summary first says where the two segments stand in the current period, and
whether the gap the question assumes is there (a two-proportion z-test on the current period's cohorts).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from agent.catalog_planner.debug_cues import ASKS_WHY, reports_movement
from agent.diagnose import Z_CRITICAL, overall_change, pct, two_proportion_z
from agent.types import FunnelStepDelta

Level = Literal["low", "high"]

_LOW = {"low", "bad", "poor", "weak", "lower", "worse", "weaker", "less"}
# "so low", "this bad", "really poor"; or a comparative set against something other than a past period
_SAID = re.compile(
    r"\b(?:so|too|this|that|really|very|way|such)\s+(?P<level>low|high|bad|poor|weak|good|strong)\b|"
    r"\b(?P<cmp>lower|higher|worse|better|weaker|stronger|less)\b(?=[^.?!]*\bthan\s+(?!(?:last|the previous|the prior|"
    r"before|usual|previous|prior|a (?:week|month) ago|it was)\b))"
)


def asked_level(question: str) -> Level | None:
    """Return the level a question says one segment's metric stands at, or None when it asks about none.

    >>> asked_level("Why is trial conversion so low in India?"), asked_level("why is iOS activation better than Android")
    ('low', 'high')
    >>> asked_level("why are Brazilian users converting less than American users?")
    'low'
    >>> asked_level("why is conversion lower than last week?") is None
    True
    """
    m = _SAID.search(question.lower())
    if m is None:
        return None
    word = m["level"] or m["cmp"]
    return "low" if word in _LOW else "high"


def level_note(
    metric: str, funnel: list[FunnelStepDelta], focus: str, comparison: str | None, level: Level | None,
    labels: Mapping[str, str],
) -> str:
    """Return where the focus and the comparison stand in the current period, and whether that is the gap the
    question assumes; '' when no level was asked or a segment has no cohort."""
    if level is None or comparison is None:
        return ""
    mine, other = overall_change(funnel, focus), overall_change(funnel, comparison)
    if mine is None or other is None or not mine.n_cur or not other.n_cur:
        return ""
    name, other_name = labels.get(focus, focus), labels.get(comparison, comparison)
    stand = f"{metric} for {name} is {pct(mine.cur)} against {pct(other.cur)} for {other_name}"
    z = two_proportion_z(other.cur, other.n_cur, mine.cur, mine.n_cur)
    said = "lower" if level == "low" else "higher"
    if abs(z) < Z_CRITICAL:
        return f"In the current period {stand}: the gap is not significant, so the data do not show it {said} for {name}. "
    if (z < 0) == (level == "low"):
        return f"In the current period {stand}, so it is {said} for {name}. "
    seen = "higher" if z > 0 else "lower"
    return f"The question says {metric} is {said} for {name}, but in the current period it is {seen}: {stand}. "


# "what's the conversion rate by platform?", "show me activation by country": the rates asked for, no movement
_ASKS_RATES = re.compile(
    r"^\s*(?:(?:so|ok|okay|hey)\W+)?(?:what(?:'s|s| is| are| was| were)|show(?: me)?|give me|tell me|list|"
    r"how (?:is|are|does|do|did))\b"
)


def asks_rates(question: str) -> bool:
    """Return whether a question asks what the metric's rates are, not why one moved ("what's the conversion rate
    by platform?").

    >>> asks_rates("What's the trial conversion rate by platform?"), asks_rates("Why did conversion drop on iOS?")
    (True, False)
    >>> asks_rates("what happened to conversion on iOS this week?")
    False
    """
    lowered = question.lower()
    return bool(_ASKS_RATES.match(lowered)) and not ASKS_WHY.search(lowered) and not reports_movement(lowered)


def rates_note(metric: str, funnel: list[FunnelStepDelta], segments: list[str], labels: Mapping[str, str]) -> str:
    """Return each segment's rate in the current period (and of how many), '' when none has a cohort: the answer to
    a question about the rates, before what changed since the period before."""
    said = [f"{labels.get(s, s)} {pct(c.cur)} (of {c.n_cur:,})"
            for s in segments if (c := overall_change(funnel, s)) is not None and c.n_cur]
    return f"{metric} in the current period: {', '.join(said)}. Against the period before: " if said else ""


def also_note(metric: str, funnel: list[FunnelStepDelta], also: list[str], labels: Mapping[str, str]) -> str:
    """Return how each segment said to move with the focus moved ("on iOS and Android"), '' when none."""
    said = []
    for segment in also:
        change = overall_change(funnel, segment)
        if change is not None:
            moved = "a significant rise" if change.delta > 0 else "a significant fall"
            verdict = moved if abs(change.z) >= Z_CRITICAL else "not a significant change"
            said.append(f"{labels.get(segment, segment)} went from {pct(change.prev)} to {pct(change.cur)} ({verdict})")
    return f" The question names {', '.join(also)} too: {metric} for " + "; ".join(said) + "." if said else ""
