"""The catalog planner's debug plan keeps every stated scope: one trait compared, the rest filters or reported.

Each prompt names who to look at in more than one way (a platform and an acquisition source, a workout
preference, a yes/no state). The plan must compare one trait and turn every other stated group into a
filter, or list it in `not_applied` with the reason, never drop it.
"""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan
from warehouse.catalog import load_catalog

CATALOG = load_catalog()
PLANNER = CatalogPlanner(CATALOG)


def _plan(prompt: str) -> DebugPlan:
    plan = PLANNER.plan_debug(prompt, CATALOG)
    assert isinstance(plan, DebugPlan), plan
    return plan


def test_a_second_and_third_scope_become_filters() -> None:
    plan = _plan("Why did conversion drop on iOS for users from TikTok in Germany over the last 2 weeks?")
    assert (plan.metric, plan.dimension, plan.segments[0]) == ("trial_conversion", "device_os", "ios")
    assert plan.filters == {"utm_source": ["tiktok"], "country": ["DE"]}
    assert (plan.window_days, plan.not_applied) == (14, [])


def test_two_values_of_one_trait_are_the_comparison_and_the_platform_a_filter() -> None:
    plan = _plan("Activation fell for cyclists compared to yoga fans on Android since last week. Why?")
    assert (plan.metric, plan.dimension) == ("activation", "preferred_workout_type")
    assert plan.segments == ["cycling", "yoga"]
    assert plan.filters == {"device_os": ["android"]}


def test_one_value_of_a_modeled_trait_is_compared_with_the_others() -> None:
    plan = _plan("What's behind the drop in paid conversion among users with high purchase intent?")
    assert (plan.metric, plan.dimension, plan.segments[0]) == ("trial_conversion", "upgrade_intent", "high")
    assert len(plan.segments) >= 2 and set(plan.segments) <= {"none", "low", "medium", "high"}
    assert plan.filters == {}


def test_a_yes_no_state_is_a_filter_with_its_polarity() -> None:
    plan = _plan("Why did activation slip in France for people who turned push off?")
    assert (plan.dimension, plan.segments[0]) == ("country", "FR")
    assert plan.filters == {"push_enabled": ["false"]}


def test_a_channel_word_alone_is_no_push_state() -> None:
    plan = _plan("Did the push outage hurt conversion on web? Investigate.")
    assert (plan.dimension, plan.segments[0], plan.filters) == ("device_os", "web", {})


def test_a_split_cue_makes_that_trait_the_comparison() -> None:
    plan = _plan("Conversion on Android fell. Break it down by market.")
    # no market named: every market is surveyed, so the diagnosis can find the one that moved
    assert plan.dimension == "country" and plan.segments == ["US", "GB", "DE", "FR", "BR", "IN", "CA", "AU"]
    assert plan.filters == {"device_os": ["android"]} and not plan.focus_named


def test_a_state_the_metric_itself_moves_is_reported_not_applied() -> None:
    plan = _plan("Why did trial conversion sink for paying customers in Canada?")
    assert (plan.dimension, plan.segments[0], plan.filters) == ("country", "CA", {})
    assert len(plan.not_applied) == 1 and "subscription_status" in plan.not_applied[0]


def test_an_amount_condition_is_reported_not_applied() -> None:
    plan = _plan("Why did activation drop on web among users with unresolved tickets?")
    assert (plan.dimension, plan.segments[0], plan.filters) == ("device_os", "web", {})
    assert any("open_tickets" in reason for reason in plan.not_applied)


def test_a_word_two_traits_share_goes_with_the_one_named_beside_it() -> None:
    plan = _plan("Why did conversion fall on web for medium upgrade intent users versus low?")
    assert (plan.dimension, plan.segments) == ("upgrade_intent", ["medium", "low"])
    assert plan.filters == {"device_os": ["web"]}


@pytest.mark.parametrize("prompt", [
    "Why did conversion drop on iOS this week? Compare funnel steps and message exposure for iOS vs Android and summarize likely causes.",
    "Why did conversion drop on iOS this week?",
])
def test_a_single_scope_plan_is_unchanged(prompt: str) -> None:
    plan = _plan(prompt)
    assert (plan.metric, plan.dimension, plan.segments[:2]) == ("trial_conversion", "device_os", ["ios", "android"])
    assert (plan.filters, plan.not_applied, plan.window_days) == ({}, [], 7)


def test_a_time_span_that_closes_a_condition_is_not_the_compared_window() -> None:
    plan = _plan("Activation is down on web among people who haven't worked out in 12 days. Why?")
    assert (plan.metric, plan.dimension, plan.segments[0]) == ("activation", "device_os", "web")
    assert plan.window_days == 7
    assert any("in 12 days" in reason for reason in plan.not_applied)
    assert any("days_since_last_workout" in reason for reason in plan.not_applied)


def test_a_time_span_after_a_group_stays_the_compared_window() -> None:
    plan = _plan("Why did conversion drop for users who came from Google over the last 3 weeks?")
    assert (plan.dimension, plan.segments[0], plan.window_days) == ("utm_source", "google", 21)
    assert plan.not_applied == []


def test_a_value_phrase_sharing_a_word_with_an_amount_trait_is_still_read() -> None:
    plan = _plan("Why did trial conversion slide for lapsed trial users in Canada?")
    assert (plan.dimension, plan.segments[0], plan.filters) == ("country", "CA", {})
    assert any("subscription_status=expired" in reason for reason in plan.not_applied)


@pytest.mark.parametrize(("prompt", "days", "label"), [
    ("Why did activation fall on Android month over month?", 30, "month over month"),
    ("Conversion in Brazil dropped week over week. Why?", 7, "week over week"),
    ("Why is conversion lower for web users than the month before?", 30, "than the month before"),
])
def test_a_period_over_period_phrase_sets_the_window(prompt: str, days: int, label: str) -> None:
    plan = _plan(prompt)
    assert (plan.window_days, plan.window_label) == (days, label)


def test_a_movement_no_metric_measures_is_reported_with_the_metric_compared() -> None:
    plan = _plan("Churn went up among Android users this week. Why?")
    assert (plan.metric, plan.dimension, plan.segments[0]) == ("trial_conversion", "device_os", "android")
    assert plan.not_applied and "'churn' as the metric" in plan.not_applied[0]


def test_a_counted_event_condition_is_reported_not_applied() -> None:
    plan = _plan("Why did conversion slide on web for users who finished at least 4 workouts?")
    assert (plan.dimension, plan.segments[0], plan.filters) == ("device_os", "web", {})
    assert any("4 workouts" in reason and "workout_completed" in reason for reason in plan.not_applied)


def test_a_gap_between_two_groups_is_a_diagnosis_of_those_groups() -> None:
    prompt = "What explains the gap in second-workout activation between Google and referral users?"
    assert PLANNER.classify(prompt, CATALOG) == "debug"
    plan = _plan(prompt)
    assert (plan.metric, plan.dimension, plan.segments) == ("activation", "utm_source", ["google", "referral"])
