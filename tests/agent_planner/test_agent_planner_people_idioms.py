"""Idioms about people in eligibility prompts read as what they mean, or are reported: alternatives of one
trait before a relative clause, values the catalog lacks, ordinals in a window, frequencies, ages in the
account or trial, lapses, and "active" beside a platform."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition


def _conditions(planner: CatalogPlanner, prompt: str) -> list[Condition]:
    audience = draft_rule(planner, prompt).audience
    return list(audience.conditions) if isinstance(audience, AllOf) else [audience]


def _refusal(planner: CatalogPlanner, prompt: str) -> Refusal:
    result = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(result, Refusal), result
    assert result.reason.startswith("I could not express:"), result.reason
    return result


def test_alternatives_before_a_relative_clause_are_one_trait_and_the_clause_applies_to_both(
    planner: CatalogPlanner,
) -> None:
    conditions = _conditions(planner, "Target Android users in Brazil or Germany who completed a workout this week.")
    assert T("country", "in", ["BR", "DE"]) in conditions
    assert E("workout_completed", within=7) in conditions
    assert T("device_os", "eq", "android") in conditions


def test_a_country_the_catalog_lacks_is_reported_with_the_catalog_values(planner: CatalogPlanner) -> None:
    refusal = _refusal(
        planner, "Target Android users in Brazil or Mexico who completed their first workout this week."
    )
    assert any("mexico" in p.lower() for p in refusal.unmatched_phrases), refusal.unmatched_phrases
    assert {"country = BR", "country = US", "country = DE"} <= set(refusal.suggestions), refusal.suggestions


def test_a_first_event_in_a_window_is_the_first_ever_and_one_in_the_window(planner: CatalogPlanner) -> None:
    conditions = _conditions(planner, "Email users in Brazil who completed their first workout this week")
    assert T("workouts_completed", "eq", 1) in conditions
    assert E("workout_completed", within=7) in conditions


def test_people_words_between_the_program_and_the_audience_mark_scope_it(planner: CatalogPlanner) -> None:
    conditions = _conditions(planner, "Set up a push notification for lapsed users with push enabled")
    assert T("push_enabled", "eq", True) in conditions
    assert any(getattr(c, "trait", None) == "days_since_last_workout" for c in conditions), conditions


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        # the catalog counts the days left of a 14-day trial: 10 days in is fewer than 4 left
        ("Email users who have had their trial for more than 10 days", T("trial_days_left", "lt", 4)),
        ("Email users who have been trialing for more than 5 days", T("trial_days_left", "lt", 9)),
        ("Email users who have been on a trial for at least 7 days", T("trial_days_left", "lte", 7)),
    ],
)
def test_time_in_a_trial_counts_from_its_start(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    assert _conditions(planner, prompt) == [expected]


def test_not_since_signing_up_is_never(planner: CatalogPlanner) -> None:
    conditions = _conditions(planner, "Email users who haven't worked out since signing up")
    assert conditions == [T("workouts_completed", "eq", 0)]


def test_never_again_is_once_not_never(planner: CatalogPlanner) -> None:
    conditions = _conditions(planner, "Push users who never opened the app again")
    assert conditions == [E("app_opened", "eq", 1)]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Email users who work out twice a week", E("workout_completed", "gte", 2, within=7)),
        ("Email users who open the app 3 times a week", E("app_opened", "gte", 3, within=7)),
        ("Email users who work out once a day", E("workout_completed", "gte", 1, within=1)),
    ],
)
def test_a_frequency_counts_in_its_period(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    rule = draft_rule(planner, prompt)
    assert rule.audience == expected
    assert "approximated" in rule.description


@pytest.mark.parametrize(
    ("prompt", "days"),
    [("Email users in their first week", 7), ("Email users within their first 30 days", 30)],
)
def test_the_first_days_of_an_account_are_its_age(planner: CatalogPlanner, prompt: str, days: int) -> None:
    assert _conditions(planner, prompt) == [T("days_since_signup", "lt", days)]


def test_stopped_is_a_lapse_not_recent_activity(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Email users who recently stopped working out")
    assert rule.audience == T("days_since_last_workout", "gte", 7)
    assert "approximated" in rule.description


def test_active_on_a_platform_is_recent_activity_not_paying(planner: CatalogPlanner) -> None:
    conditions = _conditions(planner, "Email users active on web")
    assert T("device_os", "eq", "web") in conditions
    assert E("app_opened", within=7) in conditions
    assert not any(getattr(c, "trait", None) == "subscription_status" for c in conditions), conditions


def test_active_people_on_a_platform_are_recent_app_users(planner: CatalogPlanner) -> None:
    conditions = _conditions(planner, "Send a push to active users on Android who have a 3 day streak")
    assert T("device_os", "eq", "android") in conditions
    assert T("current_streak_days", "gte", 3) in conditions
    assert E("app_opened", within=7) in conditions
    assert not any(getattr(c, "trait", None) == "subscription_status" for c in conditions), conditions
    # a subscriber is paying, platform or not
    assert T("subscription_status", "eq", "active") in _conditions(planner, "Email active subscribers on iOS")


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Email users who cancelled last week", E("subscription_cancelled", within=7)),
        ("Email users who upgraded this month", E("subscription_started", within=30)),
    ],
)
def test_a_window_on_a_word_for_a_state_and_an_event_is_the_event(
    planner: CatalogPlanner, prompt: str, expected: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == expected


def test_every_period_after_an_event_counts_in_that_period(planner: CatalogPlanner) -> None:
    conditions = _conditions(planner, "Push users whose streak is 7 days or longer and who work out every day")
    assert conditions == [T("current_streak_days", "gte", 7), E("workout_completed", within=1)]


def test_since_signing_up_after_a_count_is_all_time(planner: CatalogPlanner) -> None:
    assert _conditions(planner, "Email users who completed 5 workouts since signing up") == [
        T("workouts_completed", "gte", 5)
    ]


def test_nothing_since_the_first_is_exactly_one(planner: CatalogPlanner) -> None:
    assert _conditions(planner, "Email users who haven't come back since their first workout") == [
        T("workouts_completed", "eq", 1)
    ]


def test_a_verb_that_only_frames_a_value_adds_no_condition(planner: CatalogPlanner) -> None:
    assert draft_rule(planner, "Send an email to users that signed up via TikTok or Facebook").audience == T(
        "utm_source", "in", ["tiktok", "facebook"]
    )
    # an adjective before the people is no frame
    assert T("days_since_last_workout", "gte", 14) in _conditions(planner, "Email lapsed users on iOS")


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Email users who have been with us for more than 6 months", T("days_since_signup", "gt", 180)),
        ("Email users who finished their trial", T("subscription_status", "eq", "expired")),
        ("Push users who worked out every day this week", T("current_streak_days", "gte", 7)),
        ("Email users who worked out on each of the last 3 days", E("workout_completed", "gte", 3, within=3)),
        ("Email users who used the app more than 10 times last month", E("app_opened", "gt", 10, within=30)),
    ],
)
def test_ages_ends_and_daily_habits(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    assert draft_rule(planner, prompt).audience == expected


def test_people_words_before_a_people_mark_are_read_or_reported(planner: CatalogPlanner) -> None:
    assert T("days_since_last_workout", "gte", 14) in _conditions(planner, "Send a push to inactive users in Germany")
    refusal = _refusal(planner, "Send a push to sleepy users in Germany")
    assert any("sleepy" in p for p in refusal.unmatched_phrases), refusal.unmatched_phrases


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Push users who haven't worked out for a week or more", T("days_since_last_workout", "gte", 7)),
        ("Email users who haven't opened the app in a month", E("app_opened", "eq", 0, within=30)),
    ],
)
def test_a_unit_with_an_article_is_one_unit(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    assert draft_rule(planner, prompt).audience == expected


def test_a_window_is_the_events_when_another_reading_took_the_traits_name(planner: CatalogPlanner) -> None:
    sent = draft_rule(planner, "Email users who were sent more than 5 messages this week").audience
    assert sent == E("message_sent", "gt", 5, within=7)
    received = draft_rule(planner, "Email users who received more than 5 messages this week").audience
    assert received == T("messages_received_7d", "gt", 5)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Email users who worked out 3 days in a row", T("current_streak_days", "gte", 3)),
        # no streak of pricing views is kept: once a day is the least it takes
        ("Email users who viewed pricing 3 days in a row", E("pricing_viewed", "gte", 3, within=3)),
        ("Email users who just signed up", T("days_since_signup", "lte", 1)),
        ("Email users who have had push enabled since signing up", T("push_enabled", "eq", True)),
        ("Email users who haven't logged in for 2 weeks", E("app_opened", "eq", 0, within=14)),
    ],
)
def test_runs_fresh_signups_and_states_since_signup(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    assert draft_rule(planner, prompt).audience == expected


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        # 14-day trial: fewer than 3 days in is more than 11 left
        ("Email users in the first 3 days of their trial", T("trial_days_left", "gt", 11)),
        # a subscription that is active is the state, platform or place beside it
        (
            "Email users whose subscription is active in Germany",
            AllOf(conditions=[T("subscription_status", "eq", "active"), T("country", "eq", "DE")]),
        ),
    ],
)
def test_trial_start_and_an_active_thing(planner: CatalogPlanner, prompt: str, expected: Condition) -> None:
    assert draft_rule(planner, prompt).audience == expected


def test_what_follows_after_happened_and_the_unknown_verb_is_reported(planner: CatalogPlanner) -> None:
    refusal = _refusal(planner, "Email users who never came back again after cancelling")
    assert any("back" in p for p in refusal.unmatched_phrases), refusal.unmatched_phrases
