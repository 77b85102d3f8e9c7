"""'low CSAT' read through a bound the catalog states in a description; 'at or below N' is at most N."""

from __future__ import annotations

from agent_planner_decision_helpers import audiences, suppression_names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.score_words import stated_bounds
from warehouse.catalog import Catalog, load_catalog


def test_bounds_come_from_the_catalog_descriptions(planner: CatalogPlanner) -> None:
    bounds = stated_bounds(planner.catalog, planner.lexicon)
    # support_risk's description: "high (an open billing or bug ticket, or mean CSAT at or below 2)"
    assert [(b.trait, b.side, b.phrase, b.source) for b in bounds] == [
        ("avg_csat", "low", "at or below 2", "support_risk")
    ]


def test_low_csat_reads_the_stated_bound_and_says_so(planner: CatalogPlanner) -> None:
    parsed = parse_conditions("users with low CSAT", planner.catalog, planner.lexicon)
    assert parsed.conditions == [T("avg_csat", "lte", 2)] and not parsed.unmatched
    assert any("support_risk" in r for r in parsed.readings)


def test_a_score_without_a_stated_bound_is_still_refused(planner: CatalogPlanner) -> None:
    parsed = parse_conditions("users with high momentum", planner.catalog, planner.lexicon)
    assert parsed.unmatched and not parsed.conditions


def test_a_catalog_without_the_bound_refuses_low_csat() -> None:
    catalog = load_catalog()
    risk = catalog.trait("support_risk")
    edited = Catalog.model_validate(
        {
            **catalog.model_dump(),
            "traits": [
                {**t.model_dump(), "description": "Risk from support."} if t.name == risk.name else t.model_dump()
                for t in catalog.traits
            ],
        }
    )
    planner = CatalogPlanner(edited)
    parsed = parse_conditions("users with low CSAT", edited, planner.lexicon)
    assert parsed.unmatched


def test_at_or_below_is_at_most(planner: CatalogPlanner) -> None:
    parsed = parse_conditions("users with CSAT at or below 2", planner.catalog, planner.lexicon)
    assert parsed.conditions == [T("avg_csat", "lte", 2)]
    parsed = parse_conditions("momentum at or above 60", planner.catalog, planner.lexicon)
    assert parsed.conditions == [T("momentum_score", "gte", 60)]


def test_low_csat_holding_marketing_back_is_a_suppression(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Upgrade nudge for trial users who viewed pricing (highest priority), winback for lapsed users (lowest "
        "priority). Users with low CSAT or open billing tickets shouldn't get any marketing.",
    )
    assert audiences(policy) == [{"subscription_status", "pricing_views"}, {"days_since_last_workout"}]
    assert any({"avg_csat", "open_tickets"} <= names for names in suppression_names(policy))
