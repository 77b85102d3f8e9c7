"""Answer a question about one step of a funnel ("why did pricing page views drop on iOS?", "why are fewer people
opening the app?") with that step's row before the whole funnel's.

The metric is the funnel the step belongs to, but the question is about the step: the summary opens with how many
of the focus's cohort reached it (the first step: the cohort itself) in both periods, beside the comparison.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from agent.diagnose import Z_CRITICAL, pct, step_changes
from agent.types import FunnelStepDelta

# The plan's note on a step question (the node reads it back).
_MARK = "' is the {step} step of "
STEP_NOTE = "'{phrase}" + _MARK + "{metric}: the diagnosis opens with that step, then compares the whole funnel."


def step_note(phrase: str, step: str, metric: str) -> str:
    """Return the plan's note for a question about one step."""
    return STEP_NOTE.format(phrase=phrase, step=step, metric=metric)


def noted_step(not_applied: Sequence[str]) -> str | None:
    """Return the step a plan's notes say the question is about, or None."""
    for note in not_applied:
        if "' is the " in note and " step of " in note and note.startswith("'"):
            return note.split("' is the ", 1)[1].split(" step of ", 1)[0]
    return None


def _against(delta: float, z: float, direction: str | None) -> str:
    """Return how the step moved against the question's direction, '' when it moved the way asked (or none was)."""
    if direction is None:
        return ""
    said = "fell" if direction == "down" else "rose"
    if abs(z) < Z_CRITICAL:
        return f": the question says it {said}, but it did not change significantly"
    if (delta < 0) != (direction == "down"):
        return f": the question says it {said}, but it {'rose' if delta > 0 else 'fell'}"
    return ""


def step_lead(
    step: str, funnel: list[FunnelStepDelta], focus: str, comparison: str | None, labels: Mapping[str, str],
    direction: str | None = None,
) -> str:
    """Return the sentence on one step for the focus (and the comparison) in both periods, and whether it moved the
    way the question says; '' without its rows."""
    name, other = labels.get(focus, focus), labels.get(comparison or "", comparison or "")
    first = next((r.step for r in funnel if r.segment == focus), None)
    if step == first:
        rows = {r.segment: r for r in funnel if r.step == step}
        if focus not in rows:
            return ""
        before, now = rows[focus].previous_count, rows[focus].current_count
        text = f"The {step} cohort for {name} went from {before:,} to {now:,} users"
        if comparison in rows:
            text += f" ({other}: {rows[comparison].previous_count:,} to {rows[comparison].current_count:,})"
        # a count's change against its Poisson noise
        z = (now - before) / math.sqrt(now + before) if now + before else 0.0
        return text + _against(now - before, z, direction) + ". "
    mine = step_changes(funnel, focus).get(step)
    if mine is None:
        return ""
    text = f"{step} (conversion from the previous step) for {name} went from {pct(mine.prev)} to {pct(mine.cur)}"
    theirs = step_changes(funnel, comparison).get(step) if comparison else None
    if theirs is not None:
        text += f" ({other}: {pct(theirs.prev)} to {pct(theirs.cur)})"
    return text + _against(mine.delta, mine.z, direction) + ". "
