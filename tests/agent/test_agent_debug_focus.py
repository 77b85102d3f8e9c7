"""Choosing the diagnosis's focus and control from funnel counts, and reading the direction a question asks."""

from __future__ import annotations

import pytest

from agent.debug_focus import (
    STAND_IN_NOTE,
    asked_direction,
    focus_note,
    held_premise_note,
    other_moved_note,
    pick_control,
    pick_focus,
    premise_note,
    stands_in,
)
from agent.types import FunnelStepDelta


def _funnel(counts: dict[str, tuple[int, int, int, int]]) -> list[FunnelStepDelta]:
    """Two-step funnels: segment -> (entered before, converted before, entered now, converted now)."""
    rows = []
    for segment, (n0, c0, n1, c1) in counts.items():
        rows += [FunnelStepDelta(step="start", segment=segment, previous_count=n0, current_count=n1, evidence_id=f"{segment}:a"),
                 FunnelStepDelta(step="end", segment=segment, previous_count=c0, current_count=c1, evidence_id=f"{segment}:b")]
    return rows


FUNNEL = _funnel({
    "a": (1000, 300, 1000, 290),   # steady, large
    "b": (1000, 300, 1000, 100),   # collapsed
    "c": (200, 60, 200, 58),       # steady, small
    "d": (1000, 300, 1000, 420),   # rose
    "z": (900, 0, 900, 0),         # never converts
})


def test_the_focus_is_the_segment_that_moved_most_in_the_direction_asked() -> None:
    assert pick_focus(FUNNEL, list("abcdz"), "down") == "b"
    assert pick_focus(FUNNEL, list("abcdz"), "up") == "d"
    assert pick_focus(FUNNEL, list("acdz"), None) == "d"


def test_the_control_is_the_largest_steady_segment_that_converts_at_all() -> None:
    assert pick_control(FUNNEL, "b", list("abcdz")) == "a"
    assert pick_control(FUNNEL, "b", list("bcdz")) == "c"
    # nothing steady: the one that moved least, never one where no one converts
    assert pick_control(FUNNEL, "b", list("bd")) == "d"
    assert pick_control(FUNNEL, "b", list("bdz")) == "d"


def test_a_premise_against_the_data_is_said_and_one_with_it_is_not() -> None:
    assert premise_note("m", FUNNEL, "d", "down", {}).startswith("The question says m fell for d, but the data show it rose")
    assert premise_note("m", FUNNEL, "b", "down", {}) == ""
    assert premise_note("m", FUNNEL, "a", "up", {}) == ""  # not significant either way


@pytest.mark.parametrize(("question", "direction"), [
    ("Why is second-workout rate worse for android than ios this week?", None),
    ("How come Android conversion is lower than last week?", "down"),
    ("how come iOS conversion jumped this week?", "up"),
    ("opens jumped on web but conversion didn't move", None),
])
def test_the_direction_asked(question: str, direction: str | None) -> None:
    assert asked_direction(question) == direction


def test_a_stand_in_metric_is_recognised_from_its_note() -> None:
    note = STAND_IN_NOTE.format(phrase="churn", metric="trial_conversion", last="subscription_started")
    assert stands_in(["something else", note]) and not stands_in(["'churn' (x): not applied"])


def test_the_note_says_whether_the_control_held_steady() -> None:
    steady = focus_note("m", "d", "b", "a", {}, FUNNEL, named=True)
    assert steady.startswith("b is compared with a, the largest other d whose m did not change significantly")
    moved = focus_note("m", "d", "b", "d", {}, FUNNEL, named=False)
    assert moved.startswith("The prompt names no d to explain, so the diagnosis focuses on b, whose m moved most; it is "
                            "compared with d, whose m moved least; every other d moved too")


def test_a_segment_set_apart_that_moved_too_is_said() -> None:
    assert held_premise_note("m", FUNNEL, "b", "down", {}) == "The question sets b apart, but its m fell significantly too. "
    assert held_premise_note("m", FUNNEL, "a", "down", {}) == ""
    assert held_premise_note("m", FUNNEL, "b", "up", {}) == ""


def test_the_comparison_that_moved_the_way_asked_is_named_when_the_focus_did_not() -> None:
    # FUNNEL: d rose significantly, a held; so "why did m rise for a compared with d" names d
    assert other_moved_note("m", FUNNEL, "a", "d", "up", {}) == "It is d whose m rose significantly, not a's. "
    assert other_moved_note("m", FUNNEL, "a", "d", "down", {}) == ""  # d moved the other way
    assert other_moved_note("m", FUNNEL, "d", "a", "up", {}) == ""  # the focus itself moved
