"""Receiving a message on a channel is being sent one on it (the catalog counts sends); one named message is
refused by name, never read as any message of its channel."""

from __future__ import annotations

import pytest
from agent_planner_helpers import draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, EventCondition, PropertyFilter


def sent(channel: str, op: str = "gte", count: int = 1, within_days: int | None = None) -> EventCondition:
    return EventCondition(event="message_sent", op=op, count=count, within_days=within_days,  # type: ignore[arg-type]
                          where=[PropertyFilter(property="channel", op="eq", value=channel)])


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("users who got a push this week", sent("push", within_days=7)),
        ("users who received more than 3 emails this week", sent("email", "gt", 3, 7)),
        ("users who got 2 push notifications today", sent("push", count=2, within_days=1)),
        ("users who haven't received any texts in the last 14 days", sent("sms", "eq", 0, 14)),
        ("users who received an in-app message this week", sent("in_app", within_days=7)),
    ],
)
def test_receiving_on_a_channel_is_being_sent_on_it(planner: CatalogPlanner, prompt: str, audience: EventCondition) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience == audience
    assert "the catalog counts messages sent" in rule.description


def test_one_named_message_is_refused_not_read_as_any(planner: CatalogPlanner) -> None:
    result = planner.draft("trial users who received the upgrade email", "eligibility", planner.catalog, [])
    assert isinstance(result, Refusal) and "received" in result.unmatched_phrases


def test_not_opening_it_is_that_channel_over_the_same_time(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Users who got a push yesterday but didn't open it")
    unopened = EventCondition(event="message_opened", op="eq", count=0, within_days=1,
                              where=[PropertyFilter(property="channel", op="eq", value="push")])
    assert rule.audience == AllOf(conditions=[sent("push", within_days=1), unopened])
    clicked = draft_rule(planner, "users who received an email in the last 3 days and never clicked it")
    assert isinstance(clicked.audience, AllOf)
    assert clicked.audience.conditions[1] == EventCondition(
        event="message_clicked", op="eq", count=0, within_days=3,
        where=[PropertyFilter(property="channel", op="eq", value="email")])
