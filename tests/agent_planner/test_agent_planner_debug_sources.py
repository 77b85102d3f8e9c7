"""Marketing-source phrases and OS versions in debug prompts: mapped to the catalog's values or reported."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan

SOURCES = "organic, google, facebook, tiktok, referral, apple_search"


def _plan(planner: CatalogPlanner, prompt: str) -> DebugPlan:
    assert planner.classify(prompt, planner.catalog) == "debug", prompt
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    return plan


@pytest.mark.parametrize(("prompt", "phrase"), [
    ("Why did conversion drop on iOS for paid social users this week?", "paid social"),
    ("why did activation drop on android for influencer traffic since Monday", "influencer traffic"),
    ("Conversion fell for paid search on iOS - what happened?", "paid search"),
    ("What happened to conversion for Instagram ads on Android?", "instagram ads"),
])
def test_a_source_the_catalog_does_not_record_is_reported_with_the_accepted_values(
    planner: CatalogPlanner, prompt: str, phrase: str
) -> None:
    plan = _plan(planner, prompt)
    assert plan.filters == {} and plan.dimension == "device_os"
    reasons = [r for r in plan.not_applied if f"'{phrase}'" in r]
    assert len(reasons) == 1 and "utm_source" in reasons[0] and SOURCES in reasons[0]
    # "paid" in a marketing phrase is not the subscription state
    assert not any("subscription_status" in r for r in plan.not_applied)


@pytest.mark.parametrize(("prompt", "dimension", "segments", "filters"), [
    ("Why did conversion fall for users from Facebook ads?", "utm_source", ["facebook", "organic", "google", "tiktok", "referral", "apple_search"], {}),
    ("Why is activation down for organic traffic on Android?", "utm_source", ["organic", "google", "facebook", "tiktok", "referral", "apple_search"],
     {"device_os": ["android"]}),
    ("Why did conversion drop on iOS among users acquired through Google ads?", "device_os",
     ["ios", "android", "web"], {"utm_source": ["google"]}),
    ("Activation slipped for TikTok campaign users on web. Why?", "utm_source", ["tiktok", "organic", "google", "facebook", "referral", "apple_search"],
     {"device_os": ["web"]}),
    ("Why did conversion drop for Facebook ads users vs organic?", "utm_source", ["facebook", "organic"], {}),
])
def test_a_source_phrase_naming_a_catalog_value_is_that_value(
    planner: CatalogPlanner, prompt: str, dimension: str, segments: list[str], filters: dict[str, list[str]]
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.dimension, plan.segments, plan.filters, plan.not_applied) == (dimension, segments, filters, [])


def test_paid_users_alone_are_still_the_subscription_state(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did conversion drop for paid users on iOS?")
    assert any("subscription_status=active" in r for r in plan.not_applied)


@pytest.mark.parametrize(("prompt", "segments", "versions"), [
    ("Why did conversion drop on iOS 17 this week?", ["ios", "android", "web"], ["'ios 17'"]),
    ("Why did activation drop on Android 14 vs iOS 17.2?", ["android", "ios"], ["'android 14'", "'ios 17.2'"]),
    ("is conversion down for iphone 15 users?", ["ios", "android", "web"], ["'iphone 15'"]),
])
def test_an_os_version_is_reported_and_the_os_still_applied(
    planner: CatalogPlanner, prompt: str, segments: list[str], versions: list[str]
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.dimension, plan.segments) == ("device_os", segments)
    reported = [r for r in plan.not_applied if "without versions" in r]
    assert [r.split(" (")[0] for r in reported] == versions


def test_a_number_that_counts_is_no_version(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did activation drop on web in the last 3 days?")
    assert not any("version" in r for r in plan.not_applied) and plan.window_days == 3


@pytest.mark.parametrize(("prompt", "metric", "dimension", "segments", "filters"), [
    # terse, a question of a level, a catalog name as the catalog spells it, a breakage asked about
    ("iOS conversion down?", "trial_conversion", "device_os", ["ios", "android", "web"], {}),
    ("what happened to trial_conversion for facebook users in Canada on android?", "trial_conversion", "utm_source",
     ["facebook", "organic", "google", "tiktok", "referral", "apple_search"], {"country": ["CA"], "device_os": ["android"]}),
    ("Did something break iOS conversion over the weekend?", "trial_conversion", "device_os",
     ["ios", "android", "web"], {}),
    ("Explain the drop in upgrade rate among users without push enabled", "trial_conversion", "push_enabled",
     ["false", "true"], {}),
    ("Conversion dipped for push-enabled users - why?", "trial_conversion", "push_enabled", ["true", "false"], {}),
    ("why did activation rate dip in the UK for users who opted out of marketing", "activation", "country",
     ["GB", "US", "DE", "FR", "BR", "IN", "CA", "AU"], {"marketing_opt_in": ["false"]}),
])
def test_varied_debug_phrasings_plan_the_comparison_they_ask_for(
    planner: CatalogPlanner, prompt: str, metric: str, dimension: str, segments: list[str],
    filters: dict[str, list[str]],
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.metric, plan.dimension, plan.segments, plan.filters) == (metric, dimension, segments, filters)


@pytest.mark.parametrize(("prompt", "said", "trait"), [
    ("Why did conversion drop for users in Germany, France and Spain?", "spain", "country"),
    ("Why did activation drop for Android users in Mexico this week?", "mexico", "country"),
    ("Why did conversion drop on Windows in Germany?", "windows", "device_os"),
    ("What's up with activation on Huawei phones in the US?", "huawei", "device_os"),
])
def test_a_place_or_platform_the_catalog_does_not_list_is_reported(
    planner: CatalogPlanner, prompt: str, said: str, trait: str
) -> None:
    plan = _plan(planner, prompt)
    reasons = [r for r in plan.not_applied if r.startswith(f"'{said}': {trait} accepts")]
    assert len(reasons) == 1 and "not compared" in reasons[0]


def test_a_word_that_only_looks_like_a_platform_is_not_reported(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did conversion drop in both time windows on iOS?")
    assert plan.not_applied == [] and plan.segments[0] == "ios"


def test_the_metric_s_own_funnel_words_are_no_scope(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why are fewer people starting trials on iOS?")
    assert (plan.metric, plan.segments[0], plan.filters) == ("trial_conversion", "ios", {})
    # the only note says the question is about the trial_started step, which the summary opens with
    assert [n for n in plan.not_applied if "' is the trial_started step of trial_conversion" not in n] == []


@pytest.mark.parametrize(("prompt", "segments", "label"), [
    ("iOS conversion this week?", ["ios", "android", "web"], "this week"),
    ("conversion iOS vs Android since Monday", ["ios", "android"], "since monday"),
])
def test_a_terse_comparison_over_a_period_is_a_diagnosis(
    planner: CatalogPlanner, prompt: str, segments: list[str], label: str
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.metric, plan.segments, plan.window_label) == ("trial_conversion", segments, label)


def test_people_described_over_a_period_stay_an_audience(planner: CatalogPlanner) -> None:
    assert planner.classify("Users who converted on iOS this week?", planner.catalog) != "debug"


@pytest.mark.parametrize(("prompt", "dimension", "filters"), [
    # our own sends are no acquisition source, and "on" before a platform is no push state
    ("Why did conversion drop after the email campaign?", "device_os", {}),
    ("Why did conversion drop for users from the winback push campaign on iOS?", "device_os", {}),
    ("why did conversion drop for users with push turned on on iOS", "device_os", {"push_enabled": ["true"]}),
])
def test_lifecycle_sends_are_no_source_and_a_preposition_is_no_state(
    planner: CatalogPlanner, prompt: str, dimension: str, filters: dict[str, list[str]]
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.dimension, plan.filters, plan.not_applied) == (dimension, filters, [])


@pytest.mark.parametrize(("prompt", "dimension", "segments", "filters"), [
    ("Why did conversion drop for non-organic users on iOS?", "device_os", ["ios", "android", "web"],
     {"utm_source": ["google", "facebook", "tiktok", "referral", "apple_search"]}),
    ("why did activation drop for everyone except TikTok users", "device_os", ["ios", "android", "web"],
     {"utm_source": ["organic", "google", "facebook", "referral", "apple_search"]}),
    ("Why did conversion drop for users outside the US on Android?", "device_os", ["android", "ios", "web"],
     {"country": ["GB", "DE", "FR", "BR", "IN", "CA", "AU"]}),
    ("Why did activation drop for non-iOS users?", "device_os", ["android", "web"], {}),
    # a contrast is no exclusion
    ("Why is conversion down on iOS but not on Android?", "device_os", ["ios", "android"], {}),
])
def test_a_value_left_out_keeps_everyone_else(
    planner: CatalogPlanner, prompt: str, dimension: str, segments: list[str], filters: dict[str, list[str]]
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.dimension, plan.segments, plan.filters, plan.not_applied) == (dimension, segments, filters, [])


def test_a_source_said_as_an_adverb_is_that_source(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did conversion for users acquired organically drop yesterday?")
    assert (plan.dimension, plan.segments[0], plan.window_label) == ("utm_source", "organic", "yesterday")


@pytest.mark.parametrize("prompt", [
    "Compare trial conversion week over week for organic vs paid users",
    "why is activation lower for paid than organic users",
    "Why did conversion drop for paid and organic traffic alike?",
])
def test_paid_set_against_organic_is_a_kind_of_acquisition_not_the_subscription(
    planner: CatalogPlanner, prompt: str
) -> None:
    plan = _plan(planner, prompt)
    assert plan.dimension == "utm_source" and plan.segments[0] == "organic"
    assert [r for r in plan.not_applied if r.startswith("'paid' names a marketing source") and SOURCES in r]
    assert not any("subscription_status" in r for r in plan.not_applied)


def test_paid_subscribers_are_still_the_subscription_state(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "why did conversion drop for paid subscribers on ios")
    assert any("subscription_status=active" in r for r in plan.not_applied)
