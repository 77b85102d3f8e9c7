"""Decision prompts that rank a program down ("Make A lower priority than B for X", "A is less important than
B", "A should come after B for X": one rule was drafted, or an eligibility rule), assign programs by arrows
("trial users -> upgrade offer": all merged into one), and a catch-all after a service program ("everyone
else -> weekly digest" after a ticket follow-up) is marketing, held for opted-out users (it was read as a
service rule because its people are those without the ticket)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority, names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Policy

COMMITTED = T("activation_state", "eq", "committed")
TRIAL = T("subscription_status", "eq", "trial")
CANCELLED = T("subscription_status", "eq", "cancelled")


@pytest.mark.parametrize(
    ("prompt", "ids", "people"),
    [
        (
            "Make the referral ask lower priority than the upgrade offer for committed users, and never send the "
            "referral ask to anyone with an open ticket.",
            ["upgrade_offer", "referral_ask"],
            COMMITTED,
        ),
        (
            "The survey for cancelled users is less important than the win-back email for cancelled users.",
            ["win_back_email", "survey"],
            CANCELLED,
        ),
        (
            "the tips digest should come after the upgrade offer for trial users",
            ["upgrade_offer", "tips_digest"],
            TRIAL,
        ),
    ],
)
def test_a_program_ranked_down_is_drafted_below_the_other(
    planner: CatalogPlanner, prompt: str, ids: list[str], people: object
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    assert all(r.audience == people for r in rules)


def _opted_out_held(policy: Policy, rule_id: str) -> bool:
    return any(
        "marketing_opt_in" in names(s.condition) and (s.applies_to == "all" or rule_id in s.applies_to)
        for s in policy.suppressions
    )


@pytest.mark.parametrize(
    "prompt",
    [
        "users with an open ticket -> support check-in. trial users -> upgrade offer. everyone else -> weekly "
        "digest. support wins, digest last.",
        "Anyone with an open ticket => the support check-in; trial users => the upgrade offer; everybody else => "
        "the weekly digest",
    ],
)
def test_people_assigned_by_arrows_each_get_their_program(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["support_check_in", "upgrade_offer", "weekly_digest"]
    assert rules[0].audience == T("open_tickets", "gte", 1) and rules[1].audience == TRIAL
    assert rules[0].purpose == "service" and rules[2].purpose == "marketing"
    assert _opted_out_held(policy, "weekly_digest") and not _opted_out_held(policy, "support_check_in")
