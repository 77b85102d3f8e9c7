"""A stop on a one-off act that enters a state ("stop once they subscribe", "exit when they cancel") is the state
now, not the act counted over all time, which anyone who did it before the rule reached them already meets."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_policy, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Rule


def _stated(rule: Rule) -> list[object]:
    return [s.condition for s in rule.stop_conditions if s.id.startswith("stated")]


@pytest.mark.parametrize(
    ("prompt", "state"),
    [
        # every cancelled subscriber subscribed once: the all-time count stopped them all before a send
        ("Win-back email for cancelled subscribers; stop when they subscribe", "active"),
        ("send a checkout reminder to users who started checkout in the last 3 days, until they upgrade", "active"),
        ("Renewal tips for paying subscribers, exit when they cancel", "cancelled"),
    ],
)
def test_a_stop_on_an_act_that_enters_a_state_is_the_state(planner: CatalogPlanner, prompt: str, state: str) -> None:
    rule = draft_rule(planner, prompt)
    assert _stated(rule) == [T("subscription_status", "eq", state)]


def test_each_program_of_a_policy_stops_on_the_state(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "1. win-back offer for users whose subscription was cancelled 2. survey for expired trials. "
        "Stop the win-back offer as soon as they buy.",
    )
    winback = next(r for r in policy.rules if r.priority == 1)
    assert _stated(winback) == [T("subscription_status", "eq", "active")]


def test_an_audience_that_never_did_it_keeps_the_count(planner: CatalogPlanner) -> None:
    # "never subscribed": the all-time count is what they have done since the rule reached them
    rule = draft_rule(planner, "Users who never subscribed and viewed pricing twice; stop once they subscribe")
    assert _stated(rule) == [E("subscription_started")]
