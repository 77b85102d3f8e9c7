"""Audiences typed the way a marketer types a brief: catalog names as the catalog writes them ("at_risk",
"days_since_signup < 10"), a second heading in one brief ("Who: … Conditions: …"), people named for a state
the clause says they left ("subscribers who cancelled in the past 30 days"), and an event done "more than N
days ago". Each asserts the whole audience, so a dropped, kept-stale or wrongly timed condition fails."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.bullet_audience import join_sections
from agent.types import Refusal
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


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        # "N days ago" on a days-since trait is that day, as "yesterday" is 1 day ago
        ("users who signed up 2 weeks ago", [T("days_since_signup", "eq", 14)]),
        ("users who joined a month ago", [T("days_since_signup", "eq", 30)]),
        ("users whose last workout was 5 days ago", [T("days_since_last_workout", "eq", 5)]),
        ("users who signed up more than 3 days ago", [T("days_since_signup", "gt", 3)]),
        # counts since signing up are all time; the signup's age said with it is kept
        (
            "people who've completed fewer than 3 workouts since they signed up 2 weeks ago",
            [T("workouts_completed", "lt", 3), T("days_since_signup", "eq", 14)],
        ),
        # a comparison said after what it compares
        ("users whose trial has 7 days left exactly", [T("trial_days_left", "eq", 7)]),
        ("users with 3 workouts exactly", [T("workouts_completed", "eq", 3)]),
    ],
)
def test_days_ago_and_trailing_comparisons(planner: CatalogPlanner, prompt: str, expected: list[Condition]) -> None:
    assert _audience(planner, prompt) == [c.model_dump() for c in expected]


@pytest.mark.parametrize(
    "prompt",
    ["users who completed over 100 minutes of workouts this week", "users who trained more than 60 minutes in total"],
)
def test_a_total_of_minutes_is_refused_not_read_as_one_workouts_length(planner: CatalogPlanner, prompt: str) -> None:
    assert isinstance(planner.draft(prompt, "eligibility", planner.catalog, []), Refusal)


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        (
            "lapsed subscribers: cancelled in the last 60 days and haven't opened the app since",
            "have not opened the app since",
        ),
        ("users who cancelled their subscription but visited pricing since", "visited pricing since"),
    ],
)
def test_an_act_counted_since_another_event_is_refused_by_its_clause(
    planner: CatalogPlanner, prompt: str, phrase: str
) -> None:
    # the catalog cannot order events: dropping "since" would count all time (or never)
    refused = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refused, Refusal)
    assert phrase in refused.unmatched_phrases


def test_since_a_day_or_signing_up_is_still_a_span(planner: CatalogPlanner) -> None:
    assert _audience(planner, "users who haven't opened the app since last Monday") == [
        E("app_opened", "eq", 0, within=7).model_dump()
    ]
    assert _audience(planner, "people who haven't worked out since signing up") == [
        T("workouts_completed", "eq", 0).model_dump()
    ]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "users who signed up via Facebook or TikTok in the last 30 days",
            [T("utm_source", "in", ["facebook", "tiktok"]), T("days_since_signup", "lte", 30)],
        ),
        (
            "users who opened the app on iOS or Android in the last week",
            [T("device_os", "in", ["ios", "android"]), E("app_opened", within=7)],
        ),
    ],
)
def test_a_span_after_a_list_of_ways_is_the_acts(planner: CatalogPlanner, prompt: str, expected: list[Condition]) -> None:
    assert _audience(planner, prompt) == [c.model_dump() for c in expected]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("users whose last workout was 14 days ago or more", [T("days_since_last_workout", "gte", 14)]),
        ("users who signed up 30 days ago or earlier", [T("days_since_signup", "gte", 30)]),
        ("users who signed up 3 days ago or less", [T("days_since_signup", "lte", 3)]),
    ],
)
def test_a_comparison_after_ago_bounds_the_days(planner: CatalogPlanner, prompt: str, expected: list[Condition]) -> None:
    assert _audience(planner, prompt) == [c.model_dump() for c in expected]
