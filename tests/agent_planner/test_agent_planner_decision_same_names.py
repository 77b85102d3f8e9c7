"""One program name said for two groups of people is two programs, each with its people and an id saying whose
("upgrade_nudge_trial", "upgrade_nudge_high_intent"; the second was dropped, or merged into the first); a
heading per group that ranks several programs ("For iOS users: A first, B second. For Android users: A first,
C second.") gives each group its own; "For X, A should win over B; and for Y, C should win over D" ranks each
pair for its people (one program named 'trial' was drafted)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, TRIAL, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner

HIGH_INTENT = T("upgrade_intent", "eq", "high")
IOS, ANDROID = T("device_os", "eq", "ios"), T("device_os", "eq", "android")


@pytest.mark.parametrize(
    "prompt",
    [
        "The upgrade nudge for trial users beats the save offer for at-risk users, which beats the upgrade nudge "
        "for high-intent users.",
        "1. Upgrade nudge for trial users\n2. Save offer for at-risk users\n3. Upgrade nudge for high-intent users",
    ],
)
def test_one_name_for_two_groups_is_two_programs(planner: CatalogPlanner, prompt: str) -> None:
    first, save, last = by_priority(draft_policy(planner, prompt))
    assert (first.id, save.id, last.id) == ("upgrade_nudge_trial", "save_offer", "upgrade_nudge_high_intent")
    assert (first.audience, save.audience, last.audience) == (TRIAL, AT_RISK, HIGH_INTENT)


def test_a_catch_all_under_a_name_said_before_keeps_both(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(planner, "Trial users -> upgrade nudge. At-risk users -> save offer. Everyone else -> upgrade nudge.")
    )
    assert [r.id for r in rules] == ["upgrade_nudge_trial", "save_offer", "upgrade_nudge_everyone_else"]
    assert rules[2].audience.kind == "not"


def test_each_heading_ranks_its_own_programs(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "For iOS users: streak challenge first, save offer second. For Android users: streak challenge first, "
            "upgrade nudge second.",
        )
    )
    assert [(r.id, r.audience) for r in rules] == [
        ("streak_challenge_ios", IOS),
        ("save_offer", IOS),
        ("streak_challenge_android", ANDROID),
        ("upgrade_nudge", ANDROID),
    ]


def test_a_pair_that_should_win_is_ranked_for_its_own_people(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "For trial users, the upgrade nudge should win over workout tips; and for at-risk users the save offer "
            "should win over re-engagement.",
        )
    )
    assert [(r.id, r.audience) for r in rules] == [
        ("upgrade_nudge", TRIAL),
        ("workout_tips", TRIAL),
        ("save_offer", AT_RISK),
        ("re_engagement", AT_RISK),
    ]
