"""Priority items that carry their own rank ("priority two is …", "… (3)", "… - priority 1"), lettered and
roman lists ("(a) … (b) …", "(i) … (ii) …"), an introduction naming the people before a colon ("For iOS
users, what order should these go in: …", "Rank these programs for users in Germany: …"), and goals that
switch something on ("get them to turn on push notifications") or aim at a first occurrence ("getting them to
view pricing")."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    "prompt",
    [
        "Rank for trial users: upgrade messaging (3), second workout help (1), support outreach (2).",
        "For trial users: (1) upgrade messaging - priority 3 (2) second workout help - priority 1 (3) support "
        "outreach - priority 2",
        "Trial users: priority three is upgrade messaging, priority one is second workout help, priority two is "
        "support outreach.",
    ],
)
def test_items_are_ordered_by_their_own_marks(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["second_workout", "support_outreach", "upgrade_messaging"]
    assert all("subscription_status" in names for names in audiences(policy))  # the head's scope


def test_a_priority_number_word_is_no_count(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Trial users: priority one is getting them to complete 3 workouts, priority two is getting them to "
        "view pricing, priority three is converting them.",
    )
    workouts, pricing, converting = by_priority(policy)
    assert T("workouts_completed", "gte", 3) in [s.condition for s in workouts.stop_conditions]
    # "getting them to view pricing" aims at a first view: those who have none, until they do
    assert T("pricing_views", "eq", 0) in pricing.audience.conditions  # type: ignore[union-attr]
    assert [s.condition for s in pricing.stop_conditions] == [T("pricing_views", "gte", 1)]
    assert T("subscription_status", "eq", "active") in [s.condition for s in converting.stop_conditions]


def test_switching_on_is_a_goal_to_reach(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priority order for new signups: 1. get them to complete their first workout 2. get them to turn on push "
        "notifications 3. upgrade offer.",
    )
    push = by_priority(policy)[1]
    assert T("push_enabled", "eq", False) in push.audience.conditions  # type: ignore[union-attr]
    assert [s.condition for s in push.stop_conditions] == [T("push_enabled", "eq", True)]


@pytest.mark.parametrize(
    "prompt",
    [
        "Our order for Android users: (a) reactivate users inactive 14+ days, (b) convert trial users, (c) "
        "cross-sell yoga to runners.",
        "Our order for Android users: (i) reactivate users inactive 14+ days (ii) convert trial users (iii) "
        "cross-sell yoga to runners",
    ],
)
def test_lettered_lists_are_numbered_lists(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    got = audiences(policy)
    assert len(got) == 3
    assert all("device_os" in names for names in got)
    assert ["days_since_last_workout" in got[0], "subscription_status" in got[1]] == [True, True]
    assert "preferred_workout_type" in got[2]


@pytest.mark.parametrize(
    ("prompt", "scope"),
    [
        (
            "For iOS users, what order should these go in: push re-engagement for lapsed users, upgrade nudge "
            "for high intent users, streak reminders for committed users?",
            T("device_os", "eq", "ios"),
        ),
        (
            "Rank these programs for users in Germany: upgrade nudges to people who viewed pricing at least "
            "twice, workout reminders to people inactive for 7 days, and a referral ask for committed users.",
            T("country", "eq", "DE"),
        ),
    ],
)
def test_people_named_before_the_colon_scope_every_program(
    planner: CatalogPlanner, prompt: str, scope: T
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert len(rules) == 3
    for rule in rules:
        assert scope in rule.audience.conditions, rule.id  # type: ignore[union-attr]


def test_worded_ranks_lead_named_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Lowest priority is the weekly digest for everyone else, second is the upgrade offer for high intent "
        "users, top priority is the save offer for at-risk users.",
    )
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["save_offer", "upgrade_offer", "weekly_digest"]
    assert rules[0].audience == T("activation_state", "eq", "at_risk")
    assert rules[1].audience == T("upgrade_intent", "eq", "high")


def test_two_people_in_one_suppression_are_two_suppressions(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Rank: (1) trial users with 2 days or less left, (2) users who viewed pricing 3 times but never started "
        "checkout. Suppress anyone with a CSAT below 3 and anyone who opted out.",
    )
    conditions = [s.condition for s in policy.suppressions]
    assert T("avg_csat", "lt", 3) in conditions
    assert T("marketing_opt_in", "eq", False) in conditions
    # an item named by its people only gets a stop too: viewing pricing leads to paying
    assert [s.condition for s in by_priority(policy)[1].stop_conditions] == [
        T("subscription_status", "eq", "active")
    ]
