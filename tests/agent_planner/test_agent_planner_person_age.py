"""A person's age, which no catalog trait keeps, is refused by name in rules, policies and data questions (it was
dropped: "users aged 25-34 in the US" drafted every US user); an account's age is still read."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal


@pytest.mark.parametrize(
    ("prompt", "intent", "phrase"),
    [
        ("users aged 25-34 in the US", "eligibility", "aged 25-34"),
        ("Android users in their thirties who completed 5 workouts", "eligibility", "in their thirties"),
        (
            "upgrade nudge for users over 40 years old first, then the streak challenge for everyone else",
            "decision",
            "over 40 years old",
        ),
    ],
)
def test_a_persons_age_is_refused_by_name(planner: CatalogPlanner, prompt: str, intent: str, phrase: str) -> None:
    assert planner.classify(prompt, planner.catalog) == intent
    refused = planner.draft(prompt, intent, planner.catalog, [])  # type: ignore[arg-type]
    assert isinstance(refused, Refusal)
    assert refused.unmatched_phrases == [phrase]
    assert refused.suggestions[0] == "days_since_signup"  # the account's age, the one age the catalog keeps
    assert "People can be chosen by" in refused.reason


def test_a_data_question_about_an_age_band_is_refused_by_name(planner: CatalogPlanner) -> None:
    refused = planner.plan_question("how many 18-24 year olds signed up last week?", planner.catalog, [])
    assert isinstance(refused, Refusal) and refused.unmatched_phrases == ["18-24 year olds"]


def test_an_accounts_age_is_still_read(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users with an account age of 30 days or more on iOS")
    assert T("days_since_signup", "gte", 30) in rule.audience.conditions  # type: ignore[union-attr]
