"""A stop stated for one program by name ("Stop the re-engagement push once they complete a workout.") ends
that program only, whichever reader found the programs; "once they do X" for people who have done X before
(at-risk users have 2+ workouts) means a new X, not an all-time count they already meet."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority, stop_names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Rule

RANKED = (
    "Prioritize: support follow-up for users whose ticket was resolved with low CSAT, then a re-engagement "
    "push for at-risk users, then the yoga content series. Stop the re-engagement push once they complete a "
    "workout."
)


def _stated(rule: Rule) -> list[str]:
    return [s.condition.model_dump_json() for s in rule.stop_conditions if s.id.startswith("stated_stop")]


def test_a_stop_said_of_one_program_ends_only_that_program(planner: CatalogPlanner) -> None:
    support, push, series = by_priority(draft_policy(planner, RANKED))
    assert push.audience == T("activation_state", "eq", "at_risk")
    assert _stated(push), push.stop_conditions
    assert not _stated(support) and not _stated(series)
    assert "workouts_completed" not in stop_names(support) | stop_names(series)


def test_once_they_work_out_for_at_risk_users_means_a_new_workout(planner: CatalogPlanner) -> None:
    push = by_priority(draft_policy(planner, RANKED))[1]
    # at_risk is "2 or more workouts but none in the 10 days before": an all-time count is already met
    assert T("workouts_completed", "gte", 1) not in [s.condition for s in push.stop_conditions]
    assert [s.condition for s in push.stop_conditions if s.id.startswith("stated_stop")] == [
        T("days_since_last_workout", "lt", 10)
    ]


def test_a_named_stop_reaches_a_program_of_a_numbered_list(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "1. upgrade offer for trial users 2. win-back email for cancelled users 3. streak reminder for committed "
        "users. Stop the streak reminder once they complete a workout.",
    )
    upgrade, win_back, streak = by_priority(policy)
    assert _stated(streak)
    assert not _stated(upgrade) and not _stated(win_back)


def test_a_stop_said_of_both_reaches_every_program(planner: CatalogPlanner) -> None:
    upgrade, tour = by_priority(
        draft_policy(
            planner,
            "For trial users: the upgrade push goes before the feature tour email. Stop both once they subscribe.",
        )
    )
    assert (upgrade.id, tour.id) == (
        "upgrade_push",
        "feature_tour_email",
    )  # "goes before" splits two programs
    assert _stated(upgrade) and _stated(tour)
    assert [c.channel for c in tour.channels] == ["email"]


@pytest.mark.parametrize(
    "said",
    [
        "Exit everyone once they subscribe.",
        "Take all users out when they subscribe.",
        "Remove everybody from every program once they subscribe.",
        "Everyone exits as soon as they subscribe.",
        "Stop everything once they subscribe.",
    ],
)
def test_a_stop_said_of_everyone_reaches_every_program_and_adds_none(
    planner: CatalogPlanner, said: str
) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Trial users on iOS: first the second-workout nudge, then the upgrade offer for those who viewed pricing, "
            f"then the feature tour email. {said} Max one message per day.",
        )
    )
    assert [r.id for r in rules] == ["second_workout_nudge", "upgrade_offer_viewed", "feature_tour_email"]
    assert all(_stated(r) for r in rules), [r.stop_conditions for r in rules]


@pytest.mark.parametrize(
    "said",
    [
        "Stop sending the save offer once they work out again.",
        "The save offer should stop once they work out again.",
        "Once they work out again, stop the save offer.",
        "The save offer ends when they work out again.",
        "Exit the save offer as soon as they work out again.",
    ],
)
def test_a_named_stop_said_any_way_ends_that_program_only(planner: CatalogPlanner, said: str) -> None:
    policy = draft_policy(
        planner,
        "Prioritize: the upgrade nudge for trial users, then the save offer for at-risk users, then the yoga series "
        f"for yoga fans. {said}",
    )
    nudge, save, yoga = by_priority(policy)
    assert (nudge.id, save.id, yoga.id) == ("upgrade_nudge", "save_offer", "yoga_series")
    assert [s.condition for s in save.stop_conditions if s.id.startswith("stated_stop")] == [
        T("days_since_last_workout", "lt", 10)
    ]
    assert not _stated(nudge) and not _stated(yoga)


def test_guards_run_on_after_a_comma_stay_apart(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Trial users get the upgrade nudge, at-risk users get the save offer, and new users get the welcome series "
        "- in that order. Stop the welcome series after their first workout, suppress the save offer for anyone "
        "with an open ticket.",
    )
    welcome = next(r for r in policy.rules if r.id == "welcome_series")
    assert [s.condition for s in welcome.stop_conditions] == [T("workouts_completed", "gte", 1)]
    named = [s.applies_to for s in policy.suppressions if s.condition == T("open_tickets", "gte", 1)]
    assert ["save_offer"] in named
