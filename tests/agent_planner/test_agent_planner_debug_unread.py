"""Groups a debug prompt scopes to that the warehouse has no record of: refused when nothing else was named,
reported as not applied when the prompt also names a value to compare."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan, Refusal


def _read(planner: CatalogPlanner, prompt: str) -> DebugPlan | Refusal:
    assert planner.classify(prompt, planner.catalog) == "debug", prompt
    return planner.plan_debug(prompt, planner.catalog)


@pytest.mark.parametrize(("prompt", "phrase"), [
    ("Is trial-to-paid down for monthly plan users?", "monthly plan users"),
    ("why has activation dropped among the enterprise cohort", "the enterprise cohort"),
    ("Conversion fell this week for people who use the widget - why?", "people who use the widget"),
    ("Why did conversion drop for users on Windows?", "windows"),
    ("activation is down for Spain since monday, what happened", "spain"),
    ("why did conversion fall for influencer traffic", "influencer traffic"),
    # a region is no country: it was dropped, and everyone compared
    ("why did conversion tank in europe?", "europe"),
    ("Why did activation fall for LATAM users?", "latam"),
])
def test_a_group_the_warehouse_does_not_record_alone_is_refused_by_name(
    planner: CatalogPlanner, prompt: str, phrase: str
) -> None:
    refusal = _read(planner, prompt)
    # comparing the catalog's first dimension instead would answer a question nobody asked
    assert isinstance(refusal, Refusal), refusal
    assert phrase in refusal.unmatched_phrases
    assert f"'{phrase}'" in refusal.reason and any(s.startswith("device_os: ios") for s in refusal.suggestions)


@pytest.mark.parametrize(("prompt", "phrase", "focus"), [
    ("Why did conversion drop on iOS for the premium tier?", "the premium tier", "ios"),
    ("Why did conversion on android drop for users who got a push this week?", "users who got a push", "android"),
    ("activation in Germany is lower for our gold members, why", "our gold members", "DE"),
])
def test_an_unrecorded_group_beside_a_named_value_is_reported_and_the_value_compared(
    planner: CatalogPlanner, prompt: str, phrase: str, focus: str
) -> None:
    plan = _read(planner, prompt)
    assert isinstance(plan, DebugPlan), plan
    assert plan.segments[0] == focus
    assert [r for r in plan.not_applied if r.startswith(f"'{phrase}': no catalog trait value names this group")]


@pytest.mark.parametrize("prompt", [
    "Why did conversion drop among users with high support risk?",
    "Why did trial conversion drop for users who opted out of marketing?",
    "Second workout rate fell for cyclists vs strength people, why?",
    "why did conversion drop for android users in the US",
    "Why did activation fall for users without push enabled?",
])
def test_groups_the_catalog_reads_are_not_reported(planner: CatalogPlanner, prompt: str) -> None:
    plan = _read(planner, prompt)
    assert isinstance(plan, DebugPlan), plan
    assert not [r for r in plan.not_applied if "no catalog trait value names this group" in r]


@pytest.mark.parametrize(("prompt", "said"), [
    ("Why are paying users cancelling more?", "cancelling"),
    ("Why did churn go up among paying users on Android?", "churn"),
])
def test_the_stand_in_names_what_people_did_not_who_they_are(planner: CatalogPlanner, prompt: str, said: str) -> None:
    plan = _read(planner, prompt)
    assert isinstance(plan, DebugPlan), plan
    assert plan.not_applied[0].startswith(f"'{said}' as the metric")


@pytest.mark.parametrize(("prompt", "dimension", "focus", "named"), [
    # a grading word picks the end of the trait the group names
    ("Why are support-heavy users converting less?", "support_risk", "high", True),
    ("activation fell among support heavy customers this week, why", "support_risk", "high", True),
    # no grading word: every value is compared, and the diagnosis finds the one that moved
    ("why did activation drop for upgrade-ready people", "upgrade_intent", "none", False),
])
def test_a_group_naming_a_trait_word_compares_that_trait(
    planner: CatalogPlanner, prompt: str, dimension: str, focus: str, named: bool
) -> None:
    plan = _read(planner, prompt)
    assert isinstance(plan, DebugPlan), plan
    assert (plan.dimension, plan.segments[0], plan.focus_named) == (dimension, focus, named)
    assert not [r for r in plan.not_applied if "no catalog trait value names this group" in r]


@pytest.mark.parametrize("prompt", [
    "Why are fewer people starting trials on iOS?",
    "Why did fewer trial users reach the pricing page on iOS this week?",
    "why did fewer people view pricing on ios",
])
def test_how_many_and_the_funnel_s_own_steps_are_no_group(planner: CatalogPlanner, prompt: str) -> None:
    plan = _read(planner, prompt)
    assert isinstance(plan, DebugPlan), plan
    assert plan.segments[0] == "ios"
    # neither a stand-in metric nor an amount filter: the pricing page and trials are trial_conversion's steps
    assert not [r for r in plan.not_applied if "as the metric" in r or "not by amounts" in r or "names this group" in r]


def test_a_region_beside_a_named_value_names_the_countries_listed_in_it(planner: CatalogPlanner) -> None:
    plan = _read(planner, "why did conversion drop for european users on iOS")
    assert isinstance(plan, DebugPlan) and plan.segments[0] == "ios"
    assert any(r.startswith("'european': country records countries, not regions (the ones it lists there are GB, DE, "
                            "FR)") for r in plan.not_applied)
