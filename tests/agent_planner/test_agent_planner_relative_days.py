"""Relative day words bound traits counted in days. A countdown (`trial_days_left`: whole days, rounded up,
until the trial ends) reaches its bound from above: "ends tomorrow" or "today" is at most 1 day left, "in
two days" at most 2, "this week" at most 7, "next week" 8 to 14. A trait counting days since something
reads "yesterday" as exactly 1 day ago. Spans ahead never split a sequence ("next week" is not "next")."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_policy, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.quantities import extract_window
from orchestrator.spec import AllOf, Condition, TraitCondition


def traits_of(audience: Condition) -> set[tuple[str, str, object]]:
    conditions = audience.conditions if isinstance(audience, AllOf) else [audience]
    return {
        (c.trait, c.op, tuple(c.value) if isinstance(c.value, list) else c.value)
        for c in conditions
        if isinstance(c, TraitCondition)
    }


# (prompt, the days trait's condition)
COUNTDOWNS: list[tuple[str, TraitCondition]] = [
    ("people whose trial ends tomorrow", T("trial_days_left", "lte", 1)),
    ("users whose trial ends today", T("trial_days_left", "lte", 1)),
    ("trial users whose trial ends in two days", T("trial_days_left", "lte", 2)),
    ("users whose trial ends this week", T("trial_days_left", "lte", 7)),
    ("users whose trial ends in the next 3 days", T("trial_days_left", "lte", 3)),
    ("users whose trial ends within the coming week", T("trial_days_left", "lte", 7)),
    ("users whose trial ends next week", T("trial_days_left", "between", [8, 14])),
    ("users who signed up yesterday", T("days_since_signup", "eq", 1)),
    # "expires" with a time ahead is when the trial ends, not the expired state
    ("users whose trial expires tomorrow", T("trial_days_left", "lte", 1)),
    ("trial users whose trial is expiring this week", T("trial_days_left", "lte", 7)),
    ("trial users whose trial is ending in the next 48 hours", T("trial_days_left", "lte", 2)),
]


def test_expired_with_no_time_ahead_is_still_the_state(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users whose trial expired")
    assert traits_of(rule.audience) == {("subscription_status", "eq", "expired")}


@pytest.mark.parametrize(("prompt", "expected"), COUNTDOWNS, ids=[c[0] for c in COUNTDOWNS])
def test_relative_day_words_bound_a_days_trait(
    planner: CatalogPlanner, prompt: str, expected: TraitCondition
) -> None:
    rule = draft_rule(planner, prompt)
    value = tuple(expected.value) if isinstance(expected.value, list) else expected.value
    assert (expected.trait, expected.op, value) in traits_of(rule.audience)
    assert not any(t == expected.trait and op == "gte" for t, op, _ in traits_of(rule.audience))


def test_an_event_yesterday_keeps_its_one_day_window(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users who opened the app yesterday")
    assert rule.audience.model_dump()["event"] == "app_opened"
    assert rule.audience.model_dump()["within_days"] == 1


@pytest.mark.parametrize(
    ("text", "days", "ahead", "low", "ago"),
    [
        ("ends tomorrow", 1, True, None, False),
        ("ends the day after tomorrow", 2, True, None, False),
        ("ends next week", 14, True, 8, False),
        ("in the next 3 days", 3, True, None, False),
        ("in the last 3 days", 3, False, None, False),
        ("yesterday", 1, False, None, True),
    ],
)
def test_windows_say_which_way_they_run(
    text: str, days: int, ahead: bool, low: int | None, ago: bool
) -> None:
    window, _ = extract_window(text)
    assert window is not None
    assert (window.days, window.ahead, window.low, window.ago) == (days, ahead, low, ago)


def test_next_week_inside_a_sequence_is_a_span_not_a_step(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "First remind trial users whose trial ends next week to upgrade, then re-engage users who "
        "haven't opened the app in 10 days.",
    )
    first, second = sorted(policy.rules, key=lambda r: r.priority)
    assert ("trial_days_left", "between", (8, 14)) in traits_of(first.audience)
    assert second.audience.model_dump()["event"] == "app_opened"


@pytest.mark.parametrize(
    ("prompt", "days_left"),
    [
        (
            "Trial users whose trial ends tomorrow should get the upgrade offer first, then people inactive for "
            "14 days get a win-back push.",
            1,
        ),
        (
            "Trial users whose trial ends in 2 days should get the upgrade offer first, then people inactive for "
            "14 days get a win-back push.",
            2,
        ),
    ],
)
def test_a_repeated_noun_starting_another_form_is_not_absorbed(
    planner: CatalogPlanner, prompt: str, days_left: int
) -> None:
    # "trial users whose trial ends": the second "trial" begins "trial ends" (trial_days_left), so it is not
    # swallowed by the "trial users" value before it
    first = sorted(draft_policy(planner, prompt).rules, key=lambda r: r.priority)[0]
    assert traits_of(first.audience) == {
        ("subscription_status", "eq", "trial"),
        ("trial_days_left", "lte", days_left),
    }
