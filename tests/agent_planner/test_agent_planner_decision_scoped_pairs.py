"""A pair ranked for some people ("For <people>, A beats B") gives both programs those people; each clause keeps its own people, and a clause
whose programs name their own keeps the people before them as a shared scope."""

from __future__ import annotations

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
