"""Open tickets about a reason: the catalog keeps no reason on open tickets, so the planner reads the closest
honest thing (open tickets and such a ticket created in the last 30 days) and says so in the rule."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from orchestrator.spec import AllOf, AnyOf, Rule
from orchestrator.validate import validate_spec

OPEN_BILLING = AllOf(
    conditions=[
        T("open_tickets", "gte", 1),
        E("support_ticket_created", "gte", 1, 30, ticket_reason="billing"),
    ]
)


@pytest.mark.parametrize(
    "phrase",
    [
        "users with an open billing ticket",
        "open billing tickets",
        "an open ticket about billing",
        "users who have unresolved billing tickets",
    ],
)
def test_open_tickets_about_a_reason_are_open_and_recently_created_with_it(
    planner: CatalogPlanner, phrase: str
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.conditions == [OPEN_BILLING]
    assert parsed.approximations and "30 days" in parsed.approximations[0]


def test_negated_open_reason_tickets_fail_either_part(planner: CatalogPlanner) -> None:
    parsed = parse_conditions("no open bug tickets", planner.catalog, planner.lexicon)
    assert parsed.conditions == [
        AnyOf(
            conditions=[
                T("open_tickets", "eq", 0),
                E("support_ticket_created", "eq", 0, 30, ticket_reason="bug"),
            ]
        )
    ]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("opened a billing ticket", E("support_ticket_created", "gte", 1, ticket_reason="billing")),
        (
            "billing tickets in the last 14 days",
            E("support_ticket_created", "gte", 1, 14, ticket_reason="billing"),
        ),
        ("open tickets", T("open_tickets", "gte", 1)),
    ],
)
def test_tickets_not_said_open_or_windowed_keep_their_reading(
    planner: CatalogPlanner, phrase: str, expected: object
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.conditions == [expected]
    assert parsed.approximations == []


def test_the_rule_description_says_it_is_approximated(planner: CatalogPlanner) -> None:
    prompt = "Send a billing help email to users with an open ticket about billing"
    rule = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(rule, Rule), rule
    assert validate_spec(rule, planner.catalog).ok
    assert rule.audience == OPEN_BILLING
    assert "approximated" in rule.description and "last 30 days" in rule.description
