"""A habit said with a bound ('3+ times a week', '3 or more times per week', '2 or fewer times a week') is that
bound over the period's last days (the period was dropped: 3 workouts ever); people named by a state and then
said to have left it ('the win-back email for subscribers who cancelled') are in the state they entered (they
were read as paying subscribers, the opposite)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("users who work out 3+ times a week", E("workout_completed", count=3, within=7)),
        ("members who work out 3 or more times per week", E("workout_completed", count=3, within=7)),
        ("users who view pricing 2+ times a month", E("pricing_viewed", count=2, within=30)),
        ("users who work out 2 or fewer times a week", E("workout_completed", "lte", 2, within=7)),
    ],
)
def test_a_bounded_habit_is_the_bound_over_the_period(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    "prompt",
    [
        "Create eligibility rules for the win-back email for subscribers who cancelled",
        "Send the win-back email to subscribers who cancelled",
    ],
)
def test_people_said_to_have_left_a_state_are_in_the_state_they_entered(
    planner: CatalogPlanner, prompt: str
) -> None:
    assert draft_rule(planner, prompt).audience == T("subscription_status", "eq", "cancelled")


def test_the_state_they_entered_keeps_the_rest_of_the_people(planner: CatalogPlanner) -> None:
    prompt = "Create eligibility rules for the win-back email for subscribers in France who cancelled"
    # the head's 'active' was merged with the clause's 'cancelled' into either of them
    assert draft_rule(planner, prompt).audience == AllOf(
        conditions=[T("country", "eq", "FR"), T("subscription_status", "eq", "cancelled")]
    )
