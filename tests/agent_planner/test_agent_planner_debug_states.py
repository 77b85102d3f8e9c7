"""Yes/no states said through the event that changes them, and terse period-over-period asks, in debug prompts."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan


def _plan(planner: CatalogPlanner, prompt: str) -> DebugPlan:
    assert planner.classify(prompt, planner.catalog) == "debug", prompt
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    return plan


@pytest.mark.parametrize(("prompt", "segments", "filters"), [
    # the event that changes the state names the state: push_permission_changed sets push_enabled
    ("Why did activation drop for users with notifications turned off vs on?", ["false", "true"], {}),
    ("why did conversion fall for users who turned notifications off", ["false", "true"], {}),
    ("Conversion on iOS dropped among people with notifications turned on. Why?", ["ios", "android", "web"],
     {"push_enabled": ["true"]}),
    ("conversion tanked for users with push disabled vs enabled, why?", ["false", "true"], {}),
])
def test_a_state_changing_event_reads_as_the_state(
    planner: CatalogPlanner, prompt: str, segments: list[str], filters: dict[str, list[str]]
) -> None:
    plan = _plan(planner, prompt)
    dimension = "device_os" if filters else "push_enabled"
    assert (plan.dimension, plan.segments, plan.filters) == (dimension, segments, filters)


def test_on_before_a_platform_stays_a_preposition(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did the push campaign on iOS hurt conversion?")
    assert (plan.dimension, plan.segments[0], plan.filters) == ("device_os", "ios", {})


@pytest.mark.parametrize(("prompt", "metric", "label"), [
    ("activation wow by platform - anything off?", "activation", "wow"),
    ("anything weird with conversion on iOS mom?", "trial_conversion", "mom"),
    ("what's wrong with android activation", "activation", "last 7 days"),
    ("what is off about conversion in France this week?", "trial_conversion", "this week"),
])
def test_terse_period_over_period_asks_are_diagnoses(planner: CatalogPlanner, prompt: str, metric: str, label: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.metric == metric and plan.window_label == label


@pytest.mark.parametrize(("prompt", "label", "kind"), [
    ("How is activation trending for Germany vs France since September?", "since september", "since_date"),
    ("how have conversions trended on android lately?", "lately", "rolling"),
    ("why did conversion drop on ios since the start of october", "since the start of october", "since_date"),
])
def test_trends_and_months_since_are_diagnoses_over_that_period(
    planner: CatalogPlanner, prompt: str, label: str, kind: str
) -> None:
    plan = _plan(planner, prompt)
    assert plan.window_label == label and plan.period is not None and plan.period.kind == kind
    if kind == "since_date":
        assert plan.period.day == 1 and plan.period.month in (9, 10)


@pytest.mark.parametrize("prompt", [
    "why did activation drop among weekend users on android",
])
def test_weekend_before_people_names_people_not_the_period(planner: CatalogPlanner, prompt: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is None or plan.period.kind != "weekend"
    assert any("weekend" in r or "signups" in r for r in plan.not_applied)


@pytest.mark.parametrize(("prompt", "segments", "comparison"), [
    ("Why did conversion drop in Germany and France but not in the US?", ["DE", "FR", "US"], "US"),
    ("why is activation down on iOS, unlike Android?", ["ios", "android"], "android"),
    ("Conversion fell on web but not on iOS this week. Why?", ["web", "ios"], "ios"),
    ("Why did conversion drop on iOS vs Android?", ["ios", "android"], None),
])
def test_the_segment_said_to_hold_is_the_comparison(
    planner: CatalogPlanner, prompt: str, segments: list[str], comparison: str | None
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.segments, plan.comparison) == (segments, comparison)
