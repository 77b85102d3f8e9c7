"""Choosing between programs is a decision ("We're deciding between two plays for at-risk members: A or B",
"There are two campaigns for iOS users: A and B", "When a user qualifies for both A and B, send A"), and a
sentence that picks one of the listed programs ("Go with B.") ranks it first; people described as eligible
for both of two channels are still an audience."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "We're deciding between two plays for at-risk members: a coach check-in or a discount offer",
            ["coach_check_in", "discount_offer"],
        ),
        (
            "We're choosing between two plays for at-risk members: a coach check-in or a discount offer. "
            "We'd pick the discount offer.",
            ["discount_offer", "coach_check_in"],
        ),
        (
            "Either the streak reminder or the upgrade offer for iOS users \u2014 pick the upgrade offer.",
            ["upgrade_offer", "streak_reminder"],
        ),
        (
            "What should win for at-risk users, the save offer or the coach check-in? The coach check-in.",
            ["coach_check_in", "save_offer"],
        ),
        (
            "There are two campaigns for iOS users: a streak reminder and an upgrade offer. Go with the upgrade offer.",
            ["upgrade_offer", "streak_reminder"],
        ),
        (
            "There are two campaigns for iOS users: a streak reminder and an upgrade offer. The upgrade offer wins.",
            ["upgrade_offer", "streak_reminder"],
        ),
    ],
)
def test_choosing_between_programs_is_a_decision(
    planner: CatalogPlanner, prompt: str, ids: list[str]
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    at_risk = T("activation_state", "eq", "at_risk")
    ios = T("device_os", "eq", "ios")
    for rule in rules:
        conditions = getattr(rule.audience, "conditions", [rule.audience])
        assert at_risk in conditions or ios in conditions, rule.audience


@pytest.mark.parametrize(
    "prompt",
    [
        "Users eligible for both email and push in Germany",
        "Send a nudge to users who qualify for both trial and push",
    ],
)
def test_people_eligible_for_both_channels_stay_an_audience(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "eligibility"


@pytest.mark.parametrize(
    ("prompt", "ids", "winner_people"),
    [
        (
            "When a user qualifies for both the win-back email (lapsed users) and the referral push (users with 3+ "
            "workouts), send the referral push.",
            ["referral_push", "win_back_email"],
            T("workouts_completed", "gte", 3),
        ),
        (
            "For iOS users: when someone qualifies for both the streak reminder (users with a streak) and the upgrade "
            "offer (users who viewed pricing), send the upgrade offer. Max one message per day.",
            ["upgrade_offer", "streak_reminder"],
            T("pricing_views", "gte", 1),
        ),
        (
            "Between the referral ask for users with 3+ workouts and the upgrade offer for trial users, prefer the "
            "upgrade offer.",
            ["upgrade_offer", "referral_ask"],
            T("subscription_status", "eq", "trial"),
        ),
        (
            "If a member is in both the yoga series for yoga fans and the save offer for at-risk users, send them the "
            "save offer.",
            ["save_offer", "yoga_series"],
            T("activation_state", "eq", "at_risk"),
        ),
    ],
)
def test_the_program_picked_for_the_overlap_ranks_first_with_its_own_people(
    planner: CatalogPlanner, prompt: str, ids: list[str], winner_people: object
) -> None:
    winner, other = by_priority(draft_policy(planner, prompt))
    assert [winner.id, other.id] == ids
    conditions = getattr(winner.audience, "conditions", [winner.audience])
    assert winner_people in conditions, winner.audience
    assert winner_people not in getattr(other.audience, "conditions", [other.audience])


def test_sending_them_something_now_stays_out_of_scope(planner: CatalogPlanner) -> None:
    assert planner.classify("Send them the save offer now", planner.catalog) == "out_of_scope"
    assert planner.classify("Send them all the messages", planner.catalog) == "out_of_scope"


@pytest.mark.parametrize(
    ("prompt", "stop"),
    [
        (
            "Which should go first for trial users, the upgrade nudge or the coach check-in? Pick the coach check-in, "
            "and stop it once they complete 3 workouts.",
            T("workouts_completed", "gte", 3),
        ),
        (
            "For trial users, the upgrade nudge or the coach check-in? We'd go with the coach check-in but stop it "
            "after their second workout.",
            T("workouts_completed", "gte", 2),
        ),
    ],
)
def test_a_guard_said_of_the_pick_is_the_picked_programs(
    planner: CatalogPlanner, prompt: str, stop: object
) -> None:
    check_in, nudge = by_priority(draft_policy(planner, prompt))
    assert (check_in.id, nudge.id) == ("coach_check_in", "upgrade_nudge")
    assert stop in [s.condition for s in check_in.stop_conditions]
    assert stop not in [s.condition for s in nudge.stop_conditions]
