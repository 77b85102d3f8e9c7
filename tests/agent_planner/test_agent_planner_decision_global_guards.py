"""Guards said of people rather than of one program reach every rule: "…, and don't message anyone who
received 5 or more messages in the last week" after the second program, "If a user's CSAT is below 3, stop
all promotions", "If someone has an open billing ticket, hold all marketing". A comparison ("CSAT is below
3") is no ranking ("A is below B")."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "guard"),
    [
        (
            "Between the upgrade nudge for high intent users and the streak reminder for committed users, decide "
            "who wins, and don't message anyone who received 5 or more messages in the last week.",
            T("messages_received_7d", "gte", 5),
        ),
        (
            "Prioritize the win-back for expired trials over the onboarding series for new users, but never "
            "message users with more than 3 messages this week.",
            T("messages_received_7d", "gt", 3),
        ),
        (
            "If a user's CSAT is below 3, stop all promotions. Rank the upgrade offer for trial users above the "
            "streak reminder for committed users.",
            T("avg_csat", "lt", 3),
        ),
    ],
)
def test_a_guard_said_of_people_reaches_every_rule(planner: CatalogPlanner, prompt: str, guard: T) -> None:
    policy = draft_policy(planner, prompt)
    assert len(policy.rules) == 2
    stated = [s for s in policy.suppressions if s.condition == guard]
    assert [s.applies_to for s in stated] == ["all"]
    assert not [s for r in policy.rules for s in r.suppressions if s.condition == guard]


def test_if_someone_has_x_hold_all_marketing(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "If someone has an open billing ticket, hold all marketing. Otherwise, prioritize the checkout reminder "
        "for users who started checkout over the pricing nudge for users who viewed pricing.",
    )
    assert [r.id for r in by_priority(policy)] == ["checkout_reminder", "pricing_nudge"]
    billing = [s for s in policy.suppressions if "ticket_reason" in s.condition.model_dump_json()]
    assert billing and billing[0].applies_to == "all"


def test_a_comparison_with_below_is_no_ranking(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "If a user's CSAT is below 3, stop all promotions. Rank the upgrade offer for trial users above the "
        "streak reminder for committed users.",
    )
    assert [r.audience for r in by_priority(policy)] == [
        T("subscription_status", "eq", "trial"),
        T("activation_state", "eq", "committed"),
    ]
