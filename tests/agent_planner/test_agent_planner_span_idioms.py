"""Acts placed in spans the catalog cannot count over are read over the closest span and the rule says so;
states that change (a streak ending, a channel opted out of) read as the change; a message's label names no
condition on the people."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, Rule


def _conditions(rule: Rule) -> list[Condition]:
    return list(rule.audience.conditions) if isinstance(rule.audience, AllOf) else [rule.audience]


def _notes(rule: Rule) -> str:
    return rule.description.split("; approximated:", 1)[1] if "; approximated:" in rule.description else ""


@pytest.mark.parametrize(
    ("prompt", "expected", "days"),
    [
        (
            "Send a push to trial users who completed 2 workouts in their first week",
            [T("subscription_status", "eq", "trial"), T("workouts_completed", "gte", 2)],
            "7",
        ),
        ("members who opened the app 3 times during their first 3 days", [E("app_opened", "gte", 3)], "3"),
        (
            "email folks who haven't worked out within their first 2 weeks",
            [T("workouts_completed", "eq", 0)],
            "14",
        ),
    ],
)
def test_an_act_in_the_first_days_is_read_over_all_time_and_said(
    planner: CatalogPlanner, prompt: str, expected: list[Condition], days: str
) -> None:
    rule = draft_rule(planner, prompt)
    assert (
        _conditions(rule) == expected
    )  # not the age of the account: those are people still in their first days
    assert f"first {days} days from signup" in _notes(rule)


def test_the_first_days_alone_are_still_the_accounts_age(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users in their first week with push enabled")
    assert T("days_since_signup", "lt", 7) in _conditions(rule)


@pytest.mark.parametrize(
    ("prompt", "expected", "side"),
    [
        (
            "Email users who haven't viewed pricing since their first workout",
            [T("pricing_views", "eq", 0), T("workouts_completed", "gte", 1)],
            "narrower",
        ),
        (
            "customers that compared plans since their very first workout",
            [T("plan_comparisons", "gte", 1), T("workouts_completed", "gte", 1)],
            "broader",
        ),
    ],
)
def test_an_act_since_another_events_first_time_says_it_is_read_over_all_time(
    planner: CatalogPlanner, prompt: str, expected: list[Condition], side: str
) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == expected
    assert side in _notes(rule) and "first workout_completed" in _notes(rule)


@pytest.mark.parametrize(
    "prompt",
    [
        "Push users when their streak ends",
        "push folks whose workout streak just broke",
        "Email members who lost their streak",
    ],
)
def test_a_streak_ending_is_a_streak_that_just_ended(planner: CatalogPlanner, prompt: str) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == [T("current_streak_days", "eq", 0), T("days_since_last_workout", "lte", 3)]
    assert "just ended" in _notes(rule)
    # back on a streak, they leave
    assert [s.condition for s in rule.stop_conditions] == [T("current_streak_days", "gte", 1)]


@pytest.mark.parametrize(
    ("prompt", "value"),
    [
        ("Email users who opted out of push", False),
        ("email customers who unsubscribed from push notifications", False),
        ("users who opted in to notifications", True),
    ],
)
def test_opting_out_of_a_channel_is_that_channels_permission_only(
    planner: CatalogPlanner, prompt: str, value: bool
) -> None:
    assert _conditions(draft_rule(planner, prompt)) == [T("push_enabled", "eq", value)]


def test_opting_out_alone_is_still_marketing_consent(planner: CatalogPlanner) -> None:
    assert _conditions(draft_rule(planner, "users who opted out")) == [T("marketing_opt_in", "eq", False)]


@pytest.mark.parametrize(
    ("prompt", "expected", "rule_id"),
    [
        (
            "Send trial users a workout reminder",
            [T("subscription_status", "eq", "trial")],
            "workout_reminder",
        ),
        ("send iOS users a streak saver nudge", [T("device_os", "eq", "ios")], "streak_saver_nudge"),
        (
            "Send a workout reminder to trial users",
            [T("subscription_status", "eq", "trial")],
            "workout_reminder",
        ),
        ("send users on trial a workout nudge", [T("subscription_status", "eq", "trial")], None),
    ],
)
def test_a_messages_label_names_no_condition(
    planner: CatalogPlanner, prompt: str, expected: list[Condition], rule_id: str | None
) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == expected
    assert rule_id is None or rule.id == rule_id


def test_a_sending_verb_names_the_channel_beside_a_label(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "email trial users the weekly workout digest")
    assert [c.channel for c in rule.channels] == ["email"]
    assert _conditions(rule) == [T("subscription_status", "eq", "trial")]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "Email users who started checkout without finishing",
            [T("checkout_attempts", "gte", 1), E("subscription_started", "eq", 0)],
        ),
        (
            "members who started a workout but never finished it",
            [E("workout_started", "gte", 1), T("workouts_completed", "eq", 0)],
        ),
    ],
)
def test_a_start_without_its_finish_is_the_start_and_never_the_finish(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == expected
    assert "cannot order events" in _notes(rule)


@pytest.mark.parametrize(
    ("prompt", "event"),
    [
        ("Email users who were active last week but not this week", "app_opened"),
        ("push members who opened the app in the previous month, but not this month", "app_opened"),
    ],
)
def test_last_period_but_not_this_one_is_a_window_with_none_in_the_latest(
    planner: CatalogPlanner, prompt: str, event: str
) -> None:
    rule = draft_rule(planner, prompt)
    days = 30 if "month" in prompt else 7
    assert _conditions(rule) == [E(event, "gte", 1, within=2 * days), E(event, "eq", 0, within=days)]
    assert "rolling" in _notes(rule)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Email everyone except users in Germany", [T("country", "ne", "DE")]),
        ("everyone but trial users", [T("subscription_status", "ne", "trial")]),
        ("push all members other than those on iOS", [T("device_os", "ne", "ios")]),
        (
            "email all customers apart from people who completed 3 workouts",
            [T("workouts_completed", "lt", 3)],
        ),
        (
            "trial users except those on Android, by push",
            [T("subscription_status", "eq", "trial"), T("device_os", "ne", "android")],
        ),
    ],
)
def test_everyone_except_some_people_is_everyone_who_is_not_them(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    assert _conditions(draft_rule(planner, prompt)) == expected


def test_an_exception_of_several_conditions_is_refused_by_name(planner: CatalogPlanner) -> None:
    result = planner.draft("Email everyone except trial users on iOS", "eligibility", planner.catalog, [])
    assert isinstance(result, Refusal)
    assert result.unmatched_phrases == ["everyone except trial users on iOS"]


@pytest.mark.parametrize(
    ("prompt", "expected", "event"),
    [
        (
            "users that haven't opened the app since they cancelled",
            [E("app_opened", "eq", 0), T("subscription_status", "eq", "cancelled")],
            "subscription_cancelled",
        ),
        (
            "members who haven't viewed pricing since upgrading",
            [T("pricing_views", "eq", 0), E("subscription_started")],
            "subscription_started",
        ),
    ],
)
def test_an_act_since_another_event_says_it_is_read_over_all_time(
    planner: CatalogPlanner, prompt: str, expected: list[Condition], event: str
) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == expected
    assert f"before a {event}" in _notes(rule) and "narrower" in _notes(rule)


@pytest.mark.parametrize(
    ("prompt", "enabled", "days"),
    [
        ("push users who enabled push in the last 3 days", True, 3),
        ("users who disabled notifications yesterday", False, 1),
    ],
)
def test_a_state_changed_in_a_window_is_the_event_that_changes_it(
    planner: CatalogPlanner, prompt: str, enabled: bool, days: int
) -> None:
    assert _conditions(draft_rule(planner, prompt)) == [
        E("push_permission_changed", within=days, enabled=enabled)
    ]


def test_a_state_beside_an_event_in_a_window_stays_the_state(planner: CatalogPlanner) -> None:
    assert _conditions(draft_rule(planner, "users with push enabled who worked out this week")) == [
        T("push_enabled", "eq", True),
        E("workout_completed", within=7),
    ]


def test_a_last_act_more_than_some_days_ago_is_done_once_and_not_since(planner: CatalogPlanner) -> None:
    assert _conditions(draft_rule(planner, "users who last opened the app more than 10 days ago")) == [
        E("app_opened"),
        E("app_opened", "eq", 0, within=10),
    ]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "users who worked out at least 3 times in each of the last 2 weeks",
            [E("workout_completed", "gte", 3, within=7), E("workout_completed", "gte", 6, within=14)],
        ),
        (
            "members who opened the app twice in each of the past 3 weeks",
            [E("app_opened", "gte", 2, within=7), E("app_opened", "gte", 6, within=21)],
        ),
    ],
)
def test_a_count_in_each_of_several_periods_says_the_earlier_ones_are_not_counted_alone(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == expected
    assert "not counted on its own" in _notes(rule)


def test_a_start_abandoned_is_the_start_and_never_the_finish(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "members who started the annual checkout but abandoned it")
    assert _conditions(rule) == [E("checkout_started", plan="annual"), E("subscription_started", "eq", 0)]


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        (
            "members that have viewed pricing more than they have worked out",
            "viewed pricing more than they have worked out",
        ),
        (
            "users who open the app more often than they work out",
            "open the app more often than they work out",
        ),
    ],
)
def test_one_count_compared_with_another_is_refused_by_name(
    planner: CatalogPlanner, prompt: str, phrase: str
) -> None:
    result = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(result, Refusal) and result.unmatched_phrases == [phrase]


@pytest.mark.parametrize(
    "prompt",
    [
        "users who haven't broken their streak",
        "members whose streak hasn't ended",
        "users who never lost their streak",
    ],
)
def test_a_streak_that_has_not_ended_is_a_streak_now(planner: CatalogPlanner, prompt: str) -> None:
    assert _conditions(draft_rule(planner, prompt)) == [T("current_streak_days", "gte", 1)]


@pytest.mark.parametrize(
    "prompt", ["users who haven't opted out of push", "users who did not unsubscribe from push"]
)
def test_a_negated_channel_opt_out_is_the_permission_on(planner: CatalogPlanner, prompt: str) -> None:
    assert _conditions(draft_rule(planner, prompt)) == [T("push_enabled", "eq", True)]


@pytest.mark.parametrize(
    ("prompt", "left"),
    [
        ("users who are 3 days into their trial", 11),
        ("email users on day 2 of their trial", 13),
        ("users on day one of their free trial", 14),
    ],
)
def test_a_day_of_the_trial_is_read_on_the_countdown_and_said(
    planner: CatalogPlanner, prompt: str, left: int
) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == [T("trial_days_left", "eq", left)]
    assert "14-day trial" in _notes(rule)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("users that subscribed after their trial", [E("subscription_started"), E("trial_started")]),
        (
            "users who opened the app after their first workout",
            [E("app_opened"), T("workouts_completed", "gte", 1)],
        ),
    ],
)
def test_an_act_after_another_is_both_and_said(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert _conditions(rule) == expected
    assert "cannot order events" in _notes(rule)


def test_the_same_act_after_its_first_time_is_a_second_one(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users who worked out after their first workout")
    assert _conditions(rule) == [T("workouts_completed", "gte", 2)]
