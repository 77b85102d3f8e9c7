"""A program named for what it is about ("the yoga challenge", "the UK launch") targets the people the prompt
says it targets; the name lends them no state of its own."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Condition


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        # was preferred_workout_type = yoga AND activated: everyone activated may join the challenge
        (
            "Create eligibility rules for the yoga challenge that only targets users who are activated.",
            T("activation_state", "eq", "activated"),
        ),
        # was running AND (running or cycling): the "or" the prompt said was lost to the name
        (
            "Create eligibility rules for the running plan promo that only targets users whose preferred workout type "
            "is running or cycling.",
            T("preferred_workout_type", "in", ["running", "cycling"]),
        ),
        # said with "for" instead of a targeting verb
        ("Create eligibility rules for the strength series for users on iOS", T("device_os", "eq", "ios")),
        (
            "Set up the audience for our UK launch, targeting users in the UK or Canada",
            T("country", "in", ["GB", "CA"]),
        ),
        # the workouts themselves are the prompt's: a hiit workout done, whatever type they do most
        (
            "eligibility for the hiit challenge: targets people who did at least one hiit workout in the last 2 weeks",
            E("workout_completed", within=14, workout_type="hiit"),
        ),
    ],
)
def test_the_programs_topic_is_not_the_peoples_state(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    ("prompt", "kept"),
    [
        # a name that names people still says who ("runners"), and a state no event records ("trial") stays
        (
            "Create eligibility rules for the lapsed-runner email that only targets users whose last workout was more "
            "than 14 days ago.",
            T("preferred_workout_type", "eq", "running"),
        ),
        (
            "Create eligibility rules for the trial push that targets users with at least 7 days left and fewer than "
            "2 workouts.",
            T("subscription_status", "eq", "trial"),
        ),
    ],
)
def test_a_name_that_says_who_still_does(planner: CatalogPlanner, prompt: str, kept: Condition) -> None:
    audience = draft_rule(planner, prompt).audience
    assert audience.kind == "all" and kept in audience.conditions
