"""A program said before its condition ("For trial users: save offer if they have high support risk, otherwise the
upgrade nudge") ranks that program for those people and the other for the rest (it was one rule for the people with
the condition, and an all-time subscription)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Condition, iter_conditions


@pytest.mark.parametrize(
    ("prompt", "ids", "condition"),
    [
        (
            "For trial users: save offer if they have high support risk, otherwise the upgrade nudge",
            ["save_offer", "upgrade_nudge"],
            T("support_risk", "eq", "high"),
        ),
        (
            "the win-back email if they are on iOS, otherwise the survey",
            ["win_back_email", "survey"],
            T("device_os", "eq", "ios"),
        ),
    ],
)
def test_a_program_before_its_condition_is_first_for_those_people(
    planner: CatalogPlanner, prompt: str, ids: list[str], condition: Condition
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    assert condition in list(iter_conditions(rules[0].audience))
