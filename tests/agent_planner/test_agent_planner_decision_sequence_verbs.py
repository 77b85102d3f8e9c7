"""Verbs of order ("lead with A, follow with B, close with C", "start with A, then B, finally C") rank programs,
and state one rule's channel plan when every step is a channel ("start with push, then email, finally SMS")."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.program_marks import take_channel_sequence
from agent.catalog_planner.sequence_verbs import as_ranking

TRIAL, AT_RISK, NEW = (
    T("subscription_status", "eq", "trial"),
    T("activation_state", "eq", "at_risk"),
    T("activation_state", "eq", "new"),
)


@pytest.mark.parametrize(
    "prompt",
    [
        "For trial users, lead with the coach check-in, follow with the workout reminder, close with the upgrade nudge.",
        "For trial users: start with the coach check-in, then the workout reminder, finally the upgrade nudge.",
        "Trial users: open with the coach check-in, continue with the workout reminder and end with the upgrade nudge.",
    ],
)
def test_programs_in_a_sequence_of_verbs_are_ranked_under_the_shared_scope(
    planner: CatalogPlanner, prompt: str
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ["coach_check_in", "workout_reminder", "upgrade_nudge"]
    assert all(r.audience == TRIAL or TRIAL in getattr(r.audience, "conditions", []) for r in rules)


def test_programs_with_their_own_people_are_ranked_by_the_verbs(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Lead with the save offer for at-risk users, follow with the upgrade nudge for trial users, and close "
            "with the welcome series for new users.",
        )
    )
    assert [(r.id, r.audience) for r in rules] == [
        ("save_offer", AT_RISK),
        ("upgrade_nudge", TRIAL),
        ("welcome_series", NEW),
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        "For trial users, start with push, then email, finally SMS.",
        "Lead with push, follow with email, close with SMS for trial users.",
        "Push first, then email, then SMS to trial users.",
    ],
)
def test_a_sequence_of_channels_is_one_rules_channel_plan(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience == TRIAL
    assert [c.channel for c in rule.channels] == ["push", "email", "sms"]
    assert [c.only_if for c in rule.channels[1:]] == ["previous_not_opened"] * 2


def test_a_channel_sequence_beside_ranked_programs_is_every_programs_plan(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Rank the save offer for at-risk users above the upgrade nudge for trial users. Start with push, then "
            "email, finally SMS.",
        )
    )
    assert [(r.id, r.audience) for r in rules] == [("save_offer", AT_RISK), ("upgrade_nudge", TRIAL)]
    assert all([c.channel for c in r.channels] == ["push", "email", "sms"] for r in rules)


@pytest.mark.parametrize(
    "text",
    [
        "New signups: welcome email first, then a push to finish their first workout, then the upgrade pitch.",
        "Start with push, then email 2 days later.",  # a journey's timing
        "push first and email as fallback",
        "Send the win-back push, then the email reminder for cancelled users.",
    ],
)
def test_programs_named_after_channels_and_timed_steps_are_no_channel_sequence(text: str) -> None:
    assert take_channel_sequence(text) == (text, [])


def test_a_sentence_without_a_verb_of_order_is_left_as_written() -> None:
    text = "Start with push.\nThe save offer for at-risk users, then the upgrade nudge."
    assert as_ranking(text) == text


def test_a_timed_channel_sequence_stays_a_journey(planner: CatalogPlanner) -> None:
    rule = draft_rule(
        planner, "Remind trial users whose trial ends in 2 days: start with push, then email 1 day later."
    )
    assert [(c.channel, c.delay_hours) for c in rule.channels] == [("push", 0), ("email", 24)]
