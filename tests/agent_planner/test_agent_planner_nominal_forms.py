"""Nouns of catalog verbs name the same entries: "cancellations" is `subscription_cancelled` (catalog:
"cancelled"), "workout completions" is `workout_completed` ("completed a workout"), and "signups" is what
"signed up" names. They are derived from the catalog's surfaces, never listed in code."""

from __future__ import annotations

import pytest
from agent_planner_helpers import draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.derivations import derived_surfaces
from agent.types import DebugPlan
from orchestrator.spec import AllOf, EventCondition, TraitCondition
from warehouse.catalog import Catalog

# (prompt, metric, dimension, a segment the prompt names)
DEBUG: list[tuple[str, str, str, str]] = [
    ("Cancellations are up this week on Android, why?", "trial_conversion", "device_os", "android"),
    ("Subscription cancellations jumped in Germany, what happened?", "trial_conversion", "country", "DE"),
    ("Workout completions fell this week on iOS, why?", "activation", "device_os", "ios"),
]


@pytest.mark.parametrize(("prompt", "metric", "dimension", "segment"), DEBUG)
def test_a_nominal_event_names_the_metric_of_a_debug_prompt(
    planner: CatalogPlanner, catalog: Catalog, prompt: str, metric: str, dimension: str, segment: str
) -> None:
    assert planner.classify(prompt, catalog) == "debug"
    plan = planner.plan_debug(prompt, catalog)
    assert isinstance(plan, DebugPlan), plan
    assert (plan.metric, plan.dimension) == (metric, dimension)
    assert segment in plan.segments


# (prompt, event, op, count, within_days)
EVENTS: list[tuple[str, str, str, int, int | None]] = [
    ("users with 2 or more cancellations", "subscription_cancelled", "gte", 2, None),
    ("users who had a subscription cancellation in the last 30 days", "subscription_cancelled", "gte", 1, 30),
    ("users with no workout completions in the last 14 days", "workout_completed", "eq", 0, 14),
]


@pytest.mark.parametrize(("prompt", "event", "op", "count", "within"), EVENTS)
def test_a_nominal_event_is_an_audience_event(
    planner: CatalogPlanner, prompt: str, event: str, op: str, count: int, within: int | None
) -> None:
    rule = draft_rule(planner, prompt)
    assert isinstance(rule.audience, EventCondition), rule.audience
    got = rule.audience
    assert (got.event, got.op, got.count, got.within_days) == (event, op, count, within)


def test_a_nominal_count_without_a_window_reads_the_count_trait(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "trial users with at least 3 workout completions")
    assert isinstance(rule.audience, AllOf)
    traits = {(c.trait, c.op, c.value) for c in rule.audience.conditions if isinstance(c, TraitCondition)}
    assert traits == {("subscription_status", "eq", "trial"), ("workouts_completed", "gte", 3)}


def test_derived_forms_cover_participles_and_particle_compounds() -> None:
    assert {"cancellation", "cancel"} <= set(derived_surfaces("cancelled"))
    assert "completion a workout" in set(derived_surfaces("completed a workout"))
    assert "signup" in set(derived_surfaces("signed up"))
    assert list(derived_surfaces("pricing page")) == []


def test_a_stated_form_keeps_its_catalog_meaning(planner: CatalogPlanner) -> None:
    # "activation" is a stated trait synonym; the noun derived from "activated" must not take it over.
    entries = planner.lexicon.entries_for("activation")
    assert [e.name for e in entries if e.kind != "metric"] == ["activation_state"]
