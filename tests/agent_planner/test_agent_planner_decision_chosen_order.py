"""A decision prompt that asks which program should come first and states no order ("Which should win, A or
B?", "help me prioritise A vs B", "Decide the order: …") is ordered by the planner's one principle (support and
service, then retention, then activation and habit, then upsell and promotion, then feedback requests; ties
keep the order said), every program kept, the rationale in the description and an edge case. An order the
prompt states is never overruled."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.priority_principle import CHOSEN, asks_for_order, program_kind
from agent.types import Refusal


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "Which should win, an upgrade nudge for users with high purchase intent or a save offer for at-risk "
            "users? Cap at 2 messages a week.",
            ["save_offer", "upgrade_nudge"],
        ),
        (
            "What should come first for trial users: the upgrade reminder or the second-workout nudge?",
            ["second_workout_nudge", "upgrade_reminder"],
        ),
        ("Upgrade nudge vs support check-in: who should we message first?", ["support_check_in", "upgrade_nudge"]),
        (
            "Help me prioritise: onboarding for new users, upgrade offer for high-intent users, save offer for "
            "at-risk users. Cap at 3 per week.",
            ["save_offer", "onboarding", "upgrade_offer"],
        ),
        (
            "Decide the order: promotional discount for users who viewed pricing twice, save offer for at-risk "
            "users, support check-in for users with high support risk.",
            ["support_check_in", "save_offer", "promotional_discount"],
        ),
        (
            "Which is more important for expired trials, a discount offer or feature education?",
            ["feature_education", "discount_offer"],
        ),
        (
            "Which should go first for trial users, the upgrade reminder or the support check-in for people "
            "with an open billing ticket?",
            ["support_check_in_open", "upgrade_reminder"],
        ),
    ],
)
def test_an_asked_order_follows_the_principle(planner: CatalogPlanner, prompt: str, ids: list[str]) -> None:
    policy = draft_policy(planner, prompt)
    assert [r.id for r in by_priority(policy)] == ids
    [why] = [e for e in policy.edge_cases if e.startswith(CHOSEN)]
    assert "support and service first" in why
    served = why.rsplit("said in. ", 1)[1].split(" > ")  # "save_offer (retention) > upgrade_nudge (…)."
    assert [s.split(" (")[0] for s in served] == ids
    assert CHOSEN in policy.description
    overlap = next(e for e in policy.edge_cases if e.startswith("A user who qualifies"))
    assert " > ".join(ids) in overlap  # the order edge case speaks of the chosen order


def test_an_asked_order_already_in_principle_says_it_was_kept(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Who do we talk to first, users with an open bug ticket or users ready to buy?",
    )
    rules = by_priority(policy)
    assert rules[0].purpose == "service" and len(rules) == 2
    assert any(e.startswith(CHOSEN) and "kept" in e for e in policy.edge_cases)


@pytest.mark.parametrize(
    "prompt",
    [
        "Prioritize the upgrade nudge for high-intent users over the save offer for at-risk users.",
        "1) Upgrade nudge for high-intent users 2) Save offer for at-risk users. Which order works best? Max 2 a week.",
        "Help me prioritize: upgrade offer for high-intent users, save offer for at-risk users. The upgrade offer "
        "is the most important.",
        "Which should win? The upgrade nudge for high-intent users goes ahead of the save offer for at-risk users.",
        "Re-engage at-risk users by push and nudge trial users who viewed pricing towards an upgrade. Trial users "
        "who viewed pricing get priority.",
    ],
)
def test_a_stated_order_is_never_overruled(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    assert "upgrad" in by_priority(policy)[0].id
    assert len(policy.rules) == 2
    assert not any(e.startswith(CHOSEN) for e in policy.edge_cases)


@pytest.mark.parametrize(
    ("prompt", "asks"),
    [
        ("help me prioritise the win-back offer for cancelled users vs the feedback survey", True),
        ("Should the save offer or the first-workout nudge come first?", True),
        ("Win-back (cancelled users) vs upgrade nudge (high intent) -- you decide the order", True),
        ("Rank these for new users: onboarding tips, push permission ask, upgrade nudge.", True),
        ("Decide: win-back offer for cancelled users or discount for expired trials?", True),
        ("What's more important, getting new users to a second workout or getting trial users to upgrade?", True),
        ("High upgrade intent or at risk of churning: decide who gets messaged first.", True),
        ("Who completed a workout first?", False),
        ("Which users completed their first workout this week?", False),
        ("Who should get the win-back push? Users inactive for 14 days", False),
        ("Win-back beats onboarding for cancelled users.", False),
        ("Trial users who viewed pricing get priority over at-risk users.", False),
        ("Which goes first, the win-back or the survey? The win-back.", False),
        ("Order for trial users: 1. second workout nudge 2. upgrade messaging.", False),
        ("What should come first for trial users? The upgrade reminder, then the tips.", False),
    ],
)
def test_asking_for_an_order_is_told_from_stating_one(prompt: str, asks: bool) -> None:
    assert asks_for_order(prompt) is asks


def test_a_catch_all_stays_last_when_the_planner_orders(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Decide the order: upgrade offer for high-intent users, save offer for at-risk users, and workout tips "
        "for everyone else.",
    )
    rules = by_priority(policy)
    assert [r.id for r in rules[:2]] == ["save_offer", "upgrade_offer"]
    assert len(rules) == 3 and "tips" in rules[2].id


def test_kinds_come_from_the_name_before_the_people(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Which should win: the upgrade offer for users at risk of churning or the streak reminder for committed users?",
    )
    kinds = {r.id: program_kind(r) for r in policy.rules}
    assert kinds["upgrade_offer"] == "upsell/promotion"  # its people are at risk; its name is an upsell
    assert kinds["streak_reminder"] == "activation/habit"
    assert [r.id for r in by_priority(policy)] == ["streak_reminder", "upgrade_offer"]


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "Decide: win-back offer for cancelled users or discount for expired trials? No more than 2 messages a "
            "week, and keep a 10% control group.",
            ["win_back_offer", "discount_expired_trials"],
        ),
        (
            "What's more important, getting new users to a second workout or getting trial users to upgrade?",
            ["new_second_workout", "trial_upgrade"],
        ),
    ],
)
def test_a_question_of_order_is_a_decision(planner: CatalogPlanner, prompt: str, ids: list[str]) -> None:
    policy = draft_policy(planner, prompt)  # the first was refused as an audience, the second drafted one rule
    assert [r.id for r in by_priority(policy)] == ids
    assert any(e.startswith(CHOSEN) for e in policy.edge_cases)


def test_no_listed_program_is_dropped_when_the_order_is_asked(planner: CatalogPlanner) -> None:
    listed = "promo discount, onboarding, support follow-up for users with open tickets, save offer for at-risk users"
    policy = draft_policy(planner, f"Rank these for trial users: {listed}.")
    assert [r.id for r in by_priority(policy)] == ["support_follow_up_open", "save_offer_at_risk", "onboarding", "promo_discount"]
    # with no people for the bare two, they are named in a refusal (they were silently dropped)
    refusal = planner.draft(f"Order these: {listed}.", "decision", planner.catalog, [])
    assert isinstance(refusal, Refusal) and refusal.unmatched_phrases == ["promo discount", "onboarding"]
