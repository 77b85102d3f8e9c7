"""The framing of a request is no program and no people: a Slack opener ("Hey team, quick one:"), "for X we have
A, B and C", "help me prioritise the A vs the B", "we want to upsell …"; a list's last item after "and" with no
Oxford comma ("…, a feature education email and a support check-in for anyone with …") is an item of its own."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    "prompt",
    [
        "Hey team, quick one: for at-risk users we have the save offer, a feature education email and a support "
        "check-in for anyone with an open ticket. Which order? Max 2 msgs/week.",
        "For at-risk users we run three programs: the save offer, a feature education email, and a support "
        "check-in for anyone with an open ticket. What order should they go in?",
    ],
)
def test_we_have_a_list_for_people_is_that_list_under_them(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert len(rules) == 3
    assert rules[0].purpose == "service" and T("open_tickets", "gte", 1) in rules[0].audience.conditions  # type: ignore[union-attr]
    assert [r.audience for r in rules[1:]] == [AT_RISK, AT_RISK]  # the save offer, then the education email
    assert "save_offer" in rules[1].id and "education" in rules[2].id


def test_help_me_prioritise_is_no_part_of_a_program_name(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "help me prioritise the win-back offer for cancelled users vs the feedback survey for users with low CSAT",
        )
    )
    assert rules[0].id == "win_back_offer"
    assert rules[0].audience == T("subscription_status", "eq", "cancelled")
    assert len(rules) == 2 and "prioriti" not in rules[1].id


@pytest.mark.parametrize(
    ("prompt", "ids", "audiences"),
    [
        (
            "We want to re-engage at-risk users and upsell high-intent users. Which first?",
            ["re_engage", "upsell"],
            [AT_RISK, T("upgrade_intent", "eq", "high")],
        ),
        (
            "We need to win back cancelled users and re-engage at-risk users - which comes first?",
            ["win_back", "re_engage"],
            [T("subscription_status", "eq", "cancelled"), AT_RISK],
        ),
    ],
)
def test_we_want_to_before_verb_led_programs_keeps_them_apart(
    planner: CatalogPlanner, prompt: str, ids: list[str], audiences: list[object]
) -> None:
    rules = by_priority(draft_policy(planner, prompt))  # they were one rule for both kinds of people at once
    assert [r.id for r in rules] == ids
    assert [r.audience for r in rules] == audiences
