"""A sentence that only ranks one of the programs ("Trial first.", "Win-back first.", "At-risk first.")
names which program wins: it moves that program to the top and scopes no other program. A scope shared by
every program is said for all ("For trial users, who goes first: ...")."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority, names, suppression_names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.lists import Enumeration
from agent.catalog_planner.rank_sentences import apply_rank_sentences

# (prompt, exact audience names by priority)
RANKED: list[tuple[str, list[set[str]]]] = [
    (
        "Who should we message first: people whose trial ends tomorrow or people who haven't opened the app "
        "in 10 days? Trial first. Don't message anyone with an open ticket.",
        [{"trial_days_left"}, {"app_opened"}],
    ),
    (
        "Which should go first: iOS users who viewed pricing or at-risk users? At-risk first.",
        [{"activation_state"}, {"device_os", "pricing_views"}],
    ),
    (
        "Who do we contact first, trial users who compared plans or users with a 7 day streak? Streak first.",
        [{"current_streak_days"}, {"subscription_status", "plan_comparisons"}],
    ),
    (
        "Upgrade offer for trial users who viewed pricing or the win-back push for users inactive 14 days? "
        "Win-back first.",
        [{"days_since_last_workout"}, {"subscription_status", "pricing_views"}],
    ),
]


@pytest.mark.parametrize(("prompt", "expected"), RANKED, ids=[r[0][:40] for r in RANKED])
def test_a_ranking_sentence_orders_programs_and_scopes_none(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]]
) -> None:
    policy = draft_policy(planner, prompt)
    assert audiences(policy) == expected


def test_a_stated_guard_beside_the_ranking_still_holds(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, RANKED[0][0])
    assert {"open_tickets"} in suppression_names(policy)


def test_a_scope_said_for_all_still_scopes_every_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users, who goes first: people who viewed pricing or people who compared plans? Pricing first.",
    )
    assert [names(r.audience) for r in by_priority(policy)] == [
        {"subscription_status", "pricing_views"},
        {"subscription_status", "plan_comparisons"},
    ]


def test_a_choice_question_after_a_scope_frames_the_alternatives(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: who should we message first, people who viewed pricing or people who started "
        "checkout? Checkout first.",
    )
    assert audiences(policy) == [
        {"subscription_status", "checkout_attempts"},
        {"subscription_status", "pricing_views"},
    ]


@pytest.mark.parametrize(
    ("tail", "items", "order", "kept"),
    [
        ("Trial first.", ["inactive users", "trial users"], ["trial users", "inactive users"], ""),
        ("Trial goes last.", ["trial users", "a", "b"], ["a", "b", "trial users"], ""),
        # a cue naming no item, or naming two, is left in the tail
        ("Users first.", ["trial users", "at-risk users"], ["trial users", "at-risk users"], "Users first."),
        (
            "Stop once they pay.",
            ["trial users", "at-risk users"],
            ["trial users", "at-risk users"],
            "Stop once they pay.",
        ),
    ],
)
def test_apply_rank_sentences_moves_only_the_named_item(
    tail: str, items: list[str], order: list[str], kept: str
) -> None:
    out = apply_rank_sentences(Enumeration("", items, tail))
    assert (out.items, out.tail) == (order, kept)


def test_a_bare_answer_to_the_question_ranks_its_item_first(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Which matters more: getting new users to a second workout or converting trial users? Converting trial "
        "users. Skip anyone with an open bug ticket.",
    )
    convert, second = by_priority(policy)
    assert convert.audience == T("subscription_status", "eq", "trial")
    # the answer names a program; it is no scope of the other one
    assert "subscription_status" not in second.audience.model_dump_json()
