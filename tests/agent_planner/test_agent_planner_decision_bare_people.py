"""A program's people said as a lifecycle state alone ("win-back for cancelled", "a discount for the expired")
or in short ("cancelled subs") are its audience: the program is kept, not merged into the one before it."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "Help me prioritize: feature education for yoga fans, streak saver for people on a 7-day streak, "
            "win-back for cancelled. Streak saver is the most important, win-back is the least.",
            ["streak_saver", "feature_education", "win_back"],
        ),
        (
            "Prioritise (highest first): support follow up for anyone with low csat; win back for cancelled subs; "
            "upsell for committed free users.",
            ["support_follow", "win_back", "upsell"],
        ),
        (
            "Rank: a discount for the expired, then the upgrade nudge for trial users.",
            ["discount", "upgrade_nudge"],
        ),
    ],
)
def test_a_state_said_alone_is_the_programs_people(
    planner: CatalogPlanner, prompt: str, ids: list[str]
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    said = {r.id: r.audience for r in rules}
    back = said.get("win_back", said.get("discount"))
    assert back in (T("subscription_status", "eq", "cancelled"), T("subscription_status", "eq", "expired"))


def test_a_referral_asked_of_named_people_is_no_audience(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "first re-engage people who haven't opened the app in 14 days, then ask committed users for a referral.",
    )
    asked = by_priority(policy)[1]
    assert asked.audience == T("activation_state", "eq", "committed")
    assert "utm_source" not in asked.model_dump_json()


def test_a_dash_between_a_listed_label_and_its_people(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Our three programs for new signups, most important first:\n* Welcome series - users who signed up in the "
        "last 3 days\n* Push permission ask - users without push enabled\n* Workout tips - everyone else",
    )
    welcome, ask, tips = by_priority(policy)
    assert (welcome.id, ask.id, tips.id) == ("welcome_series", "push_permission_ask", "workout_tips")
    assert T("push_enabled", "eq", False) in getattr(ask.audience, "conditions", [])
    assert "workouts_completed" not in tips.audience.model_dump_json()


def test_a_permission_ask_is_not_sent_by_push_alone(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "1. Push permission ask: users without push enabled\n2. Workout tips: everyone else"
    )
    ask = by_priority(policy)[0]
    assert "email" in [c.channel for c in ask.channels]
    named = draft_policy(planner, "1. win-back push for cancelled users 2. tips email for new users")
    assert [[c.channel for c in r.channels] for r in by_priority(named)] == [["push"], ["email"]]
