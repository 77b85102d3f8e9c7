"""A time between acts asked as a measure ('median time to second workout') is refused by name: read as a measure,
the words named the workout count and the answer was a median of workouts."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal


@pytest.mark.parametrize(("prompt", "said"), [
    ("Median time to second workout?", "time to second workout"),
    ("what is the average days from trial start to subscription", "days from trial start to subscription"),
    ("average days between workouts for iOS users", "days between workouts for ios users"),
])
def test_a_time_between_acts_as_a_measure_is_refused_by_name(planner: CatalogPlanner, prompt: str, said: str) -> None:
    refusal = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(refusal, Refusal) and refusal.unmatched_phrases == [said]


@pytest.mark.parametrize("prompt", ["median days until trial ends for trial users", "average time since last workout"])
def test_a_trait_counted_in_days_is_still_measured(planner: CatalogPlanner, prompt: str) -> None:
    assert isinstance(planner.plan_question(prompt, planner.catalog, []), QuestionPlan)
