"""Decision prompts whose head scopes every program by a clause: "For users with an open billing ticket: A
first, then B for users who cancelled" keeps the tickets in both audiences (states alone were kept, so the
head was dropped and A went to B's people), and "For trial users we want to convert them but not annoy them.
Priority: …" scopes the programs after it (the framing sentence was skipped with its people)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner

# (prompt, the names every rule's audience must use)
SCOPED: list[tuple[str, set[str]]] = [
    (
        "For users with an open billing ticket: billing follow-up first, then the cancellation survey for users "
        "who cancelled.",
        {"open_tickets"},
    ),
    (
        "For people who opened the app yesterday but didn't work out: quick workout push first, then the streak "
        "reminder for those with a streak of 3+ days.",
        {"app_opened"},
    ),
    (
        "Among users whose trial ends in 3 days or less, rank these: the upgrade offer, the onboarding tips.",
        {"trial_days_left"},
    ),
    (
        "For trial users we want to convert them but not annoy them. Priority: upgrade offer for users who "
        "compared plans, then the second workout nudge for users with one workout.",
        {"subscription_status"},
    ),
    (
        "for ios users, we need to win them back without discounts. save offer for at-risk users, then the "
        "win-back email for cancelled users",
        {"device_os"},
    ),
]


@pytest.mark.parametrize(("prompt", "scope"), SCOPED, ids=[str(i) for i in range(len(SCOPED))])
def test_a_head_clause_scopes_every_program(planner: CatalogPlanner, prompt: str, scope: set[str]) -> None:
    got = audiences(draft_policy(planner, prompt))
    assert len(got) == 2, got
    assert all(scope <= names for names in got), got


def test_a_head_clause_the_catalog_cannot_say_is_refused_by_name(planner: CatalogPlanner) -> None:
    prompt = "For users who own a smart scale: the scale sync tip first, then the upgrade offer for trial users."
    draft = planner.draft(prompt, "decision", planner.catalog, [])
    assert not hasattr(draft, "rules"), draft
    assert "scale" in str(draft)
