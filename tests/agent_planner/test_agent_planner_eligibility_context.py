"""Eligibility prompts wrapped in context: background before the request, chat shorthand, the reason or the
message said after the people, and a message offered to them; none of it is a condition on the people."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("Our Q3 goal is to lift trial conversion by 5 points. Marketing has a new discount to test. Create eligibility "
         "rules for the discount email targeting trial users with 3 or fewer days left, excluding France.",
         AllOf(conditions=[T("trial_days_left", "lte", 3), T("country", "ne", "FR")])),
        ("Background: we had an outage on Android last week and some workouts weren't saved. Target Android users who "
         "started a workout in the last 7 days.",
         AllOf(conditions=[T("device_os", "eq", "android"), E("workout_started", within=7)])),
    ],
)  # fmt: skip
def test_the_background_before_a_request_is_no_part_of_it(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    # the first was diagnosed (the background's metric and 'lift'), the second refused the outage's words
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("pls target ppl w/ 2+ tix in 30d on android, email only",
         AllOf(conditions=[E("support_ticket_created", count=2, within=30), T("device_os", "eq", "android")])),
        ("users who r at risk n on ios",
         AllOf(conditions=[T("activation_state", "eq", "at_risk"), T("device_os", "eq", "ios")])),
    ],
)  # fmt: skip
def test_chat_shorthand_is_spelled_out(planner: CatalogPlanner, prompt: str, audience: Condition) -> None:
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    ("prompt", "audience", "rule_id"),
    [
        ("Users with an average CSAT of 4 or higher and 20+ workouts, for a review request",
         AllOf(conditions=[T("avg_csat", "gte", 4), T("workouts_completed", "gte", 20)]), None),
        ("Users who started a trial but never worked out, offer them a trial extension",
         AllOf(conditions=[E("trial_started"), T("workouts_completed", "eq", 0)]), "trial_extension"),
        ("Users who received at least 10 messages this week, because we want to give them a break",
         T("messages_received_7d", "gte", 10), None),
    ],
)  # fmt: skip
def test_what_the_people_are_sent_or_why_names_no_condition(
    planner: CatalogPlanner, prompt: str, audience: Condition, rule_id: str | None
) -> None:
    # 'review request' and 'offer' were refused as audience phrases
    rule = draft_rule(planner, prompt)
    assert rule.audience == audience
    assert rule_id is None or rule.id == rule_id


@pytest.mark.parametrize(
    ("prompt", "channels"),
    [
        ("Users who viewed pricing twice in the last week, push them a discount", ["push"]),
        ("Trial users on iOS: text them a reminder", ["sms"]),
        ("Target Android users who started a workout in the last 7 days, with an apology push.", ["push"]),
        ("Users in France, for the weekly email digest", ["email"]),
    ],
)
def test_the_message_after_the_people_says_its_channel(planner: CatalogPlanner, prompt: str, channels: list[str]) -> None:
    # each went by push then email, the default
    assert [c.channel for c in draft_rule(planner, prompt).channels] == channels


@pytest.mark.parametrize(
    "prompt",
    [
        "All users except those with open tickets and those who opted out",
        "Everybody but people with open tickets and anyone who opted out",
    ],
)
def test_every_kind_of_people_an_exception_lists_is_excepted(planner: CatalogPlanner, prompt: str) -> None:
    # refused as an exception of several conditions
    assert draft_rule(planner, prompt).audience == AllOf(
        conditions=[T("open_tickets", "eq", 0), T("marketing_opt_in", "eq", True)]
    )


@pytest.mark.parametrize(
    "prompt",
    [
        "Audience: free users; viewed pricing at least once; not in India",
        "I need eligibility criteria for our Black Friday sale. Include: free users; viewed pricing at least once; not "
        "in India. Channels: email and push. Cap: 1 per day.",
    ],
)
def test_conditions_listed_under_a_label_with_semicolons_are_one_audience(planner: CatalogPlanner, prompt: str) -> None:
    # the semicolons ranked each condition as a program of a policy
    rule = draft_rule(planner, prompt)
    assert rule.audience == AllOf(
        conditions=[T("subscription_status", "eq", "none"), T("pricing_views", "gte", 1), T("country", "ne", "IN")]
    )


def test_a_cap_under_its_label_is_the_rules_cap(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Trial users on iOS. Cap: 2 per week")
    # 'Cap: 2 per week' was refused as people ('2')
    assert rule.frequency_cap is not None and (rule.frequency_cap.max_sends, rule.frequency_cap.per_days) == (2, 7)


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("VIP users (20+ workouts) in the US", AllOf(conditions=[T("workouts_completed", "gte", 20), T("country", "eq", "US")])),
        # 'paid' was read as paying users beside the sources listed
        ("Users from any paid source (google, facebook, tiktok)", T("utm_source", "in", ["google", "facebook", "tiktok"])),
        ("hey so we want to nudge folks who've been slacking - like no workouts in 10+ days - but only if they're on "
         "a paid plan and have push on",
         AllOf(conditions=[E("workout_completed", "eq", 0, within=10), T("subscription_status", "eq", "active"),
                           T("push_enabled", "eq", True)])),
    ],
)  # fmt: skip
def test_a_word_the_catalog_lacks_is_what_its_definition_says(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    # 'vip' and 'slacking' were refused though the prompt says what they mean
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    ("prompt", "trait"),
    [("Users whose preferred workout type is unknown", "preferred_workout_type"),
     ("users with CSAT missing", "avg_csat")],
)  # fmt: skip
def test_a_value_said_unknown_is_missing(planner: CatalogPlanner, prompt: str, trait: str) -> None:
    # refused naming the trait
    assert draft_rule(planner, prompt).audience == T(trait, "is_null", None)
