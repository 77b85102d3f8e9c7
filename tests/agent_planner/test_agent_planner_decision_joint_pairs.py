"""Pairs that share a program ("A ahead of B, and both behind C") rank all three; a program only a pair names
("…, and both of them ahead of the tips digest", "B beats the referral ask") is kept, for whoever the others
leave, never dropped."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Not

AT_RISK, TRIAL = T("activation_state", "eq", "at_risk"), T("subscription_status", "eq", "trial")


def test_both_behind_a_third_program_ranks_it_first(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Please put the streak saver (users with a 5+ day streak) ahead of the workout reminder (users who "
            "haven't worked out in 3 days), and both behind the save offer for at-risk users.",
        )
    )
    assert [r.id for r in rules] == ["save_offer", "streak_saver", "workout_reminder"]
    assert rules[0].audience == AT_RISK


@pytest.mark.parametrize(
    ("prompt", "last"),
    [
        (
            "Rank the save offer for at-risk users above the upgrade nudge for trial users, and both of them ahead "
            "of the tips digest.",
            "tips_digest",
        ),
        (
            "The save offer for at-risk users beats the upgrade nudge for trial users. The upgrade nudge beats the "
            "referral ask.",
            "referral_ask",
        ),
    ],
)
def test_a_program_only_a_pair_names_is_kept_for_the_rest(
    planner: CatalogPlanner, prompt: str, last: str
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.audience for r in rules[:2]] == [AT_RISK, TRIAL]
    assert rules[2].id == last and isinstance(rules[2].audience, Not)
