"""A team adds traits and an event to the catalog: the planner recognises them with no code change."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from agent.types import QuestionPlan
from orchestrator.spec import AllOf, Policy, Rule
from orchestrator.validate import validate_spec
from warehouse.catalog import Catalog, parse_catalog
from warehouse.errors import CatalogError


@pytest.fixture(scope="module")
def extended(catalog: Catalog) -> CatalogPlanner:
    data = catalog.model_dump(mode="json")
    data["traits"] += [
        {
            "name": "loyalty_tier",
            "type": "enum",
            "values": ["bronze", "silver", "gold"],
            "description": "Loyalty programme tier.",
            "synonyms": ["tier", "loyalty level", "membership tier"],
            "value_synonyms": {"gold": ["vip", "top tier"], "bronze": ["entry level"]},
        },
        {
            "name": "referrals_sent",
            "type": "int",
            "unit": "referrals",
            "min": 0,
            "description": "Friends referred, all time.",
            "synonyms": ["referred friends", "friends referred", "referrals"],
        },
    ]
    data["events"].append(
        {
            "name": "friend_referred",
            "description": "The user referred a friend.",
            "synonyms": ["referred friends", "referred a friend"],
            "properties": {"medium": {"type": "enum", "values": ["link", "contacts"]}},
        }
    )
    return CatalogPlanner(parse_catalog(data, source="extended test catalog"))


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("gold tier users", [T("loyalty_tier", "eq", "gold")]),
        ("VIP users", [T("loyalty_tier", "eq", "gold")]),
        ("users who are not entry level", [T("loyalty_tier", "ne", "bronze")]),
        ("not in the bronze tier", [T("loyalty_tier", "ne", "bronze")]),
        ("referred at least 2 friends", [T("referrals_sent", "gte", 2)]),
        ("never referred a friend", [T("referrals_sent", "eq", 0)]),
        ("referred a friend in the last 30 days", [E("friend_referred", "gte", 1, 30)]),
        ("referred 2 friends by link this month", [E("friend_referred", "gte", 2, 30, medium="link")]),
        (
            "silver or gold members who referred 3 friends",
            [T("loyalty_tier", "in", ["silver", "gold"]), T("referrals_sent", "gte", 3)],
        ),
    ],
)
def test_new_catalog_entries_are_recognised(
    extended: CatalogPlanner, phrase: str, expected: list[object]
) -> None:
    parsed = parse_conditions(phrase, extended.catalog, extended.lexicon)
    assert parsed.unmatched == []
    assert parsed.conditions == expected


def test_new_trait_in_eligibility_and_policy_validates(extended: CatalogPlanner) -> None:
    rule = extended.draft(
        "Target gold tier users who never referred a friend", "eligibility", extended.catalog, []
    )
    assert isinstance(rule, Rule)
    assert rule.audience == AllOf(conditions=[T("loyalty_tier", "eq", "gold"), T("referrals_sent", "eq", 0)])
    assert validate_spec(rule, extended.catalog).ok
    policy = extended.draft(
        "Priority for gold tier users: (1) get users to refer a friend (2) upgrade messaging",
        "decision",
        extended.catalog,
        [],
    )
    assert isinstance(policy, Policy)
    referral = policy.rules[0]
    assert referral.audience == AllOf(
        conditions=[T("loyalty_tier", "eq", "gold"), T("referrals_sent", "eq", 0)]
    )
    assert [s.condition for s in referral.stop_conditions] == [T("referrals_sent", "gte", 1)]
    assert referral.conversion is not None and referral.conversion.event == "friend_referred"
    assert validate_spec(policy, extended.catalog).ok


def test_new_trait_groups_a_question(extended: CatalogPlanner) -> None:
    plan = extended.plan_question("how many users by loyalty tier", extended.catalog, [])
    assert isinstance(plan, QuestionPlan)
    assert (
        plan.sql
        == "SELECT loyalty_tier, COUNT(*) AS users FROM user_traits GROUP BY loyalty_tier ORDER BY loyalty_tier"
    )


def test_shipped_catalog_planner_does_not_know_them(planner: CatalogPlanner) -> None:
    parsed = parse_conditions("gold tier users", planner.catalog, planner.lexicon)
    assert parsed.conditions == [] and parsed.unmatched == ["gold tier"]


def test_value_synonyms_must_name_values_of_the_trait(catalog: Catalog) -> None:
    data = catalog.model_dump(mode="json")
    status = next(t for t in data["traits"] if t["name"] == "subscription_status")
    status["value_synonyms"] = {"platinum": ["whales"]}
    with pytest.raises(CatalogError, match="platinum"):
        parse_catalog(data, source="bad value synonyms")
