"""A condition the user stated is never silently dropped or inverted: what the catalog cannot say is named in
an "I could not express" refusal, and a negation the planner cannot place stays out of the conditions."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf


def _refusal(planner: CatalogPlanner, prompt: str) -> Refusal:
    intent = planner.classify(prompt, planner.catalog)
    assert intent in ("eligibility", "decision"), intent
    result = planner.draft(prompt, intent, planner.catalog, [])
    assert isinstance(result, Refusal), result
    assert result.reason.startswith("I could not express:"), result.reason
    return result


def test_an_unknown_verb_in_a_negated_relative_clause_leaves_the_head_its_polarity(planner: CatalogPlanner) -> None:
    # "exercised" is a catalog synonym of a completed workout; the negation is the clause's, not the streak's
    rule = draft_rule(planner, "users with a 4+ day streak who have not exercised yet today")
    assert rule.audience == AllOf(
        conditions=[T("current_streak_days", "gte", 4), T("days_since_last_workout", "gte", 1)]
    )


def test_a_negated_clause_of_unknown_words_is_named_and_never_negates_the_head(planner: CatalogPlanner) -> None:
    refusal = _refusal(planner, "users with a 4+ day streak who have not meditated yet today")
    assert any("meditated" in p for p in refusal.unmatched_phrases), refusal.unmatched_phrases
    assert any("not" in p for p in refusal.unmatched_phrases), "the negation belongs to the unknown verb"


@pytest.mark.parametrize(
    ("prompt", "word"),
    [
        ("trial users on the annual plan", "annual"),
        ("users on iOS who own an Apple Watch and worked out this week", "watch"),
        ("users in Germany who own an Apple Watch", "watch"),
        ("users with a streak of 3+ days who drink coffee", "coffee"),
        ("users who live in Berlin and have a 3 day streak", "berlin"),
        ("paying users on the annual plan who haven't worked out in 10 days", "annual"),
        ("Send a streak saver to users with a 3+ day streak, but not if they live in Berlin.", "berlin"),
        # a number no condition takes is said and not expressed (the catalog keeps no age of a consent; a
        # subscription's is its start: test_agent_planner_eligibility_counts.py)
        ("users who have been opted in for more than 60 days", "more than 60 days"),
    ],
)
def test_an_eligibility_condition_the_catalog_lacks_is_named(planner: CatalogPlanner, prompt: str, word: str) -> None:
    refusal = _refusal(planner, prompt)
    assert any(word in p for p in refusal.unmatched_phrases), refusal.unmatched_phrases


@pytest.mark.parametrize(
    ("prompt", "word"),
    [
        (
            "Trial users who live in Berlin should get the upgrade offer, and at-risk users should get a save "
            "offer; the save offer wins.",
            "berlin",
        ),
        ("Prioritize: (1) upgrade subscribers who own an Apple Watch, (2) win back cancelled users", "watch"),
        ("Prioritize: (1) upgrade trial users who drink coffee, (2) win back cancelled users", "coffee"),
        ("Prioritize: (1) at-risk users who live in Berlin, (2) trial users", "berlin"),
        (
            "Which should win, an upgrade nudge for trial users who drink coffee or a streak saver for users "
            "with a 5+ day streak?",
            "coffee",
        ),
        (
            "We want a win-back push for cancelled users who own an Apple Watch. We also want an upgrade nudge "
            "for trial users (top priority).",
            "watch",
        ),
    ],
)
def test_a_decision_audience_the_catalog_lacks_is_named(planner: CatalogPlanner, prompt: str, word: str) -> None:
    refusal = _refusal(planner, prompt)
    assert any(word in p for p in refusal.unmatched_phrases), refusal.unmatched_phrases


def test_words_the_catalog_knows_beside_framing_still_draft(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users who completed 3 workouts in the last week and have push enabled")
    assert rule.audience == AllOf(
        conditions=[E("workout_completed", "gte", 3, within=7), T("push_enabled", "eq", True)]
    )


def test_a_clause_of_catalog_words_and_a_window_that_reads_as_nothing_is_named(planner: CatalogPlanner) -> None:
    # "got a discount yesterday" names nothing the catalog keeps: never dropped, or the rule would keep
    # everyone who never opened anything ("got a push yesterday" reads: test_agent_planner_message_receipt)
    refusal = _refusal(planner, "Users who got a discount yesterday but didn't open it")
    assert any("discount" in p for p in refusal.unmatched_phrases), refusal.unmatched_phrases
