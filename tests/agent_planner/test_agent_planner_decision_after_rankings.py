"""What follows a ranking in its own sentence keeps its job: "…, but the upgrade nudge only for those on iOS", "…;
the workout tips only for users who completed fewer than 3 workouts" narrow the program named (the order
turned around and 'but_upgrade_nudge' was drafted, or the tips asked for exactly one workout); "prioritise A;
fall back to B; C goes last" ranks A, B, C (a program 'trial' was drafted), and so does "A first, then B, and C
last" (B and C were one program); a channel ending a program's name
("the workout tips push") is no verb aiming at a goal (it went to people with no workout); "Holdout 20% on the
win-back email only" is that program's alone (every program held out 20%)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import TRIAL, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf


@pytest.mark.parametrize(
    ("prompt", "narrowed", "condition"),
    [
        (
            "For trial users: upgrade nudge first and workout tips second, but the upgrade nudge only for those on iOS.",
            "upgrade_nudge",
            T("device_os", "eq", "ios"),
        ),
        (
            "For trial users, upgrade nudge first, workout tips second; the workout tips only for users who completed "
            "fewer than 3 workouts.",
            "workout_tips",
            T("workouts_completed", "lt", 3),
        ),
    ],
)
def test_a_program_narrowed_after_the_ranking_keeps_its_place(
    planner: CatalogPlanner, prompt: str, narrowed: str, condition: object
) -> None:
    nudge, tips = by_priority(draft_policy(planner, prompt))
    assert (nudge.id, tips.id) == ("upgrade_nudge", "workout_tips")
    for rule in (nudge, tips):
        expected = AllOf(conditions=[TRIAL, condition]) if rule.id == narrowed else TRIAL
        assert rule.audience == expected, rule.id


@pytest.mark.parametrize(
    "prompt",
    [
        "For trial users, prioritise the upgrade nudge; fall back to workout tips; the feedback survey goes last.",
        "For trial users: prioritize the upgrade nudge, then fall back to the workout tips push, and the feedback "
        "survey last.",
        "For trial users: the upgrade nudge first, then the workout tips, and the feedback survey last.",
    ],
)
def test_preference_verbs_rank_the_programs(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id.split("_push")[0] for r in rules] == ["upgrade_nudge", "workout_tips", "feedback_survey"]
    assert all(r.audience == TRIAL or TRIAL in getattr(r.audience, "conditions", []) for r in rules)
    assert rules[1].audience == TRIAL  # "workout tips push": no one's workouts


def test_a_holdout_said_first_on_one_program_only_is_that_programs(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Priority: 1) win-back email for churned users 2) feedback survey for churned users 3) upgrade nudge for "
            "trial users. Holdout 20% on the win-back email only.",
        )
    )
    assert [(r.id, r.holdout_share) for r in rules] == [
        ("win_back_email", 0.2), ("feedback_survey", 0.0), ("upgrade_nudge", 0.0)
    ]
