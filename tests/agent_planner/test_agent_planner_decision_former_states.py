"""Decision prompts naming people by a state an act since ended: "For subscribers who cancelled in the last 2
weeks: …", "Win back paying customers who churned last month …" are who they were, so the programs are for
the cancellation alone (they asked for `active` users who had cancelled: no one, as eligibility rules already
read it)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    "prompt",
    [
        "For subscribers who cancelled in the last 2 weeks: win-back email first, then the exit survey. Stop when "
        "they resubscribe.",
        "Win back paying customers who churned last month before the survey for trial users who converted.",
    ],
)
def test_a_state_an_act_ended_is_who_they_were(planner: CatalogPlanner, prompt: str) -> None:
    got = audiences(draft_policy(planner, prompt))
    assert len(got) == 2
    assert all("subscription_status" not in names for names in got), got
    assert "subscription_cancelled" in got[0]
