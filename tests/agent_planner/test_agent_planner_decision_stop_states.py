"""Stops that say a thing is done again ("once they resubscribe", "subscribe again") end at the state the event
leads to: for cancelled users that is `subscription_status = active`, not an all-time count of subscriptions
(which a cancelled subscriber already has, so the rule would stop at once); "re-" before a catalog verb is
the same event again, read rather than refused."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner

ACTIVE = T("subscription_status", "eq", "active")


@pytest.mark.parametrize(
    ("prompt", "stopped"),
    [
        (
            "Cancelled users get the comeback email, which outranks the tips digest for committed users. Stop "
            "the comeback email once they resubscribe.",
            "comeback_email",
        ),
        (
            "Users whose subscription was cancelled should get a win-back offer and trial users the upgrade "
            "nudge; the win-back wins. Stop the win-back as soon as they subscribe again.",
            "win_back_offer",
        ),
    ],
)
def test_stop_on_subscribing_is_the_active_state(planner: CatalogPlanner, prompt: str, stopped: str) -> None:
    policy = draft_policy(planner, prompt)
    first = by_priority(policy)[0]
    assert first.id == stopped
    assert first.audience in (T("subscription_status", "eq", "cancelled"), E("subscription_cancelled"))
    assert ACTIVE in [s.condition for s in first.stop_conditions]
    # no stop is an all-time count of subscription_started, which every cancelled user meets
    assert all("subscription_started" not in s.condition.model_dump_json() for s in first.stop_conditions)


def test_re_prefixed_verb_is_read_not_refused(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: (1) upgrade offer (2) workout tips. Stop everything once they resubscribe.",
    )
    for rule in by_priority(policy):
        assert ACTIVE in [s.condition for s in rule.stop_conditions], rule.id
