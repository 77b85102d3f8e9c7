"""A cap said as a prohibition ("Never message anyone twice in one day", "Don't send anyone more than 2 times a
week") is the policy's frequency cap, not a suppression of people (which would refuse: "twice in one day"
describes no one)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner

PROGRAMS = "Upgrade offer for trial users over the save offer for at-risk users. "


@pytest.mark.parametrize(
    ("said", "sends", "days"),
    [
        ("Never message anyone twice in one day.", 1, 1),
        ("Don't send anyone more than 2 times a week.", 2, 7),
        ("Never contact users more than once a week.", 1, 7),
    ],
)
def test_a_prohibited_frequency_is_the_cap(planner: CatalogPlanner, said: str, sends: int, days: int) -> None:
    policy = draft_policy(planner, PROGRAMS + said)
    assert (policy.frequency_cap.max_sends, policy.frequency_cap.per_days) == (sends, days)
    assert [r.id for r in policy.rules] == ["upgrade_offer", "save_offer"]
    assert {s.id for s in policy.suppressions} == {"marketing_opt_out", "open_support_ticket"}
