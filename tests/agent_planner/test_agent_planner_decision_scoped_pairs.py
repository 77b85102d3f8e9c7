"""A pair ranked for some people ("For <people>, A beats B") gives both programs those people; each clause keeps its own people, and a clause
whose programs name their own keeps the people before them as a shared scope."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf

NEW, TRIAL = T("activation_state", "eq", "new"), T("subscription_status", "eq", "trial")


def test_each_clause_ranks_a_pair_within_its_people(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "For new users, the welcome email beats the onboarding push; among trial users the upgrade nudge "
            "goes before the tips digest.",
        )
    )
    assert [(r.id, r.audience) for r in rules] == [
        ("welcome_email", NEW),
        ("onboarding_push", NEW),
        ("upgrade_nudge", TRIAL),
        ("tips_digest", TRIAL),
    ]


def test_programs_with_their_own_people_keep_the_shared_scope(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "For iOS users, the save offer for at-risk users beats the upgrade nudge for trial users.",
        )
    )
    ios = T("device_os", "eq", "ios")
    assert [r.audience for r in rules] == [
        AllOf(conditions=[ios, T("activation_state", "eq", "at_risk")]),
        AllOf(conditions=[ios, TRIAL]),
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        "Two campaigns compete for trial users: the upgrade nudge and the coach check-in. The coach check-in "
        "should win for users with fewer than 2 workouts; otherwise the upgrade nudge.",
        "Two campaigns overlap for trial users: the upgrade nudge and the coach check-in. The coach check-in for "
        "users with fewer than 2 workouts ranks above the upgrade nudge.",
    ],
)
def test_a_winner_for_some_people_is_narrowed_to_them_and_ranked_first(
    planner: CatalogPlanner, prompt: str
) -> None:
    check_in, nudge = by_priority(draft_policy(planner, prompt))
    assert check_in.id == "coach_check_in"
    assert check_in.audience == AllOf(conditions=[TRIAL, T("workouts_completed", "lt", 2)])
    assert (nudge.id, nudge.audience) == ("upgrade_nudge", TRIAL)
