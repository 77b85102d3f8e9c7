"""Two programs said to overlap for some people ("The upgrade nudge and the comeback email overlap for expired
trial users. The comeback email should win.") are both for those people, ranked by the sentence that says
which should win; "If someone is eligible for both A for X and B for Y, B wins" frames the same choice."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner

EXPIRED = T("subscription_status", "eq", "expired")


@pytest.mark.parametrize(
    "prompt",
    [
        "The upgrade nudge and the comeback email overlap for expired trial users. The comeback email should win.",
        "The comeback email and the upgrade nudge overlap for expired trial users. The comeback email should win.",
    ],
)
def test_programs_overlapping_for_some_people_are_both_for_them(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ["comeback_email", "upgrade_nudge"]
    assert [r.audience for r in rules] == [EXPIRED, EXPIRED]


@pytest.mark.parametrize(
    ("winner", "ids"),
    [
        ("streak saver", ["streak_saver", "upgrade_offer"]),
        ("upgrade offer", ["upgrade_offer", "streak_saver"]),
    ],
)
def test_eligible_for_both_frames_the_choice(planner: CatalogPlanner, winner: str, ids: list[str]) -> None:
    policy = draft_policy(
        planner,
        "If someone is eligible for both the streak saver for users with a 5+ day streak and the upgrade offer for "
        f"trial users, the {winner} wins.",
    )
    assert [r.id for r in by_priority(policy)] == ids
