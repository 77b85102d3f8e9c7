"""Eligibility prompts → one rule: program id and goal, exact audience, exit criteria, refusals by phrase."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, ConversionMetric

SEED = (
    "Create eligibility rules for an upgrade nudge that only targets users who completed 3 workouts, viewed "
    "pricing, and have no open support tickets."
)
NOT_PAYING = T("subscription_status", "ne", "active")



def test_seed_eligibility_prompt(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, SEED)
    assert rule.id == "upgrade_nudge"
    assert rule.audience == AllOf(
        conditions=[
            T("workouts_completed", "gte", 3),
            T("pricing_views", "gte", 1),
            T("open_tickets", "eq", 0),
            NOT_PAYING,
        ]
    )
    assert [s.condition for s in rule.stop_conditions] == [T("subscription_status", "eq", "active")]
    assert rule.conversion == ConversionMetric(event="subscription_started", window_days=7)
    assert [c.channel for c in rule.channels] == ["email"]
    assert [s.condition for s in rule.suppressions] == [T("marketing_opt_in", "eq", False)]
    assert SEED in rule.description


AUDIENCES: list[tuple[str, str, list[Condition]]] = [
    (
        "Who should get the win-back email? Users who haven't worked out in 14 days and are not on iOS.",
        "win_back_email",
        [T("days_since_last_workout", "gte", 14), T("device_os", "ne", "ios")],
    ),
    (
        "Target Android users in Brazil with push disabled who completed at least 2 yoga workouts in the past month",
        "android_brazil_push",
        [
            T("device_os", "eq", "android"),
            T("country", "eq", "BR"),
            T("push_enabled", "eq", False),
            E("workout_completed", "gte", 2, 30, workout_type="yoga"),
        ],
    ),
    (
        "Set up a rule for users who never viewed pricing but have 5+ workouts",
        "never_viewed_pricing",
        [T("pricing_views", "eq", 0), T("workouts_completed", "gte", 5)],
    ),
    (
        "Build an audience of committed users in the UK with momentum over 70",
        "committed_uk_momentum",
        [T("activation_state", "eq", "committed"), T("country", "eq", "GB"), T("momentum_score", "gt", 70)],
    ),
    (
        "Eligibility for a streak reminder: users with a streak of at least 3 days who didn't work out yesterday",
        "streak_reminder",
        [T("current_streak_days", "gte", 3), T("days_since_last_workout", "gte", 1)],
    ),
    (
        "Users who have been inactive for more than two weeks and have an open ticket",
        "inactive_two_weeks",
        [T("days_since_last_workout", "gt", 14), T("open_tickets", "gte", 1)],
    ),
    (
        "Who should get a checkout reminder? users that started checkout in the past 48 hours but haven't subscribed",
        "checkout_reminder",
        [E("checkout_started", "gte", 1, 2), E("subscription_started", "eq", 0)],
    ),
    (
        "Eligible: users with fewer than three workouts, on Android or web, acquired via Google",
        "three_workouts_android",
        [
            T("workouts_completed", "lt", 3),
            T("device_os", "in", ["android", "web"]),
            T("utm_source", "eq", "google"),
        ],
    ),
    (
        "Target users with at most 1 workout this week and a streak under 2 days",
        "workout_week_streak",
        [E("workout_completed", "lte", 1, 7), T("current_streak_days", "lt", 2)],
    ),
    (
        "Upgrade nudge audience: 3+ workouts, viewed pricing, no open tickets",
        "upgrade_nudge",
        [
            T("workouts_completed", "gte", 3),
            T("pricing_views", "gte", 1),
            T("open_tickets", "eq", 0),
            NOT_PAYING,
        ],
    ),
    (
        "I want to message users in France who have push enabled and at least medium upgrade intent",
        "france_push_enabled",
        [
            T("country", "eq", "FR"),
            T("push_enabled", "eq", True),
            T("upgrade_intent", "in", ["medium", "high"]),
        ],
    ),
    (
        "Create an eligibility rule for a pricing follow-up: users who looked at pricing 3+ times in the past week "
        "but didn't start checkout, excluding anyone with an open ticket",
        "pricing_follow_up",
        [E("pricing_viewed", "gte", 3, 7), T("checkout_attempts", "eq", 0), T("open_tickets", "eq", 0)],
    ),
    (
        "Audience for a re-engagement push: at-risk users on iOS with push enabled, and exclude users who got "
        "more than 3 messages this week",
        "re_engagement_push",
        [
            T("activation_state", "eq", "at_risk"),
            T("device_os", "eq", "ios"),
            T("push_enabled", "eq", True),
            T("messages_received_7d", "lte", 3),  # "messages this week" names the weekly count
        ],
    ),
    (
        "Audience: users with open billing tickets who are not on a trial",
        "open_billing_tickets",
        [
            # no reason on open tickets in the catalog: open, and a billing ticket created in the last 30 days
            T("open_tickets", "gte", 1),
            E("support_ticket_created", "gte", 1, 30, ticket_reason="billing"),
            T("subscription_status", "ne", "trial"),
        ],
    ),
]


@pytest.mark.parametrize(("prompt", "rule_id", "conditions"), AUDIENCES, ids=[a[1] for a in AUDIENCES])
def test_audience_is_exact(
    planner: CatalogPlanner, prompt: str, rule_id: str, conditions: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.id == rule_id
    assert rule.audience == AllOf(conditions=conditions)


def test_trial_scope_in_program_phrase_is_kept(planner: CatalogPlanner) -> None:
    rule = draft_rule(
        planner, "An upgrade nudge for trial users with high upgrade intent who viewed pricing this week"
    )
    assert rule.audience == AllOf(
        conditions=[
            T("subscription_status", "eq", "trial"),
            T("upgrade_intent", "eq", "high"),
            E("pricing_viewed", "gte", 1, 7),
        ]
    )
    assert [s.condition for s in rule.stop_conditions] == [T("subscription_status", "eq", "active")]


def test_lapse_audience_stops_when_the_user_comes_back(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, AUDIENCES[0][0])
    assert [s.condition for s in rule.stop_conditions] == [T("days_since_last_workout", "lt", 14)]
    assert [c.channel for c in rule.channels] == ["email"]  # "the win-back email": its name says the channel


@pytest.mark.parametrize(
    ("prompt", "channels"),
    [
        ("Build an SMS reminder for users whose trial ends in 2 days", ["sms"]),
        ("Create eligibility rules for a win-back push that targets users inactive for 14 days", ["push"]),
        ("Eligibility for the in-app survey: users with an open ticket", ["in_app"]),
        ("Create eligibility rules for a churn-save email: paying subscribers whose momentum score is below 20",
         ["email"]),
        ("Target users with push enabled who completed 3 workouts", ["push", "email"]),  # a setting, not a channel
    ],
)
def test_a_channel_in_the_programs_name_is_its_channel(
    planner: CatalogPlanner, prompt: str, channels: list[str]
) -> None:
    assert [c.channel for c in draft_rule(planner, prompt).channels] == channels


@pytest.mark.parametrize(
    ("prompt", "phrase", "suggestion"),
    [
        ("Create eligibility for users who love dancing", "love dancing", None),
        ("Target users who completed 3 workouts and have a premium badge", "premium badge", None),
        ("Target users who completed 3 workouts with a momentum score", "momentum score", "momentum_score"),
    ],
)
def test_unmatched_audience_phrase_is_refused_by_name(
    planner: CatalogPlanner, prompt: str, phrase: str, suggestion: str | None
) -> None:
    refusal = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert phrase in refusal.unmatched_phrases
    assert f"'{phrase}'" in refusal.reason
    assert refusal.suggestions
    if suggestion:
        assert any(suggestion in s for s in refusal.suggestions)


def test_eligibility_prompt_with_no_catalog_word_still_names_the_phrase(planner: CatalogPlanner) -> None:
    prompt = "Create eligibility rules for users who love dancing"
    assert planner.classify(prompt, planner.catalog) == "eligibility"


def test_exit_is_the_missing_action_not_the_ticket_guard(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Target users who have no open tickets and never viewed pricing")
    assert rule.audience == AllOf(conditions=[T("open_tickets", "eq", 0), T("pricing_views", "eq", 0)])
    assert [s.condition for s in rule.stop_conditions] == [T("pricing_views", "gte", 1)]
