"""What a debug prompt says moved: refused by its own words when no catalog metric reads it, and a health check
of the named group on the catalog's first metric when it names nothing that moved."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.debug_subject import asked_subject
from agent.types import DebugPlan, QuestionPlan, Refusal


@pytest.mark.parametrize(("prompt", "subject"), [
    ("Has retention dropped on iOS this week? why?", "retention"),
    ("Why did DAU fall for android users week over week?", "dau"),
    ("Explain the dip in app ratings on android", "app ratings"),
])
def test_a_movement_of_something_no_metric_measures_is_refused_by_its_words(
    planner: CatalogPlanner, prompt: str, subject: str
) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"
    refusal = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(refusal, Refusal), refusal
    assert refusal.unmatched_phrases == [subject]
    assert refusal.reason.startswith(f"'{subject}' is not a catalog metric, so there is no funnel to compare.")


@pytest.mark.parametrize(("prompt", "subject", "recorded"), [
    ("Why did plan_selected drop on iOS?", "plan selected", "checkout_started"),
    ("why so few checkouts on ios lately?", "checkouts", "checkout_attempts"),
])
def test_a_movement_of_something_the_catalog_records_points_to_a_data_question(
    planner: CatalogPlanner, prompt: str, subject: str, recorded: str
) -> None:
    refusal = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(refusal, Refusal), refusal
    assert refusal.unmatched_phrases == [subject] and recorded in refusal.suggestions
    assert "ask it as a data question" in refusal.reason and recorded in refusal.reason
    # the example question offered is one the question path answers
    example = refusal.reason.split("(for example '")[1].split("')")[0]
    assert planner.classify(example, planner.catalog) == "question"
    assert isinstance(planner.plan_question(example, planner.catalog, []), QuestionPlan)


@pytest.mark.parametrize(("prompt", "dimension", "focus"), [
    ("Ticket volume spiked this week for iOS users - what's causing it?", "device_os", "ios"),
    ("why did support tickets jump in Germany since Monday", "country", "DE"),
    ("Why are TikTok users opening so many support tickets?", "utm_source", "tiktok"),
])
def test_a_movement_of_support_tickets_is_a_support_diagnosis(
    planner: CatalogPlanner, prompt: str, dimension: str, focus: str
) -> None:
    """These were refused while no tool measured support load; compare_support does now."""
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan) and plan.support is not None, plan
    assert (plan.metric, plan.dimension, plan.segments) == ("support_tickets", dimension, [focus])


@pytest.mark.parametrize(("prompt", "focus"), [
    ("what's going on with Android?", "android"),
    ("something is off on web since monday", "web"),
    ("What's up with our German users this week?", "DE"),
])
def test_a_prompt_naming_no_metric_checks_the_group_on_the_first_metric(
    planner: CatalogPlanner, prompt: str, focus: str
) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    assert plan.metric == "trial_conversion" and plan.segments[0] == focus
    assert plan.not_applied[0].startswith("The prompt names no metric, so the diagnosis compares trial_conversion")
    assert "activation" in plan.not_applied[0]


@pytest.mark.parametrize(("text", "subject"), [
    ("why did the open rate on push drop for ios users", "open rate on push"),
    ("has retention dropped on ios", "retention"),
    ("the decline in revenue for ios", "revenue"),
    ("what's going on with android?", None),
])
def test_the_subject_is_the_words_said_to_move(text: str, subject: str | None) -> None:
    assert asked_subject(text) == subject
