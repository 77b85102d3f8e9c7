"""Unnumbered decision prompts: named programs, each with its own audience, stated order, guards, channels."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, Policy

HIGH = T("upgrade_intent", "eq", "high")
AT_RISK = T("activation_state", "eq", "at_risk")
TRIAL = T("subscription_status", "eq", "trial")
EXPIRED = T("subscription_status", "eq", "expired")



def order(policy: Policy) -> list[tuple[str, int, Condition]]:
    return [(r.id, r.priority, r.audience) for r in sorted(policy.rules, key=lambda r: r.priority)]


@pytest.mark.parametrize(
    "prompt",
    [
        "Users with high upgrade intent should get the upgrade offer, and users at risk of churning should get "
        "the save offer; the upgrade offer wins.",
        "Which should win, the upgrade offer for users with high intent or the save offer for at-risk users? "
        "The upgrade offer wins.",
        "The save offer for at-risk users (lowest priority), the upgrade offer for users with high intent (top priority).",
        "At-risk users should get the save offer and high intent users should get the upgrade offer. "
        "The upgrade offer ranks above the save offer.",
        "The upgrade offer for users with high upgrade intent over the save offer for users at churn risk",
    ],
)
def test_two_programs_each_with_its_audience_in_the_stated_order(
    planner: CatalogPlanner, prompt: str
) -> None:
    policy = draft_policy(planner, prompt)
    assert order(policy) == [("upgrade_offer", 1, HIGH), ("save_offer", 2, AT_RISK)]
    upgrade = policy.rules[0] if policy.rules[0].id == "upgrade_offer" else policy.rules[1]
    assert [s.condition for s in upgrade.stop_conditions] == [T("subscription_status", "eq", "active")]


def test_labels_the_catalog_does_not_know_are_names_not_conditions(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "A launch offer for users in Brazil, ranked above the general welcome series for trial users.",
    )
    assert order(policy) == [("launch_offer", 1, T("country", "eq", "BR")), ("welcome_series", 2, TRIAL)]


def test_guards_stops_channels_and_cap(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Send the upgrade offer by push for users with push enabled, by email otherwise, to trial users with high "
        "intent but not if they have more than 2 open tickets, and the winback email to users whose trial expired "
        "without paying until they subscribe; upgrade first. Skip anyone who received more than 5 messages this "
        "week. No more than 2 messages a week.",
    )
    assert order(policy) == [
        ("upgrade_offer", 1, AllOf(conditions=[TRIAL, HIGH])),
        ("winback_email", 2, EXPIRED),
    ]
    upgrade, winback = policy.rules
    assert [c.channel for c in upgrade.channels] == ["push", "email"]
    assert upgrade.channels[1].only_if == "previous_not_opened"
    assert [c.channel for c in winback.channels] == ["email"]
    assert winback.stop_conditions[0].condition == T("subscription_status", "eq", "active")
    stated = {s.id: (s.condition, s.applies_to) for s in policy.suppressions}
    assert stated["received_5_week"] == (T("messages_received_7d", "gt", 5), "all")
    assert (T("open_tickets", "gt", 2), ["upgrade_offer"]) in stated.values()
    assert policy.frequency_cap is not None and policy.frequency_cap.max_sends == 2


def test_a_stated_suppression_replaces_the_default_one(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Onboarding nudges for new users until they complete a second workout, and trial conversion emails for "
        "trial users; onboarding wins. Never while they have an open support ticket.",
    )
    assert [r.id for r in policy.rules] == ["onboarding_nudges", "trial_conversion_emails"]
    assert [s.condition for s in policy.rules[0].stop_conditions] == [T("workouts_completed", "gte", 2)]
    assert [s.condition for s in policy.suppressions].count(T("open_tickets", "gte", 1)) == 1


def test_an_unmapped_condition_phrase_is_refused_by_name(planner: CatalogPlanner) -> None:
    refusal = planner.draft(
        "The upgrade offer for users with a gold badge, and the save offer for at-risk users; upgrade wins.",
        "decision",
        planner.catalog,
        [],
    )
    assert isinstance(refusal, Refusal)
    assert any("gold badge" in p for p in refusal.unmatched_phrases)


def test_one_program_with_a_stated_stop_is_an_eligibility_rule(planner: CatalogPlanner) -> None:
    rule = planner.draft(
        "Reactivation push for lapsed users who haven't worked out in 14 days; stop once they complete a workout.",
        "eligibility",
        planner.catalog,
        [],
    )
    assert not isinstance(rule, Refusal | Policy)
    assert rule.audience == T("days_since_last_workout", "gte", 14)
    # "complete a workout" ends the lapse: an all-time count of at least one is already true for lapsed users
    assert rule.stop_conditions[0].condition == T("days_since_last_workout", "lt", 14)


@pytest.mark.parametrize(
    "prompt",
    [
        "Winback vs upgrade: users whose trial expired without paying should get the winback offer, trial users "
        "with medium or high intent should get the upgrade offer. Winback wins.",
        "Winback offer for users whose trial expired without paying; the upgrade offer for trial users with medium "
        "or high intent comes second.",
        "Nobody should get more than 2 messages a week. The winback offer for users whose trial expired without "
        "paying, then the upgrade offer for trial users with medium or high intent.",
    ],
)
def test_order_words_heads_and_caps(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    medium_high = AllOf(conditions=[T("upgrade_intent", "in", ["medium", "high"]), TRIAL])
    medium_high_first = AllOf(conditions=[TRIAL, T("upgrade_intent", "in", ["medium", "high"])])
    (first, p1, a1), (second, p2, a2) = order(policy)
    assert (first, p1, a1) == ("winback_offer", 1, EXPIRED)
    assert (second, p2) == ("upgrade_offer", 2) and a2 in (medium_high, medium_high_first)


def test_a_pronoun_in_an_order_statement_names_the_program_before(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Onboarding for new users should stop after their second workout; it ranks above the trial upgrade email "
        "for trial users.",
    )
    assert [(r.id, r.priority) for r in policy.rules] == [("onboarding", 1), ("trial_upgrade_email", 2)]
    assert policy.rules[0].stop_conditions[0].condition == T("workouts_completed", "gte", 2)
    assert [c.channel for c in policy.rules[1].channels] == ["email"]


def test_enumerated_programs_keep_their_own_audiences_under_a_shared_scope(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: (1) checkout reminder for users who started checkout, (2) pricing follow-up for users "
        "who viewed pricing. Stop the checkout reminder once they subscribe.",
    )
    assert order(policy) == [
        ("checkout_reminder", 1, AllOf(conditions=[TRIAL, T("checkout_attempts", "gte", 1)])),
        ("pricing_follow_up", 2, AllOf(conditions=[TRIAL, T("pricing_views", "gte", 1)])),
    ]
    assert policy.rules[0].stop_conditions[0].condition == T("subscription_status", "eq", "active")
    # a label that names no goal stops where the funnel its audience is in ends (viewing pricing leads to paying)
    assert [s.condition for s in policy.rules[1].stop_conditions] == [T("subscription_status", "eq", "active")]


def test_everyone_else_is_whoever_the_earlier_programs_miss(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "First the support check-in for users with open tickets, then the promo for everyone else."
    )
    assert order(policy) == [
        ("support_check_in", 1, T("open_tickets", "gte", 1)),
        ("promo", 2, T("open_tickets", "eq", 0)),
    ]
    assert [r.purpose for r in policy.rules] == ["service", "marketing"]


def test_prioritize_a_for_x_over_b_for_y_keeps_each_audience(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "Prioritize the winback offer for expired users over the upgrade offer for trial users."
    )
    assert order(policy) == [("winback_offer", 1, EXPIRED), ("upgrade_offer", 2, TRIAL)]


@pytest.mark.parametrize(
    "prompt",
    [
        "Trial-ending reminders for users whose trial ends in 2 days come first, then the upgrade nudge for "
        "other trial users.",
        "Users whose trial ends in 2 days should get trial-ending reminders; it wins over the generic upgrade "
        "nudge for trial users.",
        "Trial users should get the upgrade nudge and users whose trial ends in 2 days should get trial-ending "
        "reminders. Trial-ending reminders rank above the upgrade nudge.",
    ],
)
def test_placement_words_pronouns_and_label_pairs(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    assert order(policy) == [
        ("trial_ending_reminders", 1, T("trial_days_left", "lte", 2)),
        ("upgrade_nudge", 2, TRIAL),
    ]


def test_save_offer_ranked_above_in_the_same_sentence(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "High-intent users get the upgrade offer, at-risk users get the save offer, and the save offer ranks above "
        "the upgrade offer. Cap it at 2 messages per week.",
    )
    assert order(policy) == [("save_offer", 1, AT_RISK), ("upgrade_offer", 2, HIGH)]
    assert policy.frequency_cap is not None and policy.frequency_cap.max_sends == 2


def test_a_gapped_second_program_and_an_and_inside_an_audience(planner: CatalogPlanner) -> None:
    gapped = draft_policy(
        planner,
        "High-intent users should get the upgrade offer and at-risk users the save offer; the save offer wins.",
    )
    assert order(gapped) == [("save_offer", 1, AT_RISK), ("upgrade_offer", 2, HIGH)]
    inner = draft_policy(
        planner,
        "Trial users should get the upgrade offer and users who viewed pricing and compared plans should get the "
        "pricing follow-up.",
    )
    assert order(inner) == [
        ("upgrade_offer", 1, TRIAL),
        (
            "pricing_follow_up",
            2,
            AllOf(conditions=[T("pricing_views", "gte", 1), T("plan_comparisons", "gte", 1)]),
        ),
    ]
