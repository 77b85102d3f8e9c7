"""A second grouping said with its own marker ('in each lifecycle stage by platform') groups too (it was refused
naming 'platform')."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan


@pytest.mark.parametrize(("prompt", "groups"), [
    ("How many users are in each lifecycle stage by platform?", ["activation_state", "device_os"]),
    ("how many trial users in each country by source", ["country", "utm_source"]),
    ("average streak per country split by platform", ["country", "device_os"]),
    ("How many users by platform and country?", ["device_os", "country"]),
])
def test_a_second_marker_adds_a_second_grouping(planner: CatalogPlanner, prompt: str, groups: list[str]) -> None:
    plan = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(plan, QuestionPlan), plan
    group = sqlglot.parse_one(plan.sql, read="duckdb").args["group"]
    assert [c.name for c in group.find_all(exp.Column)] == groups
