"""Eligibility prompts about when people changed state, and what the rule waits for: a state entered in a window
is the event that enters it then; an age that only grows is no exit; why the rule is wanted names no condition."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "entered"),
    [
        ("Users who became paying customers last month", E("subscription_started", within=30)),
        ("Users who started paying in the last 2 weeks", E("subscription_started", within=14)),
        ("people who went on trial this week", E("trial_started", within=7)),
    ],
)
def test_a_state_entered_in_a_window_is_the_event_that_enters_it(
    planner: CatalogPlanner, prompt: str, entered: Condition
) -> None:
    rule = draft_rule(planner, prompt)
    # the window was refused ('last month'): a state has no date, the event entering it does
    assert rule.audience == entered
    assert "the event that enters subscription_status" in rule.description


def test_an_event_named_itself_or_a_state_no_event_enters_keeps_its_reading(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Users who started a trial in the last 7 days")
    assert rule.audience == E("trial_started", within=7)
    assert "the event that enters" not in rule.description


def test_an_age_that_only_grows_is_no_exit(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Users who signed up more than 60 days ago and never viewed pricing")
    # 'days_since_signup <= 60' was the stop: it never holds again, while viewing pricing ends the wait
    assert [s.condition for s in rule.stop_conditions] == [T("pricing_views", "gte", 1)]


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("Users who received at least 10 messages this week — we want to give them a break",
         T("messages_received_7d", "gte", 10)),
        ("Paying users in France, because we need to win them back before renewal",
         AllOf(conditions=[T("subscription_status", "eq", "active"), T("country", "eq", "FR")])),
    ],
)  # fmt: skip
def test_why_the_rule_is_wanted_names_no_condition(planner: CatalogPlanner, prompt: str, audience: Condition) -> None:
    # 'break' was refused as an audience phrase
    assert draft_rule(planner, prompt).audience == audience
