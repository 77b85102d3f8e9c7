"""Every program ends somewhere: a win-back for people who left the converted state ("win-back offer for
cancelled users", "comeback email for expired trials") stops once they are back in it; a program whose label
names no goal ("save campaign for at-risk users") stops once its audience no longer holds; a stop the
prompt states replaces that fallback."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner

ACTIVE = T("subscription_status", "eq", "active")


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        (
            "The win-back offer for cancelled users beats the tips digest for committed users.",
            T("subscription_status", "eq", "cancelled"),
        ),
        (
            "Rank the comeback email for users whose trial expired above the streak reminder for committed users.",
            T("subscription_status", "eq", "expired"),
        ),
    ],
)
def test_a_win_back_stops_once_they_are_back(planner: CatalogPlanner, prompt: str, audience: T) -> None:
    win_back = by_priority(draft_policy(planner, prompt))[0]
    assert win_back.audience == audience
    assert [s.condition for s in win_back.stop_conditions] == [ACTIVE]
    assert win_back.conversion is not None and win_back.conversion.event == "subscription_started"


def test_a_program_without_a_goal_stops_when_its_audience_ends(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Decide the order for onboarding for new users and a save campaign for at-risk users. At-risk comes "
        "first, then new.",
    )
    save, onboarding = by_priority(policy)
    assert [s.condition for s in save.stop_conditions] == [T("activation_state", "ne", "at_risk")]
    assert [s.condition for s in onboarding.stop_conditions] == [T("activation_state", "ne", "new")]


def test_a_stated_stop_replaces_the_fallback(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "The save campaign for at-risk users beats the onboarding series for new users. Stop the save campaign "
        "once they complete a workout.",
    )
    save = by_priority(policy)[0]
    assert all(s.id != "audience_left" for s in save.stop_conditions)
    assert any("workout" in s.condition.model_dump_json() for s in save.stop_conditions)
