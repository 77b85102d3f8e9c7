"""A first sentence that ranks bare programs in a chain ("A beats B for X", "For X, A beats B, and B beats C",
"X: A before B", "A > B > C", "A outranks B, and C outranks both") is the numbered list it means: every
program kept, in the order the chain says, each for the people the sentence names; a chain whose programs get
their people later, or a second ranking sentence, is left to the other readers."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.pair_chains import chain_as_list


@pytest.mark.parametrize(
    ("prompt", "ids", "scope"),
    [
        (
            "Win-back beats onboarding for cancelled users. Suppress anyone who contacted support in the last 7 days.",
            ["win_back", "onboarding"],
            T("subscription_status", "eq", "cancelled"),
        ),
        (
            "For iOS users, streak saving beats the referral ask, and the referral ask beats feature education.",
            ["streak_saving", "referral_ask", "feature_education"],
            T("device_os", "eq", "ios"),
        ),
        (
            "Among expired trials, the discount outranks feature education, and support outranks both.",
            ["support", "discount", "feature_education"],
            T("subscription_status", "eq", "expired"),
        ),
        (
            "Priority for android users: support outreach > streak saving > referral ask.",
            ["support_outreach", "streak_saving", "referral_ask"],
            T("device_os", "eq", "android"),
        ),
        (
            "Trial users: the upgrade reminder goes before the workout tips email, which beats the referral ask.",
            ["upgrade_reminder", "workout_tips_email", "referral_ask"],
            T("subscription_status", "eq", "trial"),
        ),
    ],
)
def test_a_chain_of_bare_programs_keeps_every_program_in_order(
    planner: CatalogPlanner, prompt: str, ids: list[str], scope: T
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    for rule in rules:
        assert rule.audience == scope or scope in getattr(rule.audience, "conditions", []), rule.audience


def test_a_guard_after_the_chain_reaches_its_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For iOS users, streak saving beats the referral ask, and the referral ask beats feature education. "
        "Stop the referral ask once they open the app.",
    )
    streak, referral, education = by_priority(policy)
    said = [s for s in referral.stop_conditions if "app_opened" in s.condition.model_dump_json()]
    assert said
    for other in (streak, education):
        assert all("app_opened" not in s.condition.model_dump_json() for s in other.stop_conditions)


@pytest.mark.parametrize(
    "text",
    [
        "Winback beats upsell. Winback = cancelled users, upsell = committed users on a trial.",
        "For new users, the welcome email beats the onboarding push; among trial users the nudge goes before the tips.",
        "Trial users who viewed pricing before the trial ended get the offer.",
        "The upgrade offer beats the tips email. The save offer beats the survey.",
    ],
)
def test_other_shapes_are_left_to_the_other_readers(text: str) -> None:
    assert chain_as_list(text) == text


def test_chains_each_under_their_own_people_list_every_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "cancelled users: winback > survey. expired trials: discount > education. suppress anyone w/ open tickets",
    )
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["winback", "survey", "discount", "education"]
    assert [r.audience for r in rules] == [
        T("subscription_status", "eq", "cancelled"),
        T("subscription_status", "eq", "cancelled"),
        T("subscription_status", "eq", "expired"),
        T("subscription_status", "eq", "expired"),
    ]


def test_people_after_a_comma_close_the_chain(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, "Onboarding > feature education > referral ask, for new users.")
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["onboarding", "feature_education", "referral_ask"]
    assert {r.audience.model_dump_json() for r in rules} == {
        T("activation_state", "eq", "new").model_dump_json()
    }


def test_a_chain_item_keeps_its_people_in_parentheses(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "rank for at-risk users: support check-in (if open ticket) > re-engagement push > feature education "
        "email. stop the re-engagement push once they work out again.",
    )
    support, push, email = by_priority(policy)
    assert T("open_tickets", "gte", 1) in getattr(support.audience, "conditions", [])
    assert push.audience == T("activation_state", "eq", "at_risk") == email.audience
    assert [c.channel for c in push.channels] == ["push"]


def test_a_request_naming_only_people_is_the_scope(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Prioritize for US trial users: upgrade reminder for users with 2 days or less left, then onboarding for "
        "users with no workouts.",
    )
    reminder, onboarding = by_priority(policy)
    assert (reminder.id, onboarding.id) == ("upgrade_reminder", "onboarding")
    for rule in (reminder, onboarding):
        said = rule.audience.model_dump_json()
        assert '"US"' in said and '"trial"' in said and "subscription_started" not in said
