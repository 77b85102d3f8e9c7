"""A stop names an act the catalog records or is refused by it: "when they share their workout on social", "once
they watch a workout video" were read as a workout done (the words the catalog knows), silently; the refusal
names the phrase and the acts the catalog records. "When their trial ends", "once their streak is over" are that
state no longer holding ("trial ends" read as days left in the trial, a stop every trial user met at once)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

PROGRAMS = "For trial users: upgrade nudge first, workout tips second. "


@pytest.mark.parametrize(
    ("stop", "phrase"),
    [
        ("Stop the workout tips when they share their workout on social.", "they share their workout on social"),
        ("Stop the workout tips once they watch a workout video.", "they watch a workout video"),
    ],
)
def test_a_stop_on_an_act_the_catalog_lacks_is_refused_by_it(planner: CatalogPlanner, stop: str, phrase: str) -> None:
    refusal = planner.draft(PROGRAMS + stop, "decision", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == [phrase]
    assert any("workout_completed" in s and "app_opened" in s for s in refusal.suggestions)


@pytest.mark.parametrize(
    ("stop", "condition"),
    [
        ("Stop the workout tips when their trial ends.", T("subscription_status", "ne", "trial")),
        ("Stop the workout tips once their streak is over.", T("current_streak_days", "eq", 0)),
    ],
)
def test_a_state_that_ends_stops_when_it_no_longer_holds(planner: CatalogPlanner, stop: str, condition: object) -> None:
    nudge, tips = by_priority(draft_policy(planner, PROGRAMS + stop))
    assert [s.condition for s in tips.stop_conditions] == [condition]
    assert condition not in [s.condition for s in nudge.stop_conditions]
