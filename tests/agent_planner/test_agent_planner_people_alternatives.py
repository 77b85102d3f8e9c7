"""An audience of two kinds of people joined by "or" targets either kind with its own conditions, while an
"or" between conditions of one kind of people stays one `any` beside the rest."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.people_alternatives import split_people_alternatives
from orchestrator.spec import AllOf, AnyOf, Condition

ANDROID_PUSH = AllOf(conditions=[T("device_os", "eq", "android"), T("push_enabled", "eq", True)])
WEB_OPTED_IN = AllOf(conditions=[T("device_os", "eq", "web"), T("marketing_opt_in", "eq", True)])


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Either Android users with push enabled or web users who are opted into marketing",
         AnyOf(conditions=[ANDROID_PUSH, WEB_OPTED_IN])),
        ("android users with push enabled, or web users that opted in to marketing",
         AnyOf(conditions=[ANDROID_PUSH, WEB_OPTED_IN])),
        ("users who are either on Android with push on, or on web and opted in to marketing",
         AnyOf(conditions=[ANDROID_PUSH, WEB_OPTED_IN])),
        ("either trial users on iOS or paying users in Germany",
         AnyOf(conditions=[
             AllOf(conditions=[T("subscription_status", "eq", "trial"), T("device_os", "eq", "ios")]),
             AllOf(conditions=[T("subscription_status", "eq", "active"), T("country", "eq", "DE")]),
         ])),
    ],
)
def test_each_kind_of_people_keeps_its_own_conditions(
    planner: CatalogPlanner, prompt: str, expected: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == expected


def test_settings_said_after_the_alternatives_apply_to_both(planner: CatalogPlanner) -> None:
    rule = draft_rule(
        planner, "Send a push to either trial users with 2 or fewer days left or expired users in France, "
        "push only, 10% holdout"
    )
    assert isinstance(rule.audience, AnyOf)
    assert rule.audience.conditions[1] == AllOf(
        conditions=[T("subscription_status", "eq", "expired"), T("country", "eq", "FR")]
    )
    assert [c.channel for c in rule.channels] == ["push"]
    assert rule.holdout_share == 0.1


@pytest.mark.parametrize(
    "text",
    [
        "users who either viewed pricing or compared plans, and are on iOS",
        "trial users who either compared plans or started a checkout in the last 14 days",
        "users with 3 or more workouts or a streak over 5 days",
        "iOS or Android users with push on",
        "users who neither viewed pricing nor compared plans",
    ],
)
def test_an_or_between_conditions_is_no_split_of_people(text: str) -> None:
    assert split_people_alternatives(text) is None


def test_an_or_of_conditions_stays_beside_the_shared_ones(planner: CatalogPlanner) -> None:
    audience = draft_rule(planner, "trial users who either compared plans or started a checkout in the last 14 days").audience
    assert audience == AllOf(conditions=[
        T("subscription_status", "eq", "trial"),
        AnyOf(conditions=[E("plan_compared", within=14), E("checkout_started", within=14)]),
    ])
