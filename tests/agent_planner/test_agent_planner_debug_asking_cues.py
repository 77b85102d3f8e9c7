"""'What is activation by country?': 'what' two words before the metric's own name is no split cue (activation_state
was compared, and 'by country' dropped); 'which source', 'what platform' still split by what they name."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan


@pytest.mark.parametrize(("prompt", "metric", "dimension"), [
    ("what is activation by country this month?", "activation", "country"),
    ("what is activation on iOS this month?", "activation", "device_os"),
    ("which source is behind the conversion drop", "trial_conversion", "utm_source"),
    ("what platform saw the activation drop", "activation", "device_os"),
])
def test_an_asking_word_splits_only_by_what_it_names(
    planner: CatalogPlanner, prompt: str, metric: str, dimension: str
) -> None:
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan) and (plan.metric, plan.dimension) == (metric, dimension)
