"""One message named by its topic ('the upgrade email') is refused by name in a data question: the warehouse
records a message's channel only, and read as catalog words the topic became an act and the message was dropped."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal


@pytest.mark.parametrize(("prompt", "said"), [
    ("How many users got the upgrade email?", "the upgrade email"),  # was: users who subscribed
    ("How many users opened the upgrade email?", "the upgrade email"),  # was: users who opened any email
    ("what share of users who received the pricing reminder subscribed", "the pricing reminder"),
])
def test_a_message_named_by_its_topic_is_refused_by_name(planner: CatalogPlanner, prompt: str, said: str) -> None:
    refusal = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(refusal, Refusal) and refusal.unmatched_phrases == [said]


@pytest.mark.parametrize("prompt", [
    "How many users got a push?",
    "how many users opened the push notification",
    "How many users who got the email clicked it",
])
def test_a_message_said_by_its_channel_is_still_counted(planner: CatalogPlanner, prompt: str) -> None:
    assert isinstance(planner.plan_question(prompt, planner.catalog, []), QuestionPlan)
