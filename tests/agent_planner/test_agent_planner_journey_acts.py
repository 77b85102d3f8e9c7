"""A journey whose first send is the verb that reaches the people ('push users who abandoned checkout …; follow up
by email the next day') starts with that channel (the follow-up was refused: 'follow'); a later step said to wait on an
act not done ('if no purchase', 'if they still haven't subscribed') stops the rule when it is done, since a step can
only wait on the previous one's open or click; 'stop if they upgrade' is a stop like 'stop once they upgrade'."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Rule, TraitCondition


def _draft(planner: CatalogPlanner, prompt: str) -> Rule:
    rule = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(rule, Rule), rule
    return rule


PAID = TraitCondition(trait="subscription_status", op="eq", value="active")


@pytest.mark.parametrize(("prompt", "plan"), [
    ("push users who abandoned checkout within the last 24 hours; follow up by email the next day if no purchase",
     [("push", 0, "always"), ("email", 24, "always")]),
    ("Email trial users who viewed pricing, then push them 2 days later if they still haven't subscribed",
     [("email", 0, "always"), ("push", 48, "always")]),
])
def test_a_step_waiting_on_an_act_not_done_stops_the_rule_when_it_is_done(
    planner: CatalogPlanner, prompt: str, plan: list[tuple[str, int, str]]
) -> None:
    rule = _draft(planner, prompt)
    assert [(s.channel, s.delay_hours, s.only_if) for s in rule.channels] == plan
    assert [s.condition for s in rule.stop_conditions] == [PAID]


def test_a_step_waiting_on_an_open_keeps_its_condition_and_adds_no_stop(planner: CatalogPlanner) -> None:
    rule = _draft(planner, "Send lapsed users a push, then an email 2 days later if they don't open it")
    assert [(s.channel, s.only_if) for s in rule.channels] == [("push", "always"), ("email", "previous_not_opened")]
    assert PAID not in [s.condition for s in rule.stop_conditions]


@pytest.mark.parametrize("prompt", ["email trial users who viewed pricing. Stop if they upgrade.",
                                    "Send the win-back email to cancelled users, stop sending it if they resubscribe"])
def test_stop_if_is_a_stop(planner: CatalogPlanner, prompt: str) -> None:
    assert PAID in [s.condition for s in _draft(planner, prompt).stop_conditions]
