"""The state of a thing the people have ("whose subscription is cancelled", "with a cancelled subscription") is
the trait that keeps it, not the event its words also spell (anyone who ever cancelled, paying again or not)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import Condition


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        (
            "Create eligibility rules for the win-back email that only targets users whose subscription is cancelled "
            "or expired.",
            T("subscription_status", "in", ["cancelled", "expired"]),
        ),
        (
            "Create eligibility rules for the win-back email that only targets users whose subscription is cancelled",
            T("subscription_status", "eq", "cancelled"),
        ),
        (
            "audience for the come-back offer: people with a cancelled plan",
            T("subscription_status", "eq", "cancelled"),
        ),
        # the act itself, said with a verb and a window, is still the act
        (
            "Create eligibility rules for the survey that targets users who cancelled their subscription in the last "
            "60 days",
            E("subscription_cancelled", within=60),
        ),
        # a plan property an event records is no subscription state
        (
            "Create eligibility rules for the annual plan pitch that only targets users who started a checkout for the "
            "annual plan in the last 7 days.",
            E("checkout_started", within=7, plan="annual"),
        ),
    ],
)
def test_a_things_state_is_the_trait_that_keeps_it(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    "prompt",
    [
        # was refused as a state held before: the catalog keeps a subscription that ended as its cancelled value
        "Create eligibility rules for the reconnect push that only targets users who are no longer subscribed.",
        "email folks who are no longer paying",
        "Create eligibility rules for the win-back that targets people who aren't paying anymore",
    ],
)
def test_a_subscription_no_longer_held_is_the_ended_state(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience == T("subscription_status", "eq", "cancelled")
    assert "subscription_status = cancelled" in rule.description


def test_another_state_held_before_is_still_refused(planner: CatalogPlanner) -> None:
    prompt = (
        "Create eligibility rules for the comeback email that only targets users who used to be committed"
    )
    refusal = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refusal, Refusal) and refusal.unmatched_phrases == ["used to be committed"]
