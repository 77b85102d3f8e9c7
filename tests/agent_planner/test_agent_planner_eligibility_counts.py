"""Counts said the way marketers write them: two bounds before the thing counted ("at least 2 but no more than
4 workouts in the last 14 days") bound one count, and a clause that leaves its object to the clause before
("… but completed none.") is read so at the end of a sentence too; how long people have been something ("for at
least 90 days") is a time since it began, at least that long."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Condition


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        # the first bound counted nothing and was refused ("I could not express: 'at least 2'")
        (
            "Create eligibility rules for the nudge for users with at least 2 but no more than 4 workouts in the last "
            "14 days.",
            [E("workout_completed", "gte", 2, within=14), E("workout_completed", "lte", 4, within=14)],
        ),
        (
            "Create eligibility rules for the check-in that targets users with more than 1 and fewer than 5 tickets "
            "in the last 30 days, on iOS",
            [
                E("support_ticket_created", "gt", 1, within=30),
                E("support_ticket_created", "lt", 5, within=30),
                T("device_os", "eq", "ios"),
            ],
        ),
        (
            "eligibility for the milestone email: users who completed at least 10 and at most 20 workouts",
            [T("workouts_completed", "gte", 10), T("workouts_completed", "lte", 20)],
        ),
    ],
)
def test_two_bounds_bound_the_thing_counted_after_them(
    planner: CatalogPlanner, prompt: str, audience: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.kind == "all" and rule.audience.conditions == audience


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        # a full stop after "none" left it unread: the prompt was refused naming 'none'
        (
            "Create eligibility rules for the save-for-later tip that only targets users who saved at least 2 "
            "workouts but completed none.",
            [E("workout_saved", "gte", 2), T("workouts_completed", "eq", 0)],
        ),
        (
            "Create eligibility rules for the cardio challenge that only targets users who started at least 3 "
            "workouts in the last 7 days but completed fewer than 2!",
            [E("workout_started", "gte", 3, within=7), E("workout_completed", "lt", 2, within=7)],
        ),
    ],
)
def test_an_object_left_to_the_clause_before_ends_a_sentence(
    planner: CatalogPlanner, prompt: str, audience: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.kind == "all" and rule.audience.conditions == audience


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        # was a subscription started in the last 90 days: the newest subscribers, not the loyal ones
        (
            "Create eligibility rules for the loyalty reward that only targets users who have been subscribed for at "
            "least 90 days.",
            [
                E("subscription_started"),
                E("subscription_started", "eq", 0, within=90),
                T("subscription_status", "eq", "active"),
            ],
        ),
        (
            "audience for the anniversary email: people who've been paying for more than 6 months",
            [
                E("subscription_started"),
                E("subscription_started", "eq", 0, within=180),
                T("subscription_status", "eq", "active"),
            ],
        ),
    ],
)
def test_how_long_a_subscription_has_run_is_its_start_that_long_ago(
    planner: CatalogPlanner, prompt: str, audience: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.kind == "all" and rule.audience.conditions == audience


@pytest.mark.parametrize(
    "prompt",
    [
        "Create eligibility rules for the loyalty reward that targets users who have been members for 2 years",
        "Create eligibility rules for the thank-you note that only targets users who've been with us for 730 days",
    ],
)
def test_a_duration_up_to_now_is_at_least_that_long(planner: CatalogPlanner, prompt: str) -> None:
    # a bare "for 2 years" was exactly 730 days since signing up
    assert draft_rule(planner, prompt).audience == T("days_since_signup", "gte", 730)


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        # was support_risk = high: "below" was dropped and the value it compares with kept
        (
            "Create eligibility rules for the promo that only targets users with support risk below high.",
            T("support_risk", "in", ["low", "medium"]),
        ),
        (
            "Create eligibility rules for the upsell that targets users whose upgrade intent is lower than medium",
            T("upgrade_intent", "in", ["none", "low"]),
        ),
        (
            "audience for the save offer: users with support risk less than medium",
            T("support_risk", "eq", "low"),
        ),
        (
            "Create eligibility rules for the promo that targets users with upgrade intent above low",
            T("upgrade_intent", "in", ["medium", "high"]),
        ),
    ],
)
def test_a_strict_comparison_with_an_ordered_value_leaves_it_out(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == audience


def test_the_same_words_still_compare_numbers(planner: CatalogPlanner) -> None:
    rule = draft_rule(
        planner,
        "Create eligibility rules for the tip that targets users who worked out more than 3 times and have "
        "a momentum score under 30",
    )
    assert rule.audience.kind == "all"
    assert rule.audience.conditions == [T("workouts_completed", "gt", 3), T("momentum_score", "lt", 30)]


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        # was workouts_completed > 20 and 'minutes' refused: a session is what the workout count counts
        (
            "Create eligibility rules for the tip that only targets users whose average session is longer than 20 "
            "minutes.",
            T("avg_workout_minutes", "gt", 20),
        ),
        (
            "audience for the long-form class: people whose mean session is over 45 minutes",
            T("avg_workout_minutes", "gt", 45),
        ),
    ],
)
def test_an_average_length_of_a_counted_thing_is_the_average_trait(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        # was one workout in the whole 14 days: the noun form of "worked out once in each of the last 2 weeks"
        (
            "Create eligibility rules for the weekly recap that only targets users with at least one workout in each "
            "of the last 2 weeks.",
            [E("workout_completed", within=7), E("workout_completed", count=2, within=14)],
        ),
        (
            "audience for the consistency badge: people with 2 workouts in each of the past 3 weeks",
            [E("workout_completed", count=2, within=7), E("workout_completed", count=6, within=21)],
        ),
    ],
)
def test_a_count_of_a_noun_in_each_period_is_counted_back_from_now(
    planner: CatalogPlanner, prompt: str, audience: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.kind == "all" and rule.audience.conditions == audience


@pytest.mark.parametrize(
    ("prompt", "age"),
    [
        # was no workout in the last 7 days: the age after "since signing up" is the signup's
        (
            "Create eligibility rules for the nudge that only targets users that haven't worked out since signing up "
            "7+ days ago.",
            T("days_since_signup", "gte", 7),
        ),
        (
            "audience for the first-workout push: people who have not completed a workout since they signed up more "
            "than 2 weeks ago",
            T("days_since_signup", "gt", 14),
        ),
    ],
)
def test_an_age_after_since_signing_up_is_the_signups(
    planner: CatalogPlanner, prompt: str, age: Condition
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.kind == "all" and rule.audience.conditions == [T("workouts_completed", "eq", 0), age]
