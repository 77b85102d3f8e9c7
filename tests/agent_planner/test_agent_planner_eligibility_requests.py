"""Eligibility requests as marketers write them: the request's own words, the channels said beside the people,
and background before the request are no part of the audience, and none makes the prompt a choice between
programs."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_rule

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "rule_id", "audience", "channels"),
    [
        # "for the X for <people>" with no "who"/"targets": the request's words were read as people and refused
        (
            "Create eligibility rules for the win-back email for users on iOS",
            "win_back_email",
            [T("device_os", "eq", "ios")],
            ["email"],
        ),
        (
            "Write an eligibility rule for the streak badge for yogis in Germany",
            "streak_badge",
            [T("preferred_workout_type", "eq", "yoga"), T("country", "eq", "DE")],
            ["push", "email"],
        ),
    ],
)
def test_the_request_words_are_not_people(
    planner: CatalogPlanner, prompt: str, rule_id: str, audience: list[object], channels: list[str]
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.id == rule_id
    got = rule.audience.conditions if rule.audience.kind == "all" else [rule.audience]
    assert got == audience
    assert [c.channel for c in rule.channels] == channels


@pytest.mark.parametrize(
    ("prompt", "audience", "channels"),
    [
        # "on push" was push_enabled = true, and the name's "push" dropped the email said beside it
        (
            "Create eligibility rules for the trial ending push that only targets trial users whose trial ends in 2 "
            "days or less, on push and email.",
            [T("subscription_status", "eq", "trial"), T("trial_days_left", "lte", 2)],
            ["push", "email"],
        ),
        # "sent via sms" was a message_sent event the user must have had
        (
            "Create eligibility rules for the india promo that only targets users in India, sent via sms.",
            [T("country", "eq", "IN")],
            ["sms"],
        ),
        (
            "eligibility for the canada promo: users in Canada with push disabled - delivered by email",
            [T("country", "eq", "CA"), T("push_enabled", "eq", False)],
            ["email"],
        ),
        # a sentence of its own that only names channels is a setting, not a second program to rank
        (
            "Create eligibility rules for the re-engagement program that only targets users who are at risk. Use "
            "push and email, cap at 3 messages per week, hold out 10%.",
            [T("activation_state", "eq", "at_risk")],
            ["push", "email"],
        ),
        (
            "Build an audience for the pricing reminder: users who compared plans. Send it by email and SMS please.",
            [T("plan_comparisons", "gte", 1)],
            ["email", "sms"],
        ),
    ],
)
def test_channels_said_beside_the_people_are_the_rules(
    planner: CatalogPlanner, prompt: str, audience: list[object], channels: list[str]
) -> None:
    rule = draft_rule(planner, prompt)
    got = rule.audience.conditions if rule.audience.kind == "all" else [rule.audience]
    assert got == audience
    assert [c.channel for c in rule.channels] == channels


def test_people_sent_a_message_are_still_people(planner: CatalogPlanner) -> None:
    # "who were sent an email" says what happened to them: it stays a condition, and the rule's channels are its own
    rule = draft_rule(
        planner,
        "Create eligibility rules for the survey that only targets users who were sent "
        "an email in the last 7 days.",
    )
    assert "message_sent" in rule.audience.model_dump_json()


@pytest.mark.parametrize(
    ("prompt", "rule_id", "audience"),
    [
        # the background named the rule ('launching_new_mobility'), lent it "new" users, and made it a decision
        (
            "We're launching a new mobility class next month and want to warm people up. Create eligibility rules "
            "for the mobility teaser that only targets users who prefer yoga and have done at least 5 workouts. "
            "Email only please.",
            "mobility_teaser",
            [T("preferred_workout_type", "eq", "yoga"), T("workouts_completed", "gte", 5)],
        ),
        (
            "Quick context: we just shipped a new onboarding flow on Android. We need an audience for the tour "
            "email that targets users who signed up in the last 3 days.",
            "tour_email",
            [T("days_since_signup", "lte", 3)],
        ),
    ],
)
def test_background_before_the_request_is_not_the_audience(
    planner: CatalogPlanner, prompt: str, rule_id: str, audience: list[object]
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.id == rule_id
    got = rule.audience.conditions if rule.audience.kind == "all" else [rule.audience]
    assert got == audience


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        # "ppl" and "w" were audience words the catalog could not read, and the prompt was refused
        (
            "hey can u make eligibility rules for the streak push, only ppl w a streak >= 3 and push on",
            [T("current_streak_days", "gte", 3), T("push_enabled", "eq", True)],
        ),
        (
            "pls make eligibility rules for the digest targeting users who got fewer than 3 msgs this wk",
            [T("messages_received_7d", "lt", 3)],
        ),
        # "with a streak of 3+ and push enabled" was cut as the message ("with a … push") and nothing was left
        (
            "Create eligibility rules for the streak push: people with a streak of 3+ and push enabled",
            [T("current_streak_days", "gte", 3), T("push_enabled", "eq", True)],
        ),
    ],
)
def test_chat_shorthand_and_push_state_are_the_peoples(
    planner: CatalogPlanner, prompt: str, audience: list[object]
) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.id in ("streak_push", "digest")
    got = rule.audience.conditions if rule.audience.kind == "all" else [rule.audience]
    assert got == audience
