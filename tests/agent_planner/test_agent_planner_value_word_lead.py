"""A prompt led by a value's own word ("iOS or Android users in Germany") names people, not a verb moving them into
that value: it drafted a stop 'once device_os is ios', which ended every iOS user's rule before a send. A verb that
does name a state ("activate new users on iOS") is the people it names until they reach it."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_rule

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "values"),
    [
        ("iOS or Android users in Germany", ["ios", "android"]),
        ("web or android users with 3 workouts", ["web", "android"]),
        ("Android or web users from TikTok, not on a paid plan, with high upgrade intent", ["android", "web"]),
    ],
)
def test_a_lead_value_word_is_people_with_no_stop_on_it(planner: CatalogPlanner, prompt: str, values: list[str]) -> None:
    rule = draft_rule(planner, prompt)
    assert T("device_os", "in", values) in rule.audience.conditions  # type: ignore[union-attr]
    assert not [s for s in rule.stop_conditions if "device_os" in s.condition.model_dump_json()]


@pytest.mark.parametrize(
    ("prompt", "people", "reached"),
    [
        ("activate new users on iOS", [T("activation_state", "eq", "new"), T("device_os", "eq", "ios")], "activated"),
        (
            "Create an eligibility rule to retain at-risk subscribers",
            [T("activation_state", "eq", "at_risk"), T("subscription_status", "eq", "active")],
            "retained",
        ),
    ],
)
def test_a_verb_naming_a_state_is_its_people_until_they_reach_it(
    planner: CatalogPlanner, prompt: str, people: list[object], reached: str
) -> None:
    # the verb was read as the state itself: the rule went to users already activated
    rule = draft_rule(planner, prompt)
    assert rule.audience.conditions == people  # type: ignore[union-attr]
    assert T("activation_state", "eq", reached) in [s.condition for s in rule.stop_conditions]
