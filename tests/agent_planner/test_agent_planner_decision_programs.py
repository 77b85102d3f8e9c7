"""Decision prompts whose programs are named by their goal ("reduce churn", "drive annual upgrades"), led by
a verb ("win back", "reactivate", "launch ... in"), told apart by their audiences ("A vs B: which goes
first?", "users who X should be prioritized over users who Y"), or with a program for "everyone else". Each
program gets its own audience; goals give their stop ("reduce churn" stops once the risk state clears)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import assert_audiences, by_priority, stop_names
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner

PROGRAMS: list[tuple[str, list[set[str]]]] = [
    (
        "Users whose trial expired without converting should get a win-back offer; stop it as soon as they "
        "subscribe. Trial users who are still on trial get the conversion nudge first.",
        [{"subscription_status"}, {"subscription_status", "subscription_started"}],
    ),
    (
        "Lapsed users who haven't worked out in 14 days get a reactivation push; stop it once they complete a "
        "workout. It outranks the weekly digest for everyone else.",
        [{"days_since_last_workout"}, {"days_since_last_workout"}],
    ),
    (
        "Re-engage users inactive for 21+ days before any upgrade messaging, and stop the re-engagement when "
        "they log a workout.",
        [{"days_since_last_workout"}, {"subscription_status"}],
    ),
    (
        "Protect users from message fatigue: anyone with 3 or more messages this week gets nothing. Otherwise "
        "the upgrade nudge for high intent users beats the streak reminder for committed users.",
        [{"upgrade_intent"}, {"activation_state"}],
    ),
    (
        "Launch the annual plan in the US first, then Canada, then Great Britain. Skip users who opted out.",
        [{"country"}, {"country"}, {"country"}],
    ),
    (
        "Welcome new users and convert trial users: new users come first when someone is both. Write "
        "suppressions and stop conditions.",
        [{"activation_state"}, {"subscription_status"}],
    ),
    (
        "Three-way: onboarding for brand new users, conversion for trial users, retention for at-risk users. "
        "Retention first, conversion second, onboarding last.",
        [{"activation_state"}, {"subscription_status"}, {"activation_state"}],
    ),
    (
        # asked, not said: retention (at risk) before upsell (high intent), whichever was said first
        "High upgrade intent or at risk of churning: decide who gets messaged first, with at most 2 messages "
        "per week.",
        [{"activation_state"}, {"upgrade_intent"}],
    ),
    (
        "High-intent users vs at-risk users: which gets the message first? Cap at 2 messages per week.",
        [{"activation_state"}, {"upgrade_intent"}],
    ),
    (
        "Should at-risk users or users with high upgrade intent be messaged first?",
        [{"activation_state"}, {"upgrade_intent"}],
    ),
    (
        "Rank the upgrade offer for high-intent users against the save offer for at-risk users, with a cap of "
        "2 messages per week.",
        [{"upgrade_intent"}, {"activation_state"}],
    ),
    (
        "Users who started checkout but did not subscribe should be prioritized over users who only viewed "
        "pricing.",
        [{"checkout_attempts", "subscription_started"}, {"pricing_views"}],
    ),
    (
        "Reactivate lapsed users (no workout in 14+ days) ahead of the upgrade push for trial users; stop the "
        "reactivation as soon as they complete a workout.",
        [{"days_since_last_workout"}, {"subscription_status"}],
    ),
    (
        "Prioritize checkout abandoners over pricing-page viewers: users who started checkout but didn't "
        "subscribe get a reminder before users who only viewed pricing get a nudge.",
        [{"checkout_attempts"}, {"pricing_views"}],
    ),
    (
        "Win back expired trial users with a discount, but prioritize converting trial users first. Stop the "
        "win-back once they subscribe.",
        [{"subscription_status"}, {"subscription_status"}],
    ),
    (
        "New users should get the welcome series and trial users the trial conversion email; welcome comes "
        "first for users who are both.",
        [{"activation_state"}, {"subscription_status"}],
    ),
    (
        "Three lifecycle programs compete: onboarding for new users, habit building for activated users, and "
        "win-back for at-risk users. Win-back wins, then onboarding, then habit building.",
        [{"activation_state"}, {"activation_state"}, {"activation_state"}],
    ),
    (
        "I need a policy for lapsed users: anyone who hasn't completed a workout in 14 days gets a reactivation "
        "push, but stop as soon as they complete a workout. Upgrade offers for trial users come after that.",
        [{"workout_completed"}, {"subscription_status"}],
    ),
    (
        "Our new launch is in Germany and France. German users go first, then French users, then the US.",
        [{"country"}, {"country"}, {"country"}],
    ),
    (
        "Push vs email for the upgrade nudge: push to users with push enabled, email to the rest. The push "
        "version wins.",
        [{"push_enabled"}, {"push_enabled"}],
    ),
    (
        "Which matters more, getting new users to a second workout or upgrading trial users with 3 days left? "
        "Second workout first. Stop each when its goal is reached.",
        [{"workouts_completed"}, {"trial_days_left"}],
    ),
    (
        # "we have X for ...": the program is what follows the preamble
        "We have a winback email for users inactive for 10 days and a streak badge for people on a 5+ day "
        "streak. When someone qualifies for both, the streak badge should win.",
        [{"current_streak_days"}, {"days_since_last_workout"}],
    ),
]


@pytest.mark.parametrize(("prompt", "expected"), PROGRAMS, ids=[str(i) for i in range(len(PROGRAMS))])
def test_each_program_gets_its_own_audience_in_priority_order(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]]
) -> None:
    assert_audiences(draft_policy(planner, prompt), expected)


def test_reduce_churn_is_the_catalogs_risk_state_until_it_clears(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "Reducing churn is most important, then driving upgrades among trial users."
    )
    churn, upgrade = by_priority(policy)
    assert churn.audience == T("activation_state", "eq", "at_risk")
    assert [s.condition for s in churn.stop_conditions] == [T("activation_state", "ne", "at_risk")]
    assert "subscription_status" in stop_names(upgrade)


def test_the_ranked_audience_order_is_the_stated_one(planner: CatalogPlanner) -> None:
    rules = by_priority(draft_policy(planner, PROGRAMS[6][0]))
    assert [r.audience for r in rules] == [
        T("activation_state", "eq", "at_risk"),
        T("subscription_status", "eq", "trial"),
        T("activation_state", "eq", "new"),
    ]


def test_a_pronoun_stop_goes_to_the_program_before_it(planner: CatalogPlanner) -> None:
    conversion, win_back = by_priority(draft_policy(planner, PROGRAMS[0][0]))
    assert any(s.id == "stated_stop" for s in win_back.stop_conditions)
    assert not any(s.id == "stated_stop" for s in conversion.stop_conditions)


def test_an_open_ticket_audience_is_served_not_suppressed(planner: CatalogPlanner) -> None:
    prompt = (
        "Billing issues first: users with an open billing ticket get a service message, everyone else on trial "
        "gets the upgrade email."
    )
    policy = draft_policy(planner, prompt)
    service = by_priority(policy)[0]
    assert service.purpose == "service"
    assert "open_tickets" in stop_names(service)
    ticket_guard = next(s for s in policy.suppressions if s.id == "open_support_ticket")
    assert ticket_guard.applies_to != "all" and service.id not in ticket_guard.applies_to


def test_a_stop_on_a_windowed_wait_ends_the_wait(planner: CatalogPlanner) -> None:
    reactivation = by_priority(draft_policy(planner, PROGRAMS[17][0]))[0]
    stated = next(s for s in reactivation.stop_conditions if s.id == "stated_stop")
    assert stated.condition == E("workout_completed", "gte", 1, within=14)


@pytest.mark.parametrize(
    "prompt",
    [
        "If a user has an open billing ticket, don't send them any marketing. Prioritize the upgrade offer for "
        "trial users over the save offer for at-risk users.",
        "Too many messages: if someone got 5 or more messages in the last 7 days, skip them. Otherwise "
        "prioritize the second-workout nudge over the upgrade offer.",
    ],
)
def test_an_if_then_skip_sentence_is_a_suppression_not_a_program(
    planner: CatalogPlanner, prompt: str
) -> None:
    policy = draft_policy(planner, prompt)
    assert len(policy.rules) == 2
    stated = [s for s in policy.suppressions if s.id not in ("marketing_opt_out", "open_support_ticket")]
    assert len(stated) == 1 and stated[0].applies_to == "all"
