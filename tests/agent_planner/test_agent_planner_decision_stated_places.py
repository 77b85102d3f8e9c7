"""A place stated before a colon ("P2: A for X", "Most important: …", "In between: …") ranks the program it
heads, in any written order."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, NEW, TRIAL, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    "prompt",
    [
        "P2: the upgrade nudge for trial users. P1: the save offer for at-risk users. P3: the welcome series for "
        "new users.",
        "P3: the welcome series for new users. P2: the upgrade nudge for trial users. P1: the save offer for "
        "at-risk users.",
        "Priority 2: the upgrade nudge for trial users. Priority 3: the welcome series for new users. Priority 1: "
        "the save offer for at-risk users.",
    ],
)
def test_numbered_places_before_a_colon_rank_the_programs(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.audience for r in rules] == [AT_RISK, TRIAL, NEW]


def test_worded_places_rank_the_programs_with_the_middle_between(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Most important: the welcome series for new users. Least important: the referral invite for active "
            "subscribers. In between: the save offer for at-risk users.",
        )
    )
    assert [r.audience for r in rules] == [NEW, AT_RISK, T("subscription_status", "eq", "active")]


def test_a_medium_place_is_between_not_an_intent_level(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Lowest priority: new users (welcome series). Medium: trial users (upgrade nudge). Highest priority: "
            "at-risk users (save offer).",
        )
    )
    assert [r.audience for r in rules] == [AT_RISK, TRIAL, NEW]
