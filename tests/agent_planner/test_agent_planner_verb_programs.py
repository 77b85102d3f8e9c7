"""Decision prompts whose programs are led by a verb: the verb (and its aim) names the program, its object is
the audience, "with/by X" the channel; an audience can be ranked ("at-risk users should hear about it first")."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Policy

NEW = T("activation_state", "eq", "new")
AT_RISK = T("activation_state", "eq", "at_risk")
TRIAL = T("subscription_status", "eq", "trial")


def plan(policy: Policy) -> list[tuple[str, object, list[str]]]:
    rules = sorted(policy.rules, key=lambda r: r.priority)
    return [(r.id, r.audience, [c.channel for c in r.channels]) for r in rules]


@pytest.mark.parametrize(
    "prompt",
    [
        "Welcome new users with an email series and remind at-risk users by SMS. At-risk users should hear "
        "about it first.",
        "Welcome new users with an email series, and remind at-risk users by text; at-risk users get priority.",
        "Remind at-risk users by SMS, welcome new users with an email series. At-risk users go first.",
        "Remind at-risk users via SMS and welcome new users with an email series.",
    ],
)
def test_verb_led_programs_take_their_object_as_audience_and_their_channel(
    planner: CatalogPlanner, prompt: str
) -> None:
    assert plan(draft_policy(planner, prompt)) == [
        ("remind", AT_RISK, ["sms"]),
        ("welcome_series", NEW, ["email"]),
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        "Nudge trial users who viewed pricing toward upgrading and re-engage at-risk users with a push.",
        "Re-engage at-risk users with a push, and nudge trial users who viewed pricing toward upgrading; "
        "the nudge wins.",
        "Re-engage at-risk users by push and nudge trial users who viewed pricing towards upgrading. Trial "
        "users who viewed pricing gets priority.",
    ],
)
def test_a_verb_aim_names_the_goal_of_the_program(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    viewed = AllOf(conditions=[TRIAL, T("pricing_views", "gte", 1)])
    assert plan(policy) == [("nudge_toward_upgrading", viewed, ["email"]), ("re_engage", AT_RISK, ["push"])]
    nudge = policy.rules[0] if policy.rules[0].id == "nudge_toward_upgrading" else policy.rules[1]
    assert [s.condition for s in nudge.stop_conditions] == [T("subscription_status", "eq", "active")]


def test_a_ranked_audience_names_no_program_when_no_audience_matches(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Welcome new users with an email series and remind at-risk users by SMS. Trial users go first.",
    )
    assert [r.id for r in sorted(policy.rules, key=lambda r: r.priority)] == ["welcome_series", "remind"]


@pytest.mark.parametrize(
    "prompt",
    [
        "Welcome new users with an email series, remind at-risk users by SMS; the reminder goes first.",
        "Welcome new users with an email series and remind at-risk users by SMS. The reminder wins.",
    ],
)
def test_a_verb_label_is_ranked_by_its_noun(planner: CatalogPlanner, prompt: str) -> None:
    assert plan(draft_policy(planner, prompt)) == [
        ("remind", AT_RISK, ["sms"]),
        ("welcome_series", NEW, ["email"]),
    ]


def test_a_label_placed_in_its_own_sentence_is_ranked(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "The save offer for at-risk users, the upgrade offer for trial users. The upgrade offer comes first.",
    )
    assert [r.id for r in sorted(policy.rules, key=lambda r: r.priority)] == ["upgrade_offer", "save_offer"]


def test_the_message_a_verb_led_program_sends_is_its_name_not_its_people(planner: CatalogPlanner) -> None:
    first, last = by_priority(
        draft_policy(
            planner,
            "Most important is reaching users whose trial ends tomorrow with the upgrade email; least important is "
            "the referral invite for active subscribers.",
        )
    )
    assert first.id == "upgrade_email"
    assert first.audience == T("trial_days_left", "lte", 1)
    assert [c.channel for c in first.channels] == ["email"]
    assert last.audience == T("subscription_status", "eq", "active")
