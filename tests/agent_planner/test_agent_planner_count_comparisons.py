"""One count of a person compared with another of theirs, or with an earlier span's, is refused quoting the
clause and saying, in its words, what can be said: each count against a number (read word by word, 'started more
workouts than they completed' was any completed workout, 'more pricing views than workouts' both at least one,
'opened more emails than pushes' a message both email and push)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal


@pytest.mark.parametrize(
    ("prompt", "clause", "first", "second"),
    [
        ("Create eligibility rules for users who started more workouts than they completed",
         "started more workouts than they completed", "started workouts", "completed workouts"),
        ("Users who viewed pricing more often than they opened the app, send them a discount",
         "viewed pricing more often than they opened the app", "viewed pricing", "opened the app"),
        ("Users with more pricing views than workouts", "more pricing views than workouts", "pricing views", "workouts"),
        ("Target people who opened more emails than pushes in the last 30 days",
         "opened more emails than pushes in the last 30 days",
         "opened emails in the last 30 days", "opened pushes in the last 30 days"),
        ("Target users who completed fewer workouts this week than last week",
         "completed fewer workouts this week than last week", "completed workouts this week", "completed workouts last week"),
        ("members who did twice as many workouts as last month",
         "did twice as many workouts as last month", "did workouts", "did workouts last month"),
        ("users on iOS who opened push as often as email", "opened push as often as email", "opened push", "opened email"),
    ],
)  # fmt: skip
def test_two_counts_compared_are_refused_saying_what_can_be_said(
    planner: CatalogPlanner, prompt: str, clause: str, first: str, second: str
) -> None:
    refused = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(refused, Refusal), refused
    assert refused.unmatched_phrases == [clause]
    assert f"'{first}: at least 3' and '{second}: fewer than 3'" in refused.reason


def test_as_many_as_the_count_before_is_refused_naming_the_number(planner: CatalogPlanner) -> None:
    refused = planner.draft(
        "Users who started 5 workouts and completed all of them", "eligibility", planner.catalog, []
    )
    assert isinstance(refused, Refusal), refused
    assert refused.unmatched_phrases == ["completed all of them"]
    assert "'completed at least 5'" in refused.reason


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("users who opened the app more than 10 times", E("app_opened", "gt", 10)),
        ("users with more than one open ticket", T("open_tickets", "gt", 1)),
        ("users with less than a week left in their trial", T("trial_days_left", "lt", 7)),
        ("users who signed up more than a month ago", T("days_since_signup", "gt", 30)),
    ],
)
def test_a_count_against_a_number_is_no_comparison(
    planner: CatalogPlanner, prompt: str, audience: object
) -> None:
    assert draft_rule(planner, prompt).audience == audience


def test_a_comparison_with_the_other_side_unsaid_is_refused(planner: CatalogPlanner) -> None:
    refused = planner.draft(
        "Users who opened the app twice as often this week", "eligibility", planner.catalog, []
    )
    assert isinstance(refused, Refusal), refused
    assert refused.unmatched_phrases == ["opened the app twice as often this week"]
    assert "'opened the app at least 3 times in the last 7 days'" in refused.reason
