"""A bulleted or numbered list of conditions with no heading is one audience (each condition was a program of a
3-program policy); a list of programs with no heading is still a policy."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_policy, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf


@pytest.mark.parametrize(
    ("prompt", "conditions"),
    [
        (
            "- iOS users\n- at least 3 workouts in the last 14 days\n- no open tickets",
            [T("device_os", "eq", "ios"), E("workout_completed", count=3, within=14), T("open_tickets", "eq", 0)],
        ),
        (
            "* trial users\n* viewed pricing twice\n* not opted out of marketing",
            [T("subscription_status", "eq", "trial"), T("pricing_views", "gte", 2), T("marketing_opt_in", "eq", True)],
        ),
        (
            # numbered: the "2." is the item's number, no count of app opens
            "1. Android users in Brazil\n2. haven't opened the app in 5 days",
            [T("device_os", "eq", "android"), T("country", "eq", "BR"), E("app_opened", "eq", 0, within=5)],
        ),
    ],
)
def test_a_list_of_conditions_with_no_heading_is_one_audience(
    planner: CatalogPlanner, prompt: str, conditions: list[object]
) -> None:
    rule = draft_rule(planner, prompt)
    assert isinstance(rule.audience, AllOf)
    assert rule.audience.conditions == conditions


def test_a_list_of_programs_with_no_heading_is_a_policy(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, "- save offer for at-risk users\n- upgrade nudge for trial users")
    assert [r.id for r in policy.rules] == ["save_offer", "upgrade_nudge"]
