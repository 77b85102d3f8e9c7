"""A goal whose verb names a state ("activate new users", "retain at-risk users") messages the people named
until they reach it (it messaged those already there); "once they work out" for people on a streak (days with
a workout) is a new workout, not the all-time count they already meet; "Frequency cap: 2 per week" is a cap."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.suppressions import frequency_cap
from orchestrator.spec import FrequencyCap


def test_a_verb_naming_a_state_is_the_move_into_it(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "Priority: 1. save at-risk users 2. convert high intent trials 3. activate new users."
    )
    activate = by_priority(policy)[2]
    assert activate.audience == T("activation_state", "eq", "new")
    assert T("activation_state", "eq", "activated") in [s.condition for s in activate.stop_conditions]


def test_a_state_verb_in_prose_keeps_its_people(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, "First activate new users, then upsell committed users.")
    assert by_priority(policy)[0].audience == T("activation_state", "eq", "new")


def test_working_out_ends_a_streak_program_with_a_new_workout(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For users on a streak: 1) streak saver 2) referral ask. Stop the streak saver once they complete a workout.",
    )
    saver, referral = by_priority(policy)
    stops = [s.condition for s in saver.stop_conditions]
    assert E("workout_completed", within=1) in stops
    assert T("workouts_completed", "gte", 1) not in stops
    assert E("workout_completed", within=1) not in [s.condition for s in referral.stop_conditions]


def test_a_cap_heading_states_the_cap(planner: CatalogPlanner) -> None:
    assert frequency_cap("Frequency cap: 2 per week.")[0] == FrequencyCap(max_sends=2, per_days=7)
    assert frequency_cap("Cap = 1/day")[0] == FrequencyCap(max_sends=1, per_days=1)
    policy = draft_policy(
        planner, "For trial users: 1) upgrade offer 2) onboarding. Frequency cap: 2 per week."
    )
    assert policy.frequency_cap == FrequencyCap(max_sends=2, per_days=7)
