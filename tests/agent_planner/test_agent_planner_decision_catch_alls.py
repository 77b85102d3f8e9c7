"""A listed program after others that names no people and nothing the catalog reads ("then promos", "3) weekly
digest email", "(3) a general newsletter") is for everyone the programs above leave; first in a list, or
an aim about people the catalog cannot read ("celebrate birthdays"), it is still refused by name. "Before
anything else" / "ahead of everything" ranks a program first instead of naming one."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AnyOf, Not


@pytest.mark.parametrize(
    ("prompt", "first_ids"),
    [
        (
            "Priority: 1) support follow-up for users with open billing tickets 2) trial conversion push 3) weekly "
            "digest email.",
            ["support_follow_up_open", "trial_conversion_push"],
        ),
        (
            "Rank these three: (1) a win-back push for users who cancelled, (2) a checkout reminder for people "
            "who started checkout in the last 2 days, (3) a general newsletter.",
            ["win_back_push", "checkout_reminder_started"],
        ),
        (
            "Send the win-back email to cancelled users first, then the streak reminder for committed users, then "
            "promos.",
            ["win_back_email", "streak_reminder_committed"],
        ),
    ],
)
def test_a_later_program_naming_nothing_is_for_everyone_left(
    planner: CatalogPlanner, prompt: str, first_ids: list[str]
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules[:-1]] == first_ids
    rest = rules[-1].audience
    assert isinstance(rest, Not)
    left_out = rest.condition.conditions if isinstance(rest.condition, AnyOf) else [rest.condition]
    assert left_out == [r.audience for r in rules[:-1]]


@pytest.mark.parametrize(
    "prompt",
    [
        "Put the churn save for users who cancelled ahead of everything, then onboarding for new users.",
        "Onboarding for new users, but the churn save for users who cancelled goes above everything else.",
    ],
)
def test_ahead_of_everything_ranks_first(planner: CatalogPlanner, prompt: str) -> None:
    assert [r.id for r in by_priority(draft_policy(planner, prompt))] == ["churn_save", "onboarding"]
