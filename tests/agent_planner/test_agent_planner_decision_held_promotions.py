"""What people should not get beside their programs is no program: "Never send promotions to them.", ", nothing
promotional" are said in the edge cases (a program 'never_promotions' was drafted, or the last one was named
'save_offer_second'); "For users with an open bug ticket, only the support follow-up should go out. For everyone
else: A for X first, B for Y second." ranks the follow-up for those people first and each program after it
for its own people (the follow-up was dropped, the story before it read as a rank by 'last release')."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import NEW, TRIAL, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "For users with low CSAT: apology email first, then the feedback survey. Never send promotions to them.",
            ["apology_email", "feedback_survey"],
        ),
        (
            "For users with 2+ tickets in the last 30 days: support check-in first, save offer second, nothing "
            "promotional.",
            ["support_check_in", "save_offer"],
        ),
    ],
)
def test_held_promotions_are_an_edge_case_not_a_program(planner: CatalogPlanner, prompt: str, ids: list[str]) -> None:
    policy = draft_policy(planner, prompt)
    assert [r.id for r in by_priority(policy)] == ids
    assert any(e.startswith("Said: '") and "No promotion is drafted" in e for e in policy.edge_cases)


def test_only_one_program_for_some_people_then_the_rest(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Our support team has been flooded since the last release. For users with an open bug ticket, only the "
        "support follow-up should go out. For everyone else: upgrade nudge for trial users first, workout tips for "
        "new users second.",
    )
    follow_up, nudge, tips = by_priority(policy)
    assert (follow_up.id, nudge.id, tips.id) == ("support_follow_up", "upgrade_nudge", "workout_tips")
    assert follow_up.purpose == "service" and (nudge.audience, tips.audience) == (TRIAL, NEW)


def test_a_heading_for_everyone_else_gives_each_program_its_own_people(planner: CatalogPlanner) -> None:
    follow_up, nudge, tips = by_priority(
        draft_policy(
            planner,
            "For users with an open billing ticket: billing follow-up first. Everyone else: upgrade nudge for trial "
            "users, then workout tips for new users.",
        )
    )
    assert follow_up.id == "billing_follow_up" and follow_up.purpose == "service"
    assert (nudge.audience, tips.audience) == (TRIAL, NEW)  # not the ticket people's
