"""A channel said as what was opened or clicked filters that event by channel: "an in-app message" (the
channel between the verb and "message"), "a push notification" (a phrase the catalog also lists for the push
permission) and a bare "notification" (a push); a channel state opening the audience ("push enabled who opened
an email") is never read as a sending verb with "an email" as the message's label."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from orchestrator.spec import Condition


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("clicked an in-app message in the past fortnight", [E("message_clicked", within=14, channel="in_app")]),
        ("opened an in-app message", [E("message_opened", channel="in_app")]),
        ("opened a push notification yesterday", [E("message_opened", within=1, channel="push")]),
        ("clicked a notification this week", [E("message_clicked", within=7, channel="push")]),
        (
            "haven't opened any push notifications in 30 days",
            [E("message_opened", "eq", 0, within=30, channel="push")],
        ),
        ("saved a yoga workout", [E("workout_saved", workout_type="yoga")]),
        # a state without a window is no windowed count: "in the last 30 days" is said and not expressed
        ("high support risk in the last 30 days", None),
    ],
)
def test_a_channel_object_filters_the_event(
    planner: CatalogPlanner, phrase: str, expected: list[Condition] | None
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    if expected is None:
        assert "in the last 30 days" in parsed.unexpressed
    else:
        assert parsed.unexpressed == []
        assert parsed.conditions == expected


@pytest.mark.parametrize(
    "prompt",
    [
        "users with push enabled who opened an email",
        "people with push notifications enabled who opened an email",
    ],
)
def test_a_channel_state_opening_the_audience_is_no_sending_verb(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience.model_dump()["conditions"] == [
        T("push_enabled", "eq", True).model_dump(),
        E("message_opened", channel="email").model_dump(),
    ]
    assert [c.channel for c in rule.channels] == ["push", "email"]
