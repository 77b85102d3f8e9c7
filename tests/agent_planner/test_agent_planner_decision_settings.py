"""Settings a decision prompt states beside its programs: a frequency cap ("cap it at 2 per week", "no more
than one message a day"), a holdout ("a 15% holdout", "hold out 10 percent", "a holdout of 25%"), a global
control group, and a channel order ("push first and email as fallback", "email only", "SMS only"). The
setting is applied to the policy and never read as a program."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import assert_audiences, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.program_marks import channel_name

# (prompt, audiences by priority, (max_sends, per_days))
CAPPED: list[tuple[str, list[set[str]], tuple[int, int]]] = [
    (
        "Reducing churn is most important, then driving upgrades among trial users. Cap at 2 messages per week.",
        [{"activation_state"}, {"subscription_status"}],
        (2, 7),
    ),
    (
        "High-intent users should get the upgrade offer and at-risk users the save offer; the save offer wins. "
        "No more than one message a day.",
        [{"activation_state"}, {"upgrade_intent"}],
        (1, 1),
    ),
    (
        "Rank these: an onboarding push for users who signed up in the last 7 days, a pricing reminder for "
        "users who compared plans. Frequency cap: 1 message every 3 days.",
        [{"days_since_signup"}, {"plan_comparisons"}],
        (1, 3),
    ),
    (
        # asked, not said: the planner's principle puts habit (the streak reward) before upsell
        "Which should win, the upgrade offer for trial users or the streak reward for committed users? Cap it "
        "at 2 per week.",
        [{"activation_state"}, {"subscription_status"}],
        (2, 7),
    ),
    (
        "First re-engage lapsed users who haven't worked out in 14 days, then nudge trial users to upgrade. "
        "SMS only, at most 3 messages per week.",
        [{"days_since_last_workout"}, {"subscription_status"}],
        (3, 7),
    ),
]


@pytest.mark.parametrize(("prompt", "expected", "cap"), CAPPED, ids=[str(i) for i in range(len(CAPPED))])
def test_a_stated_frequency_cap_is_the_policy_cap(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]], cap: tuple[int, int]
) -> None:
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, expected)
    assert policy.frequency_cap is not None
    assert (policy.frequency_cap.max_sends, policy.frequency_cap.per_days) == cap


# (prompt, audiences by priority, holdout share of every rule)
HELD_OUT: list[tuple[str, list[set[str]], float]] = [
    (
        "We have three programs: a welcome series for new users, an upgrade push for trial users with 3 days "
        "left, and a re-engagement email for at-risk users. Rank them and add a 15% holdout.",
        # "Rank them" asks for the order: retention, then onboarding, then the upsell
        [{"activation_state"}, {"activation_state"}, {"trial_days_left"}],
        0.15,
    ),
    (
        "Send a streak celebration to users with a streak of at least 5 days and a comeback push to at-risk "
        "users; the comeback push goes first. Use a 20% holdout.",
        [{"activation_state"}, {"current_streak_days"}],
        0.2,
    ),
    (
        "Prioritize the save offer for at-risk users over the upgrade email for trial users. Hold out 5 "
        "percent.",
        [{"activation_state"}, {"subscription_status"}],
        0.05,
    ),
    (
        "Which should win: the yoga promo for yoga lovers or the running challenge for runners? The running "
        "challenge wins. Use in-app messages only and a holdout of 25%.",
        [{"preferred_workout_type"}, {"preferred_workout_type"}],
        0.25,
    ),
]


@pytest.mark.parametrize(
    ("prompt", "expected", "share"), HELD_OUT, ids=[str(i) for i in range(len(HELD_OUT))]
)
def test_a_stated_holdout_is_every_rules_holdout(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]], share: float
) -> None:
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, expected)
    assert [r.holdout_share for r in policy.rules] == [share] * len(policy.rules)


def test_a_global_control_group_is_the_policy_control_share(planner: CatalogPlanner) -> None:
    prompt = (
        "Three goals for trial users, most important first: second workout, support issues, then conversion. "
        "Keep a 5% global control group."
    )
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, [{"workouts_completed"}, {"open_tickets"}, {"subscription_status"}])
    assert policy.control_group_share == 0.05


# (prompt, audiences by priority, the channels of every rule in order)
CHANNELED: list[tuple[str, list[set[str]], list[str]]] = [
    (
        "For trial users: first get them to complete a workout, then get them to view pricing, then convert "
        "them. Use push first and email as fallback.",
        [{"workouts_completed"}, {"pricing_views"}, {"subscription_status"}],
        ["push", "email"],
    ),
    (
        "Win back expired trials before upselling free users. Email only.",
        [{"subscription_status"}, {"subscription_status"}],
        ["email"],
    ),
    (
        "Prioritize the save offer for at-risk users over the upgrade email for trial users. Send email "
        "first, then push if unopened.",
        [{"activation_state"}, {"subscription_status"}],
        ["email", "push"],
    ),
    (
        "First re-engage lapsed users who haven't worked out in 14 days, then nudge trial users to upgrade. "
        "SMS only, at most 3 messages per week.",
        [{"days_since_last_workout"}, {"subscription_status"}],
        ["sms"],
    ),
]


@pytest.mark.parametrize(
    ("prompt", "expected", "channels"), CHANNELED, ids=[str(i) for i in range(len(CHANNELED))]
)
def test_a_stated_channel_order_is_every_rules_plan(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]], channels: list[str]
) -> None:
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, expected)
    for rule in by_priority(policy):
        assert [step.channel for step in rule.channels] == channels
        assert all(step.only_if == "previous_not_opened" for step in rule.channels[1:])


@pytest.mark.parametrize(
    ("word", "channel"),
    [
        ("push", "push"),
        ("push notifications", "push"),
        ("E-Mails", "email"),
        ("texts", "sms"),
        ("text messages", "sms"),
        ("SMS", "sms"),
        ("in app", "in_app"),
        ("in-app messages", "in_app"),
        ("webhook", "webhook"),
    ],
)
def test_every_spelling_of_a_channel_names_the_spec_channel(word: str, channel: str) -> None:
    assert channel_name(word) == channel
