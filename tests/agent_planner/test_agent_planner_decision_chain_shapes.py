"""Rankings of bare programs in more shapes: "First A, then B, then C, for X" (the trailing people are every
program's), "A before B, and B before anything promotional" (nothing below B to draft), and the people set
off by a dash ("an order for cancelled users - A before B") or by the request's verb ("For churned users rank
A above B")."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "ids", "shared"),
    [
        ("First onboarding, then streak saver, then upgrade nudge, for committed users",
         ["onboarding", "streak_saver", "upgrade_nudge"], "activation_state"),
        ("For trial users: first trial conversion, then feature education.",
         ["trial_conversion", "feature_education"], "subscription_status"),
        ("we need an order for cancelled users - support tickets before win back, and win back before anything "
         "promotional", ["support_tickets", "win_back"], "subscription_status"),
        ("For trial users, the upgrade nudge beats onboarding, and onboarding beats everything else.",
         ["upgrade_nudge", "onboarding"], "subscription_status"),
        ("For churned users rank the win-back offer above the survey.", ["win_back_offer", "survey"],
         "subscription_cancelled"),
        ("Among trial users prioritize the upgrade nudge over onboarding.", ["upgrade_nudge", "onboarding"],
         "subscription_status"),
    ],
)
def test_a_chain_of_bare_programs_is_their_ranked_list(
    planner: CatalogPlanner, prompt: str, ids: list[str], shared: str
) -> None:
    policy = draft_policy(planner, prompt)
    assert [r.id for r in by_priority(policy)] == ids
    assert all(shared in names for names in audiences(policy))


def test_a_program_above_both_still_goes_first(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, "For at-risk users, the save offer beats the survey, and support outranks both.")
    assert [r.id for r in by_priority(policy)] == ["support", "save_offer", "survey"]
    assert "open_tickets" in audiences(policy)[0]
