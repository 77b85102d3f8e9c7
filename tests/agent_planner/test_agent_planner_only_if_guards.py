"""A condition said after a program ("…, but only if they have push enabled") narrows that program's people, and a
question asking only for the order ("What order makes sense?") drafts no program of its own."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


def _leaves(cond: Condition) -> list[Condition]:
    return [c for part in cond.conditions for c in _leaves(part)] if isinstance(cond, AllOf) else [cond]


@pytest.mark.parametrize(
    ("prompt", "first", "narrowed"),
    [
        (
            "Send the save offer first, but only if they have no open ticket; then the feedback survey for everyone "
            "who cancelled",
            "save_offer",
            T("open_tickets", "eq", 0),
        ),
        (
            "Rank these: win-back email for lapsed users, only if they are on iOS. Then the survey for cancelled "
            "users.",
            "win_back_email",
            T("device_os", "eq", "ios"),
        ),
        (
            "1. streak saver for committed users only when they have push enabled 2. recap email for new users",
            "streak_saver",
            T("push_enabled", "eq", True),
        ),
        # "only for people with …": a third program 'program' was drafted for them
        (
            "We want the streak saver first and only for people with push enabled; second is a recap email for "
            "committed users",
            "streak_saver",
            T("push_enabled", "eq", True),
        ),
    ],
)
def test_an_only_if_after_a_program_narrows_it(
    planner: CatalogPlanner, prompt: str, first: str, narrowed: Condition
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert len(rules) == 2
    assert rules[0].id == first
    assert narrowed in _leaves(rules[0].audience)
    assert narrowed not in _leaves(rules[1].audience)


@pytest.mark.parametrize(
    "prompt",
    [
        "Send the upgrade nudge to trial users first, but only if they have push enabled. What order makes sense?",
        "what order? upgrade nudge for trial users, only if they have push enabled",
    ],
)
def test_a_question_for_the_order_is_no_program(planner: CatalogPlanner, prompt: str) -> None:
    rules = draft_policy(planner, prompt).rules
    assert [r.id for r in rules] == ["upgrade_nudge_trial"]
    leaves = _leaves(rules[0].audience)
    assert len(leaves) == 2
    assert T("subscription_status", "eq", "trial") in leaves and T("push_enabled", "eq", True) in leaves
