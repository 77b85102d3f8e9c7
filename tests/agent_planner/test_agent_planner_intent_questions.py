"""Questions about a metric and whether something moved it go to the debug path; trait questions stay questions."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan, Intent


@pytest.mark.parametrize(
    ("prompt", "intent"),
    [
        ("Did the new onboarding flow hurt second-workout rates on web?", "debug"),
        ("Has the pricing page redesign affected conversion on iOS?", "debug"),
        ("What's our trial-to-paid conversion by utm source for the last 14 days?", "debug"),
        ("What was our activation rate last week?", "debug"),
        ("Show me the breakdown of activation state by country.", "question"),
        ("What is the average momentum score by country?", "question"),
        ("How many users converted last week?", "question"),
        ("Create eligibility rules for users who did not change their plan and viewed pricing twice.", "eligibility"),
    ],
)
def test_metric_questions_and_causal_questions(planner: CatalogPlanner, prompt: str, intent: Intent) -> None:
    assert planner.classify(prompt, planner.catalog) == intent


def test_a_metric_by_a_dimension_compares_its_segments(planner: CatalogPlanner) -> None:
    prompt = "What's our trial-to-paid conversion by utm source for the last 14 days?"
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    assert (plan.metric, plan.dimension, plan.window_days) == ("trial_conversion", "utm_source", 14)
    assert len(plan.segments) >= 2
