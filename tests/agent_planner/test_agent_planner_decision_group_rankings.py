"""Several groups, each ranking its own programs, then everyone else ("For at-risk users we want A first and B
second; for trial users C first. Everyone else gets D."): each group's programs for it, in order, and the last
for the people left (one program 'fitness_app_about' was drafted for at-risk trial users, or the trial
program went to at-risk users too); the story before it ("We're a fitness app with about 200k users.") is
background, the size of the business no people."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, TRIAL, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    "prompt",
    [
        "We're a fitness app with about 200k users. Churn has been creeping up for our monthly plans and our CRM "
        "team is small. For at-risk users we want the save offer first and the re-engagement push second; for trial "
        "users the upgrade nudge first. Everyone else gets the weekly digest.",
        "For at-risk users, the save offer first, then the re-engagement push. For trial users, the upgrade nudge. "
        "Everyone else gets the weekly digest.",
    ],
)
def test_each_group_ranks_its_own_programs_and_the_rest_get_the_last(planner: CatalogPlanner, prompt: str) -> None:
    save, push, nudge, digest = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in (save, push, nudge, digest)] == [
        "save_offer", "re_engagement_push", "upgrade_nudge", "weekly_digest"
    ]
    assert (save.audience, push.audience, nudge.audience) == (AT_RISK, AT_RISK, TRIAL)
    assert digest.audience.kind == "not"  # everyone the three before it miss
