"""Clauses that each open with their people ("For cancelled users, win-back first; for trial users, trial
conversion first; for everyone else, feature education.") are one ranked list, each program for its own
people and "everyone else" for the rest; the first clause's people were every program's."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Not


@pytest.mark.parametrize(
    "prompt",
    [
        "For cancelled users, win-back first; for trial users, trial conversion first; for everyone else, feature "
        "education.",
        "Among cancelled users, win-back first; among trial users, trial conversion first; and for everyone else, "
        "feature education.",
    ],
)
def test_each_for_clause_gives_its_program_its_people(planner: CatalogPlanner, prompt: str) -> None:
    first, second, rest = by_priority(draft_policy(planner, prompt))
    assert (first.id, second.id, rest.id) == ("win_back", "trial_conversion", "feature_education")
    assert first.audience == T("subscription_status", "eq", "cancelled")
    assert second.audience == T("subscription_status", "eq", "trial")
    assert isinstance(rest.audience, Not)


def test_for_clauses_in_sentences_of_their_own(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "For at-risk users: the save offer. For trial users: the upgrade nudge. For everyone else: the tips email."
    )
    assert [r.id for r in by_priority(policy)] == ["save_offer", "upgrade_nudge", "tips_email"]
    assert by_priority(policy)[0].audience == T("activation_state", "eq", "at_risk")


@pytest.mark.parametrize(
    ("closing", "rest_names"),
    [("Everything else: feature education.", {"open_tickets", "subscription_status"}),
     ("The rest - feature education for active users.", {"subscription_status"})],
)
def test_everything_else_after_a_ranking_is_its_last_program(
    planner: CatalogPlanner, closing: str, rest_names: set[str]
) -> None:
    policy = draft_policy(
        planner,
        f"Top priority is support outreach for users with 2+ open tickets. After that, win-back for cancelled users. {closing}",
    )
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["support_outreach", "win_back", "feature_education"]  # no "everything_else"
    assert audiences(policy)[2] == rest_names
