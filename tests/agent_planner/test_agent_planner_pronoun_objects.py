"""A clause whose object is a pronoun for the thing the clause before named ("… but clicked none", "… but
haven't completed one") is said of that thing, with its filters and window (it was refused on "none"/"1")."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("users who opened at least 2 emails in the past 14 days but clicked none",
         [E("message_opened", count=2, within=14, channel="email"),
          E("message_clicked", "eq", 0, within=14, channel="email")]),
        ("people who opened a push in the last 7 days and clicked none of them",
         [E("message_opened", within=7, channel="push"), E("message_clicked", "eq", 0, within=7, channel="push")]),
        ("Users who saved a yoga workout in the past 10 days but haven't completed one",
         [E("workout_saved", within=10, workout_type="yoga"),
          E("workout_completed", "eq", 0, within=10, workout_type="yoga")]),
    ],
)
def test_a_pronoun_object_is_the_thing_before(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    audience = draft_rule(planner, prompt).audience
    assert isinstance(audience, AllOf)
    assert audience.conditions == expected


def test_a_pronoun_that_already_reads_is_left_alone(planner: CatalogPlanner) -> None:
    audience = draft_rule(planner, "users who got a push this week and clicked it").audience
    assert isinstance(audience, AllOf)
    assert audience.conditions == [
        E("message_sent", within=7, channel="push"), E("message_clicked", within=7, channel="push")
    ]
