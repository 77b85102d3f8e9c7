"""Conditions read from phrasings a marketer uses: comparatives, "a week" as a number, units after "or more",
lists under one negation, countdown verbs, and people named before the audience mark. Each asserts the
conditions (trait or event, op, value, window), so a dropped or inverted condition fails."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("users outside Germany and France", [T("country", "not_in", ["DE", "FR"])]),
        ("users whose last workout was over a week ago", [T("days_since_last_workout", "gt", 7)]),
        ("committed users with a streak longer than a week",
         [T("activation_state", "eq", "committed"), T("current_streak_days", "gt", 7)]),
        ("users whose average workout is longer than 30 minutes", [T("avg_workout_minutes", "gt", 30)]),
        ("users who joined less than a week ago", [T("days_since_signup", "lt", 7)]),
        ("users who worked out 3 times or more in the past 10 days", [E("workout_completed", "gte", 3, within=10)]),
        ("users who've gone 5 or more days without a workout", [E("workout_completed", "eq", 0, within=5)]),
        # "hasn't worked out" with no period is never: the days-since trait is null for who never did it ("at least
        # 1 day since" left them out, and took in anyone who worked out yesterday); with a period it is that many days
        ("users who haven't worked out", [T("days_since_last_workout", "is_null", None)]),
        ("trial users who didn't work out", [T("subscription_status", "eq", "trial"), T("days_since_last_workout", "is_null", None)]),
        ("users who haven't worked out in 10 days", [T("days_since_last_workout", "gte", 10)]),
        ("users with a CSAT score of 2 or lower", [T("avg_csat", "lte", 2)]),
        ("customers who have filed 2+ support tickets this month", [E("support_ticket_created", "gte", 2, within=30)]),
        ("users with a 3-day streak or longer", [T("current_streak_days", "gte", 3)]),
    ],
)
def test_phrasings_read_as_the_conditions_they_state(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unexpressed == []
    assert parsed.conditions == expected


def test_a_trial_that_runs_out_is_the_countdown_not_running(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "trialists on Android whose trial runs out in 2 days or less")
    assert rule.audience == AllOf(
        conditions=[T("subscription_status", "eq", "trial"), T("device_os", "eq", "android"),
                    T("trial_days_left", "lte", 2)]
    )


def test_people_named_before_the_audience_mark_keep_their_conditions(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users signed up more than 30 days ago who are still on the free tier")
    assert rule.audience == AllOf(conditions=[T("days_since_signup", "gt", 30), T("subscription_status", "eq", "none")])
    # the parenthesis is the people's definition; its negation stays on the workouts, not on "subscribers"
    rule = draft_rule(planner, "An eligibility rule for lapsed subscribers (no workout in 30+ days) who are still paying")
    assert isinstance(rule.audience, AllOf)
    assert T("subscription_status", "ne", "active") not in rule.audience.conditions
    assert T("subscription_status", "eq", "active") in rule.audience.conditions
    assert E("workout_completed", "eq", 0, within=30) in rule.audience.conditions


def test_a_negation_before_a_catalog_phrase_that_is_no_state_stays_with_it(planner: CatalogPlanner) -> None:
    states = parse_conditions(
        "lapsed subscribers (no workout in 30+ days)", planner.catalog, planner.lexicon, states_only=True
    )
    assert states.conditions == [T("subscription_status", "eq", "active")]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("users who saved 3 yoga workouts", [E("workout_saved", "gte", 3, workout_type="yoga")]),
        ("users who started 2 running workouts this week", [E("workout_started", "gte", 2, within=7, workout_type="running")]),
        ("users who completed 3 yoga workouts", [E("workout_completed", "gte", 3, workout_type="yoga")]),
        ("yoga lovers", [T("preferred_workout_type", "eq", "yoga")]),
    ],
)
def test_a_value_inside_an_event_phrase_filters_that_event(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    # "saved yoga workouts" is the saved event filtered on yoga, not a completed yoga workout
    assert parse_conditions(phrase, planner.catalog, planner.lexicon).conditions == expected


@pytest.mark.parametrize(
    "prompt",
    [
        "users who viewed pricing twice this week, for the upgrade offer",
        "users who viewed pricing twice this week so we can nudge them to upgrade",
    ],
)
def test_what_the_message_is_for_is_no_condition(planner: CatalogPlanner, prompt: str) -> None:
    # "upgrade" there is the message's aim; read as a condition it kept only people who already upgraded
    assert draft_rule(planner, prompt).audience == E("pricing_viewed", "gte", 2, within=7)
