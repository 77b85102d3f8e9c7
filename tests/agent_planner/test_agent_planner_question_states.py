"""Data questions about people in a lifecycle state and an act that does not end it: "committed users" who
worked out are still committed (a workout was read as ending the state, because `new` is glossed "fewer than 2
completed workouts", and the state was dropped: the answer covered every user)."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan


@pytest.mark.parametrize(
    ("prompt", "state"),
    [
        ("median workouts in the last 30 days for committed users", "committed"),
        ("How many power users completed a workout this week?", "committed"),
        ("average number of workouts in the last 14 days among activated users", "activated"),
    ],
)
def test_an_act_a_state_is_built_from_keeps_the_state(planner: CatalogPlanner, prompt: str, state: str) -> None:
    plan = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(plan, QuestionPlan), plan
    assert f"t.activation_state = '{state}'" in plan.sql
    assert "event_name = 'workout_completed'" in plan.sql


def test_an_act_that_ends_a_state_still_reads_as_who_people_were(planner: CatalogPlanner) -> None:
    # a cancellation ends `active`: the subscribers are those who started one, not those active now
    plan = planner.plan_question("how many subscribers cancelled last month", planner.catalog, [])
    assert isinstance(plan, QuestionPlan), plan
    assert "subscription_status" not in plan.sql
    assert "event_name = 'subscription_started'" in plan.sql
