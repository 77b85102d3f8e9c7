"""Analysts' phrasings the debug path misread: a count trait's words name the step its event is ('reaching the
pricing page' is pricing_viewed, was no metric at all); 'paid' set against organic after a verb ('better than paid')
is no subscription state; 'did anything break …?' and 'how did X affect Y?' ask for a diagnosis (were drafted)."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan


@pytest.mark.parametrize(("prompt", "words"), [
    ("Why are fewer Android users reaching the pricing page?", "pricing page"),
    ("why did fewer iOS people hit the pricing page this week", "pricing page"),
])
def test_a_count_traits_words_name_the_step_its_event_is(planner: CatalogPlanner, prompt: str, words: str) -> None:
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan) and plan.metric == "trial_conversion"
    assert plan.not_applied[0].startswith(f"'{words}' is the pricing_viewed step of trial_conversion")


@pytest.mark.parametrize("prompt", [
    "why do organic users activate better than paid?",
    "Why are paid users converting worse than organic ones?",
])
def test_paid_set_against_organic_after_a_verb_is_a_kind_of_acquisition(planner: CatalogPlanner, prompt: str) -> None:
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan) and plan.dimension == "utm_source" and plan.filters == {}
    assert any(note.startswith("'paid' names a marketing source") for note in plan.not_applied)


@pytest.mark.parametrize("prompt", [
    "did anything break in the funnel on android in the last 3 days?",
    "How did the ios push outage affect upgrades?",
    "how did the email change impact web conversion",
    "has something changed for trial users on ios?",
])
def test_a_question_about_a_break_or_an_effect_is_a_diagnosis(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"
    assert isinstance(planner.plan_debug(prompt, planner.catalog), DebugPlan)
