"""Decision prompts phrased without numbered items: comma lists, "which should win", "first, then, finally",
"X beats Y", "most important", "A ranks below B", audiences ranked by country. Each gives one rule per
program, in the priority the prompt states, each audience using the catalog entries the program names."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import assert_audiences, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AnyOf, Not

ORDERED: list[tuple[str, list[set[str]]]] = [
    (
        "For trial users, prioritise: second workout, support issues, upgrade messaging. Include suppressions "
        "and stop conditions.",
        [
            {"subscription_status", "workouts_completed"},
            {"subscription_status", "open_tickets"},
            {"subscription_status"},
        ],
    ),
    (
        "Trial users: help them finish a second workout, resolve their support tickets, and push the upgrade, "
        "in that order.",
        [{"workouts_completed"}, {"open_tickets"}, {"subscription_status"}],
    ),
    (
        "Which should win: the save offer for at-risk users or the annual plan email for trial users who "
        "compared plans?",
        [{"activation_state"}, {"subscription_status", "plan_comparisons"}],
    ),
    (
        "Nudge people who viewed pricing but didn't start checkout, and win back lapsed users who haven't "
        "worked out in 21 days. The win-back beats the nudge.",
        [{"days_since_last_workout"}, {"pricing_views", "checkout_attempts"}],
    ),
    (
        "Remind users who started checkout in the last 7 days and nudge users who viewed pricing twice; "
        "checkout reminders come first.",
        [{"checkout_started"}, {"pricing_views"}],
    ),
    (
        "First handle open support tickets, then reduce churn among at-risk users, finally drive annual "
        "upgrades for trial users.",
        [{"open_tickets"}, {"activation_state"}, {"subscription_status"}],
    ),
    (
        "First welcome users who signed up in the last 3 days, then get activated users to a 5-day streak, "
        "finally upsell committed users.",
        [{"days_since_signup"}, {"activation_state", "current_streak_days"}, {"activation_state"}],
    ),
    (
        "Reducing churn is most important, then driving upgrades among trial users.",
        [{"activation_state"}, {"subscription_status"}],
    ),
    (
        "Most important: keep at-risk users from churning. Next: convert trial users with high upgrade intent. "
        "Last: celebrate users with a 7-day streak.",
        [{"activation_state"}, {"subscription_status", "upgrade_intent"}, {"current_streak_days"}],
    ),
    (
        "We want to reduce churn, drive annual upgrades and grow referrals; referrals matter most, churn least.",
        [{"utm_source"}, {"subscription_status"}, {"activation_state"}],
    ),
    (
        "Win back cancelled users, re-engage at-risk members, and welcome newcomers, in that order.",
        [{"subscription_status"}, {"activation_state"}, {"activation_state"}],
    ),
    (
        "Launch priority: users in Germany first, then users in France, then everyone else.",
        [{"country"}, {"country"}, {"country"}],
    ),
    (
        "Roll out the running challenge by country: US users first, then UK, then Canada.",
        [{"country"}, {"country"}, {"country"}],
    ),
    (
        "Trial expired users should get a win-back offer, new users a welcome series, and trial users a "
        "conversion nudge; win-back is top priority, welcome second.",
        [{"subscription_status"}, {"activation_state"}, {"subscription_status"}],
    ),
    (
        "Upgrade messaging for trial users ranks below the support follow-up for users with open tickets.",
        [{"open_tickets"}, {"subscription_status"}],
    ),
    (
        "Help users complete a second workout before pushing upgrades to trial users.",
        [{"workouts_completed"}, {"subscription_status"}],
    ),
    (
        "Priority one is users on trial with 2 days left; after that, users who compared plans in the last 14 "
        "days; lowest priority is everyone with a 3-day streak.",
        [{"trial_days_left"}, {"plan_compared"}, {"current_streak_days"}],
    ),
    (
        "Winning back cancelled subscribers matters more than upselling free users.",
        [{"subscription_status"}, {"subscription_status"}],
    ),
    (
        "The save offer for at-risk users beats the streak reward for committed users, which beats the welcome "
        "email for new users.",
        [{"activation_state"}, {"activation_state"}, {"activation_state"}],
    ),
    (
        "Drive annual upgrades for users with high upgrade intent, then reduce churn among subscribers, and "
        "finally celebrate users with 20 workouts.",
        [{"upgrade_intent"}, {"activation_state", "subscription_status"}, {"workouts_completed"}],
    ),
    (
        "Android users who haven't opened the app in 14 days should get a re-engagement push, and iOS users "
        "with push disabled an email; Android goes first.",
        [{"device_os", "app_opened"}, {"device_os", "push_enabled"}],
    ),
    (
        "Top priority: open tickets. Second: trial users with 3 or fewer days left. Third: lapsed users who "
        "haven't worked out in 30 days.",
        [{"open_tickets"}, {"trial_days_left"}, {"days_since_last_workout"}],
    ),
    (
        "Email users who compared plans first, then push users who started a workout but have fewer than 2 "
        "workouts.",
        [{"plan_comparisons"}, {"workout_started", "workouts_completed"}],
    ),
]


def test_a_channel_verb_leading_an_item_is_its_channel(planner: CatalogPlanner) -> None:
    prompt = ORDERED[-1][0]
    rules = by_priority(draft_policy(planner, prompt))
    assert [[step.channel for step in r.channels] for r in rules] == [["email"], ["push"]]
    assert all(s.condition.model_dump().get("event") != "workout_started" for s in rules[1].stop_conditions)


@pytest.mark.parametrize(("prompt", "expected"), ORDERED, ids=[str(i) for i in range(len(ORDERED))])
def test_decision_rules_follow_the_stated_priority(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]]
) -> None:
    assert_audiences(draft_policy(planner, prompt), expected)


def test_everyone_else_is_the_complement_of_the_rules_before(planner: CatalogPlanner) -> None:
    prompt = "Launch priority: users in Germany first, then users in France, then everyone else."
    rules = by_priority(draft_policy(planner, prompt))
    countries = [T("country", "eq", "DE"), T("country", "eq", "FR")]
    assert rules[2].audience == Not(condition=AnyOf(conditions=countries))


def test_a_country_list_does_not_scope_every_rule_to_the_first_country(planner: CatalogPlanner) -> None:
    rules = by_priority(draft_policy(planner, "Users in Germany first, then users in France."))
    assert [r.audience.model_dump()["value"] for r in rules] == ["DE", "FR"]
