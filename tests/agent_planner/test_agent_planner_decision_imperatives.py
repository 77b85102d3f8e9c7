"""Decision prompts that rank programs with an imperative ("Rank A for X above B for Y", "Put A for X above
B for Y"): the verb is not part of the first program's label, and "above" orders the two programs."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "ids", "audiences"),
    [
        (
            "Rank the win-back email for cancelled users above the upgrade nudge for trial users.",
            ["win_back_email", "upgrade_nudge"],
            [T("subscription_status", "eq", "cancelled"), T("subscription_status", "eq", "trial")],
        ),
        (
            "Put the save offer for at-risk users above the upgrade nudge for users with high intent.",
            ["save_offer", "upgrade_nudge"],
            [T("activation_state", "eq", "at_risk"), T("upgrade_intent", "eq", "high")],
        ),
        (
            "Place the streak reminder for committed users above the pricing email for users on iOS.",
            ["streak_reminder", "pricing_email"],
            [T("activation_state", "eq", "committed"), T("device_os", "eq", "ios")],
        ),
    ],
)
def test_imperative_rank_above(
    planner: CatalogPlanner, prompt: str, ids: list[str], audiences: list[object]
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    assert [r.audience for r in rules] == audiences
