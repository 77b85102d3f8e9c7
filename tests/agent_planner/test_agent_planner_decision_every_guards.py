"""A guard of every program said after the ranking in the same sentence ("…; hold both for users with high support
risk", "…, but don't send either to anyone with high support risk") holds every program (it held the last
one only); a stop said with "if" ("Stop the save offer if they cancel") is that program's stop (it was dropped,
or read as every program's people); chat shorthand ("dont send either to ppl with …") and reasons in brackets
after a place ("second (cheap)") keep that guard for both (it held one program, and the other lost the ticket
hold)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority, names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner

HIGH_RISK = T("support_risk", "eq", "high")


@pytest.mark.parametrize(
    "prompt",
    [
        "For at-risk users: save offer first, re-engagement push second; hold both for users with high support risk.",
        "For trial users: upgrade nudge first, then workout tips, but don't send either to anyone with high support "
        "risk.",
    ],
)
def test_a_guard_of_both_after_the_ranking_holds_both(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    assert len(policy.rules) == 2
    held = [s for s in policy.suppressions if s.condition == HIGH_RISK]
    assert len(held) == 1 and held[0].applies_to == "all"


@pytest.mark.parametrize(
    "prompt",
    [
        "For at-risk users, save offer first, re-engagement push second. Stop the save offer if they cancel.",
        "For at-risk users: save offer first, then the re-engagement push. If they cancel their subscription, stop "
        "the save offer.",
    ],
)
def test_a_stop_said_with_if_stops_that_program(planner: CatalogPlanner, prompt: str) -> None:
    save, push = by_priority(draft_policy(planner, prompt))
    assert save.audience == push.audience == T("activation_state", "eq", "at_risk")
    assert any({"subscription_cancelled", "subscription_status"} & names(s.condition) for s in save.stop_conditions)
    assert not any({"subscription_cancelled", "subscription_status"} & names(s.condition) for s in push.stop_conditions)


def test_chat_shorthand_and_bracketed_reasons_keep_the_guard_for_both(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "for at-risk users: save offer first (highest value), re-engagement push second (cheap). dont send either to "
        "ppl with an open ticket.",
    )
    assert [r.id for r in by_priority(policy)] == ["save_offer", "re_engagement_push"]  # no 'save_offer_highest'
    assert all(r.audience == T("activation_state", "eq", "at_risk") for r in policy.rules)
    held = [s for s in policy.suppressions if s.condition == T("open_tickets", "gte", 1)]
    assert len(held) == 1 and held[0].applies_to == "all"
