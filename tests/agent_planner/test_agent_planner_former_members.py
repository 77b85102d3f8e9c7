"""People whose subscription ended ("lapsed subscribers", "former members", "ex-subscribers", "churned paying
users") are the catalog's cancelled state, not its active one; "lapsed" followed by a lapse of use ("lapsed
subscribers who haven't worked out in 14 days") keeps the subscription running."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions


@pytest.mark.parametrize(
    "phrase",
    [
        "lapsed subscribers",
        "former subscribers",
        "ex-subscribers",
        "churned paying users",
        "former paying customers",
    ],
)
def test_people_whose_subscription_ended_are_cancelled(planner: CatalogPlanner, phrase: str) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.conditions == [T("subscription_status", "eq", "cancelled")], parsed


def test_a_former_subscriber_rule_keeps_its_other_conditions(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "former subscribers on android who viewed pricing twice")
    said = rule.audience.model_dump_json()
    assert '"cancelled"' in said and '"android"' in said and '"active"' not in said


def test_a_lapse_of_use_keeps_the_subscription(planner: CatalogPlanner) -> None:
    parsed = parse_conditions(
        "lapsed subscribers who haven't worked out in 14 days", planner.catalog, planner.lexicon
    )
    assert T("subscription_status", "eq", "active") in parsed.conditions
    assert T("days_since_last_workout", "gte", 14) in parsed.conditions
