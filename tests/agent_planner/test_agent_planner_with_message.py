"""A message handed to people "with" after a verb aiming at them ("Target yoga lovers with a new class
announcement") is what they get, not who they are: its words ("new", "feature") are no conditions."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.message_topics import without_with_message
from orchestrator.spec import Rule, TraitCondition
from warehouse.catalog import load_catalog


@pytest.mark.parametrize(("prompt", "audience"), [
    ("Target yoga lovers with a new class announcement", TraitCondition(trait="preferred_workout_type", op="eq", value="yoga")),
    ("Reach Android users with a new feature announcement", TraitCondition(trait="device_os", op="eq", value="android")),
    ("target people in France with our summer promo.", TraitCondition(trait="country", op="eq", value="FR")),
])
def test_the_message_after_with_is_no_condition(prompt: str, audience: TraitCondition) -> None:
    catalog = load_catalog()
    rule = CatalogPlanner(catalog).draft(prompt, "eligibility", catalog, [])
    assert isinstance(rule, Rule), rule  # 'new' was activation_state = new; 'feature' was refused
    assert rule.audience == audience


@pytest.mark.parametrize("text", ["Target users with an open ticket", "Email trial users with a streak of 3+",
                                  "users with a push enabled device"])
def test_people_with_a_state_keep_it(text: str) -> None:
    assert without_with_message(text) == text
