"""Audiences typed the way a marketer types a brief: catalog names as the catalog writes them ("at_risk",
"days_since_signup < 10"), a second heading in one brief ("Who: … Conditions: …"), people named for a state
the clause says they left ("subscribers who cancelled in the past 30 days"), and an event done "more than N
days ago". Each asserts the whole audience, so a dropped, kept-stale or wrongly timed condition fails."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.bullet_audience import join_sections
from orchestrator.spec import Condition


def _audience(planner: CatalogPlanner, prompt: str) -> list[dict[str, object]]:
    said = draft_rule(planner, prompt).audience.model_dump()
    return said["conditions"] if said["kind"] == "all" else [said]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "Eligible:\n- at_risk users\n- on iOS",
            [T("activation_state", "eq", "at_risk"), T("device_os", "eq", "ios")],
        ),
        (
            "users with upgrade_intent high and support_risk low",
            [T("upgrade_intent", "eq", "high"), T("support_risk", "eq", "low")],
        ),
        (
            "Who: trial users. Conditions: fewer than 2 workouts, opened the app in the last 2 days.",
            [T("subscription_status", "eq", "trial"), T("workouts_completed", "lt", 2), E("app_opened", within=2)],
        ),
        (
            "Segment: android users. Criteria: days_since_signup < 10; also: push_enabled = true",
            [T("device_os", "eq", "android"), T("days_since_signup", "lt", 10), T("push_enabled", "eq", True)],
        ),
        (
            "android users, days since signup less than 10",
            [T("device_os", "eq", "android"), T("days_since_signup", "lt", 10)],
        ),
        # the people were subscribers; the event says they are not now (both at once would be no one)
        ("subscribers who cancelled in the past 30 days", [E("subscription_cancelled", within=30)]),
        ("paying members who churned this month", [E("subscription_cancelled", within=30)]),
        # a one-off done more than N days ago: done, and not in the last N days
        (
            "users who started their trial more than ten days ago",
            [E("trial_started"), E("trial_started", "eq", 0, within=10)],
        ),
        (
            "people who compared plans over 2 weeks ago but haven't subscribed",
            [E("plan_compared"), E("plan_compared", "eq", 0, within=14), E("subscription_started", "eq", 0)],
        ),
    ],
)
def test_a_typed_brief_reads_as_the_audience_it_states(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    assert _audience(planner, prompt) == [c.model_dump() for c in expected]


def test_people_named_for_a_state_the_clause_keeps_stay_in_the_audience(planner: CatalogPlanner) -> None:
    assert _audience(planner, "subscribers who opened the app") == [
        T("subscription_status", "eq", "active").model_dump(),
        E("app_opened").model_dump(),
    ]


def test_an_event_less_than_n_days_ago_is_in_the_window(planner: CatalogPlanner) -> None:
    assert _audience(planner, "users who started a trial less than 5 days ago") == [
        E("trial_started", within=5).model_dump()
    ]


def test_only_a_later_heading_becomes_a_comma() -> None:
    assert join_sections("Criteria: on iOS") == "Criteria: on iOS"
    assert join_sections("Who: trial users. Criteria: on iOS") == "Who: trial users, on iOS"
