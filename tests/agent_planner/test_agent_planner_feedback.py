"""The validator's feedback: named conditions are dropped; what cannot be repaired is refused by path."""

from __future__ import annotations

from agent_planner_helpers import T

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Policy, Rule
from orchestrator.validate import validate_spec
from warehouse.catalog import Catalog, parse_catalog

ELIGIBILITY = (
    "Create eligibility rules for an upgrade nudge that only targets users who completed 3 workouts, viewed "
    "pricing, and have no open support tickets."
)


def test_real_validator_feedback_drops_the_named_condition(planner: CatalogPlanner, catalog: Catalog) -> None:
    # A warehouse whose catalog has no pricing_views trait: the validator names that condition.
    data = catalog.model_dump(mode="json")
    data["traits"] = [t for t in data["traits"] if t["name"] != "pricing_views"]
    smaller = parse_catalog(data)
    draft = planner.draft(ELIGIBILITY, "eligibility", catalog, [])
    assert isinstance(draft, Rule)
    report = validate_spec(draft, smaller)
    assert not report.ok
    feedback = [e.model_dump() for e in report.errors]
    assert any("pricing_views" in f["message"] for f in feedback)
    fixed = planner.draft(ELIGIBILITY, "eligibility", catalog, feedback)
    assert isinstance(fixed, Rule)
    assert fixed.audience == AllOf(
        conditions=[
            T("workouts_completed", "gte", 3),
            T("open_tickets", "eq", 0),
            T("subscription_status", "ne", "active"),
        ]
    )
    assert validate_spec(fixed, smaller).ok


def test_feedback_inside_a_policy_rule(planner: CatalogPlanner) -> None:
    prompt = "Priority for trial users: (1) help users complete a second workout (2) upgrade messaging"
    feedback = [{"path": "rules[0].audience.conditions[0].value", "message": "bad value", "suggestion": None}]
    fixed = planner.draft(prompt, "decision", planner.catalog, feedback)
    assert isinstance(fixed, Policy)
    assert fixed.rules[0].audience == AllOf(conditions=[T("workouts_completed", "eq", 1)])
    assert fixed.rules[1].audience == T("subscription_status", "eq", "trial")


def test_feedback_on_a_whole_audience_is_refused_by_path(planner: CatalogPlanner) -> None:
    feedback = [
        {"path": "audience", "message": "audience selects nobody", "suggestion": "loosen a condition"}
    ]
    refusal = planner.draft(ELIGIBILITY, "eligibility", planner.catalog, feedback)
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == ["audience"]
    assert "audience selects nobody" in refusal.reason
    assert refusal.suggestions == ["loosen a condition"]


def test_same_prompt_same_spec_across_planners(catalog: Catalog) -> None:
    first = CatalogPlanner(catalog).draft(ELIGIBILITY, "eligibility", catalog, [])
    second = CatalogPlanner(catalog).draft(ELIGIBILITY, "eligibility", catalog, [])
    assert first.model_dump_json() == second.model_dump_json()
