"""Settings said beside one audience: a holdout ("keep a 10% holdout", "hold out 15% as control", "no
holdout") sets the rule's holdout share and a one-channel statement ("email only", "Push only.") its
channels; neither is read as people, and a sentence of settings after the audience ranks no program."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.directives import states_only_settings, take_holdout


@pytest.mark.parametrize(
    ("prompt", "audience", "holdout", "channels"),
    [
        (
            "trial users on android, keep a 10% holdout",
            [T("subscription_status", "eq", "trial"), T("device_os", "eq", "android")],
            0.1,
            ["push", "email"],
        ),
        (
            "committed users on iOS. hold out 15% as control",
            [T("activation_state", "eq", "committed"), T("device_os", "eq", "ios")],
            0.15,
            ["push", "email"],
        ),
        (
            "users in Germany with 3+ pricing views (email only, no holdout)",
            [T("country", "eq", "DE"), T("pricing_views", "gte", 3)],
            0.0,
            ["email"],
        ),
        (
            "Active subscribers in Great Britain who haven't worked out for 14+ days. Holdout 5%, push only.",
            [
                T("subscription_status", "eq", "active"),
                T("country", "eq", "GB"),
                T("days_since_last_workout", "gte", 14),
            ],
            0.05,
            ["push"],
        ),
    ],
)
def test_settings_beside_an_audience_set_the_rule_not_its_people(
    planner: CatalogPlanner, prompt: str, audience: list[T], holdout: float, channels: list[str]
) -> None:
    rule = draft_rule(planner, prompt)
    said = rule.audience.model_dump()
    assert said.get("conditions", [said]) == [c.model_dump() for c in audience]
    assert rule.holdout_share == holdout
    assert [c.channel for c in rule.channels] == channels


def test_a_rule_without_a_stated_holdout_keeps_the_default(planner: CatalogPlanner) -> None:
    assert draft_rule(planner, "trial users on android").holdout_share == 0.1


@pytest.mark.parametrize(
    ("text", "rest", "share"),
    [
        ("users on iOS with a 5% holdout group", "users on iOS", 0.05),
        ("users on iOS, holdout of 20 percent", "users on iOS", 0.2),
        ("users on iOS without a control group", "users on iOS", 0.0),
        ("users on iOS", "users on iOS", None),
    ],
)
def test_take_holdout_cuts_the_setting_and_its_connectives(text: str, rest: str, share: float | None) -> None:
    assert take_holdout(text) == (rest, share)


def test_only_settings_are_recognised_as_settings() -> None:
    assert states_only_settings("Holdout 5%")
    assert states_only_settings("push only.")
    assert not states_only_settings("trial users, push only")
