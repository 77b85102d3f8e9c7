"""Words said of the people or of their act that were dropped: a topic after 'about' that is a value the act
before records ('contacted support about a bug this month' is a bug ticket this month; the reason and the month
were cut as the message's topic), and people described before their clause ('for users aged 25-34 who …', 'for
customers over 40 who …' kept everyone who matched the clause)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import Condition


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("Users who contacted support about a bug this month",
         E("support_ticket_created", within=30, ticket_reason="bug")),
        ("users who opened a ticket about a billing problem in the last 2 weeks",
         E("support_ticket_created", within=14, ticket_reason="billing")),
    ],
)  # fmt: skip
def test_a_topic_the_act_records_is_the_acts(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    assert draft_rule(planner, prompt).audience == audience


def test_a_messages_topic_is_still_no_condition(planner: CatalogPlanner) -> None:
    # 'the new yoga class' is what the message is about: no second preferred type, no 'new' stage
    rule = draft_rule(planner, "Email trial users about the new yoga class")
    assert rule.audience.model_dump(exclude_none=True) == {
        "kind": "trait", "trait": "subscription_status", "op": "eq", "value": "trial"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("prompt", "word"),
    [
        ("Create eligibility rules for users aged 25-34 who like running", "aged"),
        ("Create eligibility rules for the spring promo for customers over 40 who use iOS", "over 40"),
    ],
)
def test_people_described_before_their_clause_are_held_to_the_catalog(
    planner: CatalogPlanner, prompt: str, word: str
) -> None:
    refused = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refused, Refusal), refused
    assert any(word in p for p in refused.unmatched_phrases), refused.unmatched_phrases


def test_a_number_in_the_programs_name_is_no_condition(planner: CatalogPlanner) -> None:
    rule = draft_rule(
        planner, "Create eligibility rules for the 30-day challenge for users who completed 3 workouts"
    )
    assert rule.audience.model_dump(exclude_none=True)["trait"] == "workouts_completed"


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [
        ("users who love cycling", "cycling"),
        ("users who are really into yoga", "yoga"),
        ("members who enjoy HIIT", "hiit"),
    ],
)
def test_a_liking_verb_before_a_preferred_kind_is_liking(
    planner: CatalogPlanner, prompt: str, kind: str
) -> None:
    # 'love' was refused, though 'like cycling' reads as the preferred workout type
    assert draft_rule(planner, prompt).audience.model_dump(exclude_none=True) == {
        "kind": "trait", "trait": "preferred_workout_type", "op": "eq", "value": kind
    }  # fmt: skip


def test_a_liking_verb_before_anything_else_is_left_alone(planner: CatalogPlanner) -> None:
    refused = planner.draft("users who love a discount", "eligibility", planner.catalog, [])
    assert isinstance(refused, Refusal) and "love" in refused.unmatched_phrases[0]
