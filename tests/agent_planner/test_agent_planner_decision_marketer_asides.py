"""Decision prompts with a marketer's asides around the ranking: a reason in brackets ("(conversion)") is no
condition (it asked for trial users who had already subscribed); a place in brackets ("comeback challenge
(top), discount offer (second)") ranks like "first/second" (the prompt was refused as one audience); a
definition in brackets after the shared people is kept with them (the ranking was lost); "A beats both"
ranks A over the rest (it drafted programs named "both"); "X get nothing but A" gives A to X (A was held back
from its own people)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority, names
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    "prompt",
    [
        "1. win-back email for cancelled subscribers (they already know us)\n2. save offer for at-risk users\n"
        "3. upgrade nudge for trial users (conversion)",
        "Upgrade nudge for trial users (conversion) beats the streak saver for users with a 5-day streak "
        "(retention).",
    ],
)
def test_a_reason_in_brackets_is_no_condition(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    trial = next(r for r in policy.rules if r.id == "upgrade_nudge")
    assert names(trial.audience) == {"subscription_status"}


@pytest.mark.parametrize(
    ("prompt", "first", "count"),
    [
        ("For lapsed subscribers: comeback challenge (top), discount offer (second).", "comeback_challenge", 2),
        ("for ios users: streak saver (second), upgrade offer (top), tips digest (last)", "upgrade_offer", 3),
    ],
)
def test_a_place_in_brackets_ranks(planner: CatalogPlanner, prompt: str, first: str, count: int) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert len(rules) == count
    assert rules[0].id == first


def test_a_definition_in_brackets_after_the_shared_people_keeps_the_ranking(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "hey - for lapsed users (no workout in 21+ days) we want a comeback push first and a win-back email "
        "second.",
    )
    assert [r.id for r in by_priority(policy)] == ["comeback_push", "win_back_email"]
    assert all("workout_completed" in a for a in audiences(policy))


@pytest.mark.parametrize(
    ("prompt", "first"),
    [
        (
            "Committed users get the referral ask, retained users get the anniversary badge, at-risk users get "
            "the save offer. At-risk beats both.",
            "save_offer",
        ),
        (
            "Yoga lovers get the class pass, runners get the 5k plan, cyclists get the ride challenge. The ride "
            "challenge trumps the other two.",
            "ride_challenge",
        ),
    ],
)
def test_a_program_over_all_the_others_is_ranked_first(planner: CatalogPlanner, prompt: str, first: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert len(rules) == 3
    assert rules[0].id == first


@pytest.mark.parametrize(
    ("prompt", "support"),
    [
        (
            "Our support team is swamped. Users with open tickets should get nothing but the support follow-up. "
            "Then: save offer for at-risk users, upgrade offer for trial users.",
            "support_follow_up",
        ),
        (
            "anyone with an open billing ticket gets nothing except the billing check-in; trial users get the "
            "upgrade offer",
            "billing_check_in",
        ),
    ],
)
def test_nothing_but_a_program_gives_that_program(planner: CatalogPlanner, prompt: str, support: str) -> None:
    policy = draft_policy(planner, prompt)
    rule = by_priority(policy)[0]
    assert rule.id == support and "open_tickets" in names(rule.audience)
    held = [
        s
        for s in policy.suppressions
        if "open_tickets" in names(s.condition) and (s.applies_to == "all" or support in s.applies_to)
    ]
    assert not held, held  # the ticket hold spares the program for people with tickets
