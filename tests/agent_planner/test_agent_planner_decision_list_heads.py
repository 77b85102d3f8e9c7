"""What frames a list is not a program: a goal heading on a bullet ("Conversion: trial users get the upgrade
nudge"), a request naming its people ("Rank three plays for iOS users — …"), "Our number one priority is …",
people ranked before a colon ("At-risk users first, then new users: A for new users, B for at-risk users"),
and "tips digest — everyone else" after programs with people."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import AT_RISK, NEW, TRIAL, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Not


def test_a_goal_heading_on_a_bullet_is_no_condition(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priorities for this quarter:\n* Retention: at-risk users get the save offer\n* Conversion: trial users get "
        "the upgrade nudge\n* Activation: new users get the welcome series\nMax 3 messages a week.",
    )
    assert [(r.id, r.audience) for r in by_priority(policy)] == [
        ("save_offer", AT_RISK),
        ("upgrade_nudge", TRIAL),
        ("welcome_series", NEW),
    ]


def test_a_ranking_request_naming_people_scopes_the_programs(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Rank three plays for iOS users — the SMS program for users whose trial ends in 2 days, the email "
            "program for cancelled users, the push program for at-risk users.",
        )
    )
    ios = T("device_os", "eq", "ios")
    assert [r.id for r in rules] == ["sms_program", "email_program", "push_program"]
    assert [r.audience for r in rules][1:] == [
        AllOf(conditions=[ios, T("subscription_status", "eq", "cancelled")]),
        AllOf(conditions=[ios, AT_RISK]),
    ]


def test_number_one_priority_is_a_place_not_a_name(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Our number one priority is saving at-risk users; number two is converting trial users; number three "
            "is welcoming new users.",
        )
    )
    assert [r.audience for r in rules] == [AT_RISK, TRIAL, NEW]
    assert not any("number" in r.id for r in rules)


@pytest.mark.parametrize(
    "lead", ["At-risk users first, then new users", "Start with at-risk users, then new users"]
)
def test_people_ranked_before_a_colon_rank_the_programs_after_it(planner: CatalogPlanner, lead: str) -> None:
    rules = by_priority(
        draft_policy(planner, f"{lead}: welcome series for new users, save offer for at-risk users.")
    )
    assert [(r.id, r.audience) for r in rules] == [("save_offer", AT_RISK), ("welcome_series", NEW)]


def test_a_dashed_item_for_everyone_else_is_for_the_rest(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Rank: 1) save offer — at-risk users 2) upgrade nudge — trial users 3) tips digest — everyone else",
        )
    )
    assert [r.audience for r in rules[:2]] == [AT_RISK, TRIAL]
    assert rules[2].id == "tips_digest" and isinstance(rules[2].audience, Not)
