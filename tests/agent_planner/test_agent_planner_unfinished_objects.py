"""A saved (or started) thing never finished is that thing never completed, with its filters; only a start or a
purchase word leads to the purchase ("saved a strength workout but never completed any" was no subscription)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("users who saved a strength workout but never completed any",
         [E("workout_saved", workout_type="strength"), E("workout_completed", "eq", 0, workout_type="strength")]),
        ("members who bookmarked a yoga workout but didn't finish it",
         [E("workout_saved", workout_type="yoga"), E("workout_completed", "eq", 0, workout_type="yoga")]),
        ("people who started checkout without buying",
         [T("checkout_attempts", "gte", 1), E("subscription_started", "eq", 0)]),
        ("users who started a trial but never converted",
         [E("trial_started"), E("subscription_started", "eq", 0)]),
    ],
)
def test_the_finish_is_of_the_thing_started_or_saved(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    audience = draft_rule(planner, prompt).audience
    assert isinstance(audience, AllOf)
    assert audience.conditions == expected
