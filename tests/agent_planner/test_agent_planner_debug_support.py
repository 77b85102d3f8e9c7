"""Support questions are diagnosed as support load (tickets per active user, CSAT, resolution), not as a funnel."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan, Refusal
from warehouse.catalog import Catalog

# prompt -> (dimension, segments or None for every value surveyed, measure, reasons, filters)
READ = {
    "Why did support tickets spike last week?": ("device_os", None, "tickets", [], {}),
    "Which acquisition source is behind the rise in bug tickets?": ("utm_source", None, "tickets", ["bug"], {}),
    "CSAT dropped on Android, why?": ("device_os", ["android"], "csat", [], {}),
    "Are billing complaints up for trial users from TikTok?":
        ("utm_source", ["tiktok"], "tickets", ["billing"], {"subscription_status": ["trial"]}),
    "what's driving the ticket volume?": ("device_os", None, "tickets", [], {}),
    "Why are we getting so many more complaints from German users this week?": ("country", ["DE"], "tickets", [], {}),
    "ticket volume doubled since Monday - what happened?": ("device_os", None, "tickets", [], {}),
    "Satisfaction with support fell for iOS users vs Android, any idea why?":
        ("device_os", ["ios", "android"], "csat", [], {}),
    "Resolution times got worse in Brazil this month, what's going on?": ("country", ["BR"], "resolution", [], {}),
    "Which country is behind the jump in account tickets?": ("country", None, "tickets", ["account"], {}),
    "Our CSAT tanked over the last 14 days. Which platform is responsible?": ("device_os", None, "csat", [], {}),
    "Is the rise in billing tickets coming from facebook users?": ("utm_source", ["facebook"], "tickets", ["billing"], {}),
    "Why did workout content complaints increase for paying users?":
        ("subscription_status", ["active"], "tickets", ["workout_content"], {}),
    "Support contacts are up 30% week over week - which source is driving it?": ("utm_source", None, "tickets", [], {}),
    "Help desk load jumped for users on trial; dig into it": ("subscription_status", ["trial"], "tickets", [], {}),
    "Why are people contacting support more since the weekend?": ("device_os", None, "tickets", [], {}),
    "Why did bug tickets rise on Android but not on iOS?": ("device_os", ["android", "ios"], "tickets", ["bug"], {}),
    "Why is time to resolve longer for organic users this week?": ("utm_source", ["organic"], "resolution", [], {}),
    "why are iOS users complaining more?": ("device_os", ["ios"], "tickets", [], {}),
    "Resolution is slower for Android users than last week - why?": ("device_os", ["android"], "resolution", [], {}),
    "What's behind the surge of account issues among trial users?":
        ("subscription_status", ["trial"], "tickets", ["account"], {}),
    "satisfaction scores are slipping among Android users, thoughts?": ("device_os", ["android"], "csat", [], {}),
    "Tickets from apple search ads users are through the roof, explain": ("utm_source", ["apple_search"], "tickets", [], {}),
}


def _plan(planner: CatalogPlanner, catalog: Catalog, prompt: str) -> DebugPlan | Refusal:
    assert planner.classify(prompt, catalog) == "debug", prompt
    return planner.plan_debug(prompt, catalog)


@pytest.mark.parametrize("prompt", list(READ))
def test_support_questions_plan_the_support_diagnostic(planner: CatalogPlanner, catalog: Catalog, prompt: str) -> None:
    dimension, segments, measure, reasons, filters = READ[prompt]
    plan = _plan(planner, catalog, prompt)
    assert isinstance(plan, DebugPlan) and plan.support is not None, plan
    assert plan.metric == "support_tickets" and plan.dimension == dimension
    assert (plan.support.measure, plan.support.reasons, plan.filters) == (measure, reasons, filters)
    if segments is None:
        assert not plan.focus_named and len(plan.segments) >= 3
    else:
        assert plan.focus_named and plan.segments == segments


def test_no_dimension_named_surveys_every_catalog_dimension(planner: CatalogPlanner, catalog: Catalog) -> None:
    plan = _plan(planner, catalog, "what's driving the ticket volume?")
    assert isinstance(plan, DebugPlan) and plan.support is not None
    assert plan.support.dimensions == [d.name for d in catalog.dimensions]
    named = _plan(planner, catalog, "Which acquisition source is behind the rise in bug tickets?")
    assert isinstance(named, DebugPlan) and named.support is not None and named.support.dimensions == []


@pytest.mark.parametrize("prompt, word", [
    ("Why are refund tickets up on web?", "refund"),
    ("login complaints doubled this week, why?", "login"),
])
def test_a_reason_nobody_records_is_refused_by_name(planner: CatalogPlanner, catalog: Catalog, prompt: str, word: str) -> None:
    refusal = _plan(planner, catalog, prompt)
    assert isinstance(refusal, Refusal) and f"'{word}'" in refusal.reason
    assert refusal.unmatched_phrases == [word] and "billing" in refusal.suggestions


def test_a_place_the_data_do_not_record_is_refused_by_name(planner: CatalogPlanner, catalog: Catalog) -> None:
    refusal = _plan(planner, catalog, "Why did tickets spike in Japan?")
    assert isinstance(refusal, Refusal) and "japan" in refusal.reason.lower() and "US" in refusal.reason


@pytest.mark.parametrize("prompt, intent", [
    ("Why did trial conversion drop on iOS?", "debug"),
    ("Users with open tickets on Android", "eligibility"),
    ("How many support tickets were created last week?", "question"),
    ("Send an apology email to users who complained this week", "eligibility"),
    ("People with billing tickets on iOS are cancelling more.", "debug"),
])
def test_funnel_questions_and_audiences_keep_their_path(planner: CatalogPlanner, catalog: Catalog, prompt: str,
                                                        intent: str) -> None:
    assert planner.classify(prompt, catalog) == intent
    if intent == "debug":
        plan = planner.plan_debug(prompt, catalog)
        # support words that describe the people of a funnel question keep the funnel
        assert isinstance(plan, DebugPlan) and plan.support is None and plan.metric == "trial_conversion"


@pytest.mark.parametrize("prompt, metric", [
    ("Did the new release hurt conversion on Android?", "trial_conversion"),
    ("Did the new release cause more bug reports on Android?", "support_tickets"),
    ("is our new onboarding flow behind the rise in account tickets on iOS?", "support_tickets"),
])
def test_a_new_thing_shipped_is_no_group_of_new_users(planner: CatalogPlanner, catalog: Catalog, prompt: str,
                                                      metric: str) -> None:
    plan = _plan(planner, catalog, prompt)
    assert isinstance(plan, DebugPlan) and plan.metric == metric and plan.filters == {}, plan
    assert plan.dimension == "device_os" and plan.segments[0] in ("android", "ios")
