"""A channel said of one program ("Send onboarding by in-app only", "In-app only for onboarding", "Re-engagement
should never go by email", a list item's "- push only") is that program's, not every rule's; and the edge
cases describe the final channels, holdouts and order."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


def _channels(planner: CatalogPlanner, prompt: str) -> list[list[str]]:
    return [[step.channel for step in r.channels] for r in by_priority(draft_policy(planner, prompt))]


@pytest.mark.parametrize(
    "prompt",
    [
        "Rank for new users: 1. onboarding for users with no workouts 2. streak saver for users on a 2+ day "
        "streak. Send onboarding by in-app only.",
        "For web users, rank: onboarding (no workouts yet), win-back (cancelled). In-app only for onboarding.",
        "Onboarding for users with no workouts first, then win-back for cancelled users. Only in-app for the onboarding.",
    ],
)
def test_an_only_channel_said_of_one_program_is_that_programs(planner: CatalogPlanner, prompt: str) -> None:
    first, second = _channels(planner, prompt)
    assert first == ["in_app"]
    assert "in_app" not in second


@pytest.mark.parametrize(
    ("prompt", "barred"),
    [
        # "Order these" asks for the order: re-engagement (retention) comes before trial conversion (upsell)
        ("Order these for Android users: trial conversion for trialing users, re-engagement for users inactive "
         "14+ days. Trial conversion should never go by email.", "email"),
        ("Win-back for cancelled users first, then the streak saver for users with a 5+ day streak. No push for "
         "the streak saver.", "push"),
        ("Rank: win-back for cancelled users, then re-engagement for users inactive 7+ days. Never send the "
         "re-engagement by email.", "email"),
    ],
)
def test_a_channel_barred_from_one_program_leaves_the_others(planner: CatalogPlanner, prompt: str, barred: str) -> None:
    first, second = _channels(planner, prompt)
    assert second and barred not in second
    assert first != second or barred not in first  # the first keeps its own plan
    assert first == _channels(planner, prompt.rsplit(".", 2)[0] + ".")[0]


def test_each_list_line_keeps_its_own_only_channel(planner: CatalogPlanner) -> None:
    prompt = (
        "1) Win-back - cancelled users - email only\n"
        "2) Re-engagement - inactive 14+ days - push only\n"
        "3) Upgrade nudge - high intent - email"
    )
    assert _channels(planner, prompt) == [["email"], ["push"], ["email"]]
    # a closing "Email only." below the list, or a bullet of settings alone, is every rule's
    assert _channels(planner, "- Win-back: cancelled users\n- Streak saver: users on a 3+ day streak\nEmail only.") == [
        ["email"],
        ["email"],
    ]
    settings_bullets = "- Win-back: cancelled users\n- Streak saver: users on a 3+ day streak\n- Email only\n- Hold out 20%"
    assert _channels(planner, settings_bullets) == [["email"], ["email"]]
    assert [r.holdout_share for r in draft_policy(planner, settings_bullets).rules] == [0.2, 0.2]


def test_edge_cases_describe_the_final_channels_holdouts_and_order(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Rank for new users: 1. onboarding for users with no workouts 2. streak saver for users on a 2+ day "
        "streak. Send onboarding by in-app only. Hold out 15% of the onboarding.",
    )
    push = next(e for e in policy.edge_cases if e.startswith("Push disabled"))
    assert "onboarding" not in push and "streak_saver" in push
    held = next(e for e in policy.edge_cases if e.startswith("Holdout:"))
    assert "onboarding 15%" in held and "streak_saver 10%" in held
    ordered = draft_policy(
        planner, "- Onboarding: new users\n- Streak saver: users with a 3+ day streak\nOrder: streak saver, onboarding."
    )
    assert by_priority(ordered)[0].id == "streak_saver"
    overlap = ordered.edge_cases[0]
    assert "(streak_saver > onboarding)" in overlap
    pushed_only = draft_policy(
        planner, "Rank: win-back for cancelled users, then re-engagement for users inactive 7+ days. Push only."
    )
    assert any("by push alone" in e for e in pushed_only.edge_cases)


@pytest.mark.parametrize(
    ("prompt", "shares"),
    [
        ("Priority for iOS users: 1) upgrade nudge for high intent (hold out 20%), 2) streak saver for users with "
         "a 5+ day streak (hold out 5%).", [0.2, 0.05]),
        ("Rank: win-back (20% holdout) for cancelled users, then streak saver for users on a 3+ day streak", [0.2, 0.1]),
        ("Win-back for cancelled users first, then the survey for cancelled users. Keep a 15% holdout on the win-back.",
         [0.15, 0.1]),
        ("Put the upgrade nudge for high intent users ahead of the streak saver for users on a 3+ day streak, with a "
         "10% holdout on the upgrade nudge only.", [0.1, 0.0]),
    ],
)
def test_a_holdout_said_of_one_program_is_that_programs(
    planner: CatalogPlanner, prompt: str, shares: list[float]
) -> None:
    policy = draft_policy(planner, prompt)
    rules = by_priority(policy)
    assert [r.holdout_share for r in rules] == shares
    assert all("hold" not in r.id for r in rules)  # the bracket is no part of a program's name or people
    held = next(e for e in policy.edge_cases if e.startswith("Holdout:"))
    assert f"{rules[0].id} {shares[0]:.0%}" in held
