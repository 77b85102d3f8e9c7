"""'Why are yoga users less likely to upgrade?' asks how often they upgrade (trial_conversion), not about the
upgrade_intent trait 'likely to upgrade' names in an audience (the workout type's events made it activation)."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan, Rule


@pytest.mark.parametrize(("prompt", "metric", "focus"), [
    ("why are yoga users less likely to upgrade", "trial_conversion", "yoga"),
    ("Why are web users unlikely to subscribe?", "trial_conversion", "web"),
    ("why are iOS users less likely to complete a second workout this week", "activation", "ios"),
])
def test_a_likelihood_asked_why_is_the_rate_of_the_act(planner: CatalogPlanner, prompt: str, metric: str, focus: str) -> None:
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan) and (plan.metric, plan.segments[0]) == (metric, focus)


def test_users_likely_to_upgrade_in_a_rule_stay_the_intent_trait(planner: CatalogPlanner) -> None:
    prompt = "Send an upgrade email to users likely to upgrade"
    rule = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(rule, Rule) and "upgrade_intent" in rule.model_dump_json()
