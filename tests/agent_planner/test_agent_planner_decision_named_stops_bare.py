"""A stop said of every program by its goal ("stop each once they hit the goal", "… and stop each one when they
reach their goal") leaves each program its own goal's stop; it names no condition of its own to read."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


def test_each_goal_is_each_programs_stop(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "we want trial users to 1) finish 2 workouts 2) convert. order the messages that way and stop each once "
        "they hit the goal",
    )
    workouts, convert = by_priority(policy)
    assert [s.condition for s in workouts.stop_conditions] == [T("workouts_completed", "gte", 2)]
    assert T("subscription_status", "eq", "active") in [s.condition for s in convert.stop_conditions]


def test_each_one_reaching_their_goal(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "For trial users: 1) finish 2 workouts 2) convert. Stop each one when they reach their goal."
    )
    assert len(policy.rules) == 2
    assert all(len(r.stop_conditions) == 1 for r in policy.rules)
