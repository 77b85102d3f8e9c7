"""Choose the diagnosis's focus when the prompt names none, and check the question's premise against the data.

"Activation by utm source, where did it drop?" names no source: the focus is the segment whose metric moved
most in the direction asked (or most either way). With more than two segments the focus is compared with the
largest other segment whose metric did not change significantly (else the one that moved least), and a note
says which and why. "Why did activation fall on web?" when web's activation rose says that the data show the
opposite, before any cause.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from agent.diagnose import Z_CRITICAL, overall_change
from agent.types import FunnelStepDelta

Direction = Literal["down", "up"]
# The plan's note when its metric stands in for something no metric measures ("churn", "cancelling").
_STAND_IN_MARK = "' as the metric: no catalog metric measures it"
STAND_IN_NOTE = "'{phrase}" + _STAND_IN_MARK + ", so the diagnosis compares {metric}, whose funnel ends at {last}."


def stands_in(not_applied: list[str]) -> bool:
    """Return True when a plan's metric stands in for what the prompt asked about (its movement then says
    nothing of the question's direction)."""
    return any(note.startswith("'") and _STAND_IN_MARK in note for note in not_applied)

_DOWN = re.compile(
    r"\b(?:drop\w*|fall\w*|fell|declin\w*|decreas\w*|dip\w*|tank\w*|crater\w*|plummet\w*|plung\w*|slump\w*|"
    r"sank|sink\w*|slid\w*|slipp?\w*|lower|down|worse|worsen\w*|fewer|less|lost|stopped|halved|collaps\w*|shr[iu]nk\w*)\b"
)
_UP = re.compile(
    r"\b(?:rise|rising|rose|risen|jump\w*|spik\w*|surg\w*|soar\w*|climb\w*|increas\w*|higher|up|better|improv\w*|"
    r"doubled|tripled|grew|grow\w*)\b"
)


# "worse for Android than iOS" sets two segments side by side; "lower than last week" is a movement.
_BESIDE = re.compile(r"\b(?:worse|better|lower|higher|less|more)\b[^.?!]*\bthan\s+(?!(?:last|the previous|the prior|"
                     r"before|usual|previous|prior|a (?:week|month) ago)\b)")


# "opens jumped but conversion didn't move": the movement said is another measure's.
_DENIED = re.compile(r"\b(?:didn't|did not|hasn't|has not|haven't|have not|doesn't|does not|isn't|is not)\s+"
                     r"(?:move|budge|change|follow|improve|recover|react|respond|drop|fall|rise|go)\w*")


def asked_direction(question: str) -> Direction | None:
    """Return which way the question says the metric moved, or None when it says neither or both, or sets two
    segments side by side instead.

    >>> asked_direction("Why did conversion drop on iOS?"), asked_direction("why did activation jump"), \
asked_direction("opens rose but conversion fell")
    ('down', 'up', None)
    >>> asked_direction("why is activation worse for android than ios"), asked_direction("lower than last week?")
    (None, 'down')
    """
    text = question.lower()
    if _BESIDE.search(text) or _DENIED.search(text):
        return None
    down, up = bool(_DOWN.search(text)), bool(_UP.search(text))
    if down == up:
        return None
    return "down" if down else "up"


def pick_focus(funnel: list[FunnelStepDelta], segments: list[str], direction: Direction | None) -> str:
    """Return the segment whose metric moved most in `direction` (most either way when None)."""
    changes = {s: c for s in segments for c in [overall_change(funnel, s)] if c is not None}
    if not changes:
        return segments[0]
    sign = {"down": -1.0, "up": 1.0}.get(direction or "", 0.0)
    return max(changes, key=lambda s: sign * changes[s].z if sign else abs(changes[s].z))


def pick_control(funnel: list[FunnelStepDelta], focus: str, segments: list[str]) -> str | None:
    """Return the segment to compare the focus with: the largest whose metric did not move significantly, else
    the one that moved least (a control that moved too would hide or fake the focus's own change)."""
    others = {s: c for s in segments if s != focus for c in [overall_change(funnel, s)] if c is not None}
    if not others:
        return next((s for s in segments if s != focus), None)
    # A segment where no one ever converts ("upgrade intent none") tells nothing about what changed.
    informative = {s: c for s, c in others.items() if c.prev > 0 or c.cur > 0} or others
    stable = [s for s, c in informative.items() if abs(c.z) < Z_CRITICAL]
    if stable:
        return max(stable, key=lambda s: informative[s].n_prev + informative[s].n_cur)
    return min(informative, key=lambda s: abs(informative[s].z))


def focus_note(
    metric: str, dimension: str, focus: str, comparison: str | None, labels: Mapping[str, str],
    funnel: list[FunnelStepDelta], *, named: bool,
) -> str:
    """Say how the focus and the segment it is compared with were chosen."""
    chosen = (f"The prompt names no {dimension} to explain, so the diagnosis focuses on {labels.get(focus, focus)}, "
              f"whose {metric} moved most")
    if comparison is None:
        return "" if named else chosen + "."
    subject = f"{labels.get(focus, focus)} " if named else chosen + "; it "
    control = labels.get(comparison, comparison)
    change = overall_change(funnel, comparison)
    if change is not None and abs(change.z) < Z_CRITICAL:
        return (f"{subject}is compared with {control}, the largest other {dimension} whose {metric} did not change "
                "significantly (a comparison that moved too would hide or fake the change).")
    return (f"{subject}is compared with {control}, whose {metric} moved least; every other {dimension} moved too, "
            "so read the difference between them with care.")


def premise_note(
    metric: str, funnel: list[FunnelStepDelta], focus: str, direction: Direction | None, labels: Mapping[str, str]
) -> str:
    """Return a sentence when the data show the focus moving against the question's premise, else ''. The
    caller passes no direction when the metric stands in for what was asked ("churn is up" is not conversion
    rising)."""
    change = overall_change(funnel, focus)
    if direction is None or change is None or abs(change.z) < Z_CRITICAL or (change.delta < 0) == (direction == "down"):
        return ""
    said, seen = ("fell", "rose") if direction == "down" else ("rose", "fell")
    return f"The question says {metric} {said} for {labels.get(focus, focus)}, but the data show it {seen}: "


def held_premise_note(
    metric: str, funnel: list[FunnelStepDelta], held: str, direction: Direction | None, labels: Mapping[str, str]
) -> str:
    """Return a sentence when the segment the question sets apart ("but not in the US") moved the same way, else ''."""
    change = overall_change(funnel, held)
    if direction is None or change is None or abs(change.z) < Z_CRITICAL or (change.delta < 0) != (direction == "down"):
        return ""
    return (f"The question sets {labels.get(held, held)} apart, but its {metric} {'fell' if direction == 'down' else 'rose'} "
            "significantly too. ")


def other_moved_note(
    metric: str, funnel: list[FunnelStepDelta], focus: str, other: str | None, direction: Direction | None,
    labels: Mapping[str, str],
) -> str:
    """Return a sentence when the focus did not move significantly but the segment it is compared with moved the way
    the question says ("why did conversion drop on Android compared with iOS?" when iOS fell), else ''."""
    mine, theirs = overall_change(funnel, focus), overall_change(funnel, other) if other else None
    if direction is None or mine is None or theirs is None or abs(mine.z) >= Z_CRITICAL or abs(theirs.z) < Z_CRITICAL:
        return ""
    if (theirs.delta < 0) != (direction == "down"):
        return ""
    said = "fell" if direction == "down" else "rose"
    return (f"It is {labels.get(other or '', other)} whose {metric} {said} significantly, not "
            f"{labels.get(focus, focus)}'s. ")
