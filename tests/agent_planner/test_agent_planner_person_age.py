"""A person's age, which no catalog trait keeps, is refused by name in rules, policies and data questions (it was
dropped: "users aged 25-34 in the US" drafted every US user), and so is an act timed from each person's signup in a
rule (no window of a rule starts there); an account's age and people in their first week now are still read."""

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


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        ("Users whose first workout was within 2 days of signing up", "within 2 days of signing up"),
        ("email people who opened the app in the 48 hours after they joined", "in the 48 hours after they joined"),
    ],
)
def test_an_act_timed_from_each_signup_is_refused_in_a_rule(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    # it drafted people who signed up in the last 2 days: every window of a rule ends at the run time
    refused = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refused, Refusal) and refused.unmatched_phrases == [phrase]
    assert "days_since_signup" in refused.suggestions


def test_people_in_their_first_week_now_are_still_read(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users in their first week who completed 2 workouts")
    assert T("days_since_signup", "lt", 7) in rule.audience.conditions  # type: ignore[union-attr]
