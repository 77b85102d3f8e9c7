"""Asking why a metric the catalog lacks moved ('Why did retention drop?') goes to the debug path, whose refusal names
the metrics there are (it was out of scope, which said only what the command center does)."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize("prompt", ["Why did retention drop?", "why did revenue go down in October"])
def test_why_an_unknown_metric_moved_is_a_diagnosis_refused_by_name(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"


@pytest.mark.parametrize("prompt", ["Write me a poem about retention", "Why did you change my draft?"])
def test_unrelated_prompts_stay_out_of_scope(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "out_of_scope"
