"""A list written from the bottom up ("lowest to highest", "from least to most important", "in reverse order")
is served in the reverse of the written order; "low to high intent" describes people, no direction."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, NEW, TRIAL, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.rank_direction import read_direction


@pytest.mark.parametrize(
    "prompt",
    [
        "Priority: welcome series (new users), upgrade nudge (trial users), save offer (at-risk users) - lowest to "
        "highest.",
        "From least to most important: 1) the welcome series for new users 2) the upgrade nudge for trial users "
        "3) the save offer for at-risk users.",
        "Rank these in reverse order: the welcome series for new users, then the upgrade nudge for trial users, "
        "then the save offer for at-risk users.",
    ],
)
def test_a_bottom_up_list_is_served_top_down(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.audience for r in rules] == [AT_RISK, TRIAL, NEW]


def test_a_range_of_people_is_no_direction() -> None:
    assert read_direction("users with low to high intent") == ("users with low to high intent", False)
