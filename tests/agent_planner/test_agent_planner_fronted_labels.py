"""A message sent after the people it is for ("For iOS users, send a reminder") names the rule; the message
noun is not an audience phrase to express."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Rule
from warehouse.catalog import load_catalog


@pytest.mark.parametrize(("prompt", "label"), [("For iOS users, send a reminder", "reminder"),
                                               ("For Android users, send them a weekly digest", "weekly_digest"),
                                               ("for committed users, send a congrats badge", "congrats_badge")])
def test_a_message_sent_after_the_people_it_is_for_names_the_rule(prompt: str, label: str) -> None:
    catalog = load_catalog()
    rule = CatalogPlanner(catalog).draft(prompt, "eligibility", catalog, [])
    assert isinstance(rule, Rule), rule  # was refused naming the message ("'reminder' matches no trait")
    assert rule.id == label


@pytest.mark.parametrize(("prompt", "label", "channels"), [
    ("For Android users who haven't worked out in 10 days, send a push reminder", "android_push_reminder", ["push"]),
    ("For users who opened the app this week, send a survey", "survey", ["push", "email"]),
    ("For users in Germany with push enabled, send them a discount offer", "discount_offer", ["push", "email"]),
])
def test_a_message_sent_in_its_own_clause_after_the_people_names_the_rule(
    prompt: str, label: str, channels: list[str],
) -> None:
    catalog = load_catalog()
    rule = CatalogPlanner(catalog).draft(prompt, "eligibility", catalog, [])
    assert isinstance(rule, Rule), rule  # each was refused naming the message ("'survey' matches no trait")
    assert rule.id == label and [step.channel for step in rule.channels] == channels
    assert "survey" not in str(rule.audience) and "offer" not in str(rule.audience)
