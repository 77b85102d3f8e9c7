"""Decision prompts → policies: one rule per item in order, scope, goals, suppressions, caps, edge cases."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, ChannelStep, ConversionMetric, FrequencyCap

SEED = (
    "Define a priority order for trial users: (1) help users complete a second workout, (2) handle support "
    "issues, (3) upgrade messaging. Write the suppressions and stop conditions."
)
TRIAL = T("subscription_status", "eq", "trial")



def test_seed_decision_prompt(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, SEED)
    assert policy.id == "trial_policy"
    assert [(r.id, r.priority) for r in policy.rules] == [
        ("second_workout", 1),
        ("support_issues", 2),
        ("upgrade_messaging", 3),
    ]
    workout, support, upgrade = policy.rules
    assert workout.audience == AllOf(conditions=[TRIAL, T("workouts_completed", "eq", 1)])
    assert [s.condition for s in workout.stop_conditions] == [T("workouts_completed", "gte", 2)]
    assert workout.conversion == ConversionMetric(event="workout_completed", window_days=7)
    assert [(c.channel, c.delay_hours, c.only_if) for c in workout.channels] == [
        ("push", 0, "always"),
        ("email", 24, "previous_not_opened"),
    ]
    assert support.audience == AllOf(conditions=[TRIAL, T("open_tickets", "gte", 1)])
    assert [s.condition for s in support.stop_conditions] == [T("open_tickets", "eq", 0)]
    assert [c.channel for c in support.channels] == ["in_app", "email"]
    # support is service messaging: the built-in opt-out and open-ticket guards do not hold it back
    assert (support.purpose, workout.purpose, upgrade.purpose) == ("service", "marketing", "marketing")
    assert upgrade.audience == TRIAL
    assert [s.condition for s in upgrade.stop_conditions] == [T("subscription_status", "eq", "active")]
    assert upgrade.conversion == ConversionMetric(event="subscription_started", window_days=7)
    assert upgrade.channels == [ChannelStep(channel="email", template_key="upgrade_messaging_email")]
    sups = {s.id: s for s in policy.suppressions}
    assert sups["marketing_opt_out"].condition == T("marketing_opt_in", "eq", False)
    assert sups["open_support_ticket"].condition == T("open_tickets", "gte", 1)
    # open tickets hold the marketing rules, never the support rule itself
    assert sups["open_support_ticket"].applies_to == ["second_workout", "upgrade_messaging"]
    assert sups["marketing_opt_out"].applies_to == ["second_workout", "upgrade_messaging"]
    assert policy.frequency_cap == FrequencyCap(max_sends=3, per_days=7)
    text = " ".join(policy.edge_cases)
    for topic in (
        "several rules",
        "ticket opened mid-journey",
        "Converting mid-sequence",
        "trial ending",
        "opts out",
        "Push disabled",
    ):
        assert topic in text, topic
    assert workout.description == '(1) "help users complete a second workout"'


def test_numbered_list_with_dots_and_stated_cap(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Journey priorities for iOS users: 1. re-engage at-risk users 2. celebrate 7-day streaks "
        "3. convert users with high upgrade intent. No more than 2 messages per week.",
    )
    ios = T("device_os", "eq", "ios")
    assert [r.id for r in policy.rules] == ["re_engage_at_risk", "celebrate_7_day", "convert_high_upgrade"]
    assert policy.rules[0].audience == AllOf(conditions=[ios, T("activation_state", "eq", "at_risk")])
    assert [s.condition for s in policy.rules[0].stop_conditions] == [T("activation_state", "ne", "at_risk")]
    assert policy.rules[1].audience == AllOf(conditions=[ios, T("current_streak_days", "gte", 7)])
    assert policy.rules[2].audience == AllOf(
        conditions=[ios, T("upgrade_intent", "eq", "high"), T("subscription_status", "ne", "active")]
    )
    assert policy.frequency_cap == FrequencyCap(max_sends=2, per_days=7)
    # no support rule: the guards apply to every rule
    assert {s.id: s.applies_to for s in policy.suppressions} == {
        "marketing_opt_out": "all",
        "open_support_ticket": "all",
    }


def test_first_then_finally_sequence(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users, first help them finish 2 workouts, then handle open tickets, and finally push upgrades.",
    )
    assert [r.id for r in policy.rules] == ["finish_2_workouts", "open_tickets", "push_upgrades"]
    assert policy.rules[0].audience == AllOf(conditions=[TRIAL, T("workouts_completed", "eq", 1)])
    assert policy.rules[1].audience == AllOf(conditions=[TRIAL, T("open_tickets", "gte", 1)])
    assert policy.rules[2].audience == TRIAL


def test_third_yoga_workout_goal_uses_event_counts(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, "Priority: (1) drive a third yoga workout (2) get users to view pricing")
    yoga, pricing = policy.rules
    assert yoga.audience == E("workout_completed", "eq", 2, workout_type="yoga")
    assert [s.condition for s in yoga.stop_conditions] == [
        E("workout_completed", "gte", 3, workout_type="yoga")
    ]
    assert pricing.audience == T("pricing_views", "eq", 0)
    assert [s.condition for s in pricing.stop_conditions] == [T("pricing_views", "gte", 1)]
    assert pricing.conversion == ConversionMetric(event="pricing_viewed", window_days=7)


def test_prioritize_over_keeps_shared_scope(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, "Prioritize support issues over upgrade messaging for trial users.")
    assert [r.id for r in policy.rules] == ["support_issues", "upgrade_messaging"]
    assert policy.rules[0].audience == AllOf(conditions=[TRIAL, T("open_tickets", "gte", 1)])
    assert policy.rules[1].audience == TRIAL


def test_unnumbered_alternatives(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, "What should win for trial users: second workout or upgrade?")
    assert [r.id for r in policy.rules] == ["second_workout", "upgrade"]


def test_item_that_maps_to_nothing_is_refused_by_name(planner: CatalogPlanner) -> None:
    refusal = planner.draft(
        "Priority order: (1) upgrade messaging (2) celebrate birthdays", "decision", planner.catalog, []
    )
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == ["celebrate birthdays"]
    assert "celebrate birthdays" in refusal.reason
    assert refusal.suggestions


@pytest.mark.parametrize(
    "prompt", [SEED, "Prioritize support issues over upgrade messaging for trial users."]
)
def test_same_prompt_gives_identical_spec(catalog, prompt: str) -> None:  # type: ignore[no-untyped-def]
    first = CatalogPlanner(catalog).draft(prompt, "decision", catalog, [])
    second = CatalogPlanner(catalog).draft(prompt, "decision", catalog, [])
    assert first.model_dump_json() == second.model_dump_json()


def test_support_item_targets_open_tickets_whatever_the_verb(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priority order for Android users: (1) resolve support tickets (2) convert high intent users to paid",
    )
    android = T("device_os", "eq", "android")
    support, convert = policy.rules
    assert support.audience == AllOf(conditions=[android, T("open_tickets", "gte", 1)])
    assert convert.audience == AllOf(
        conditions=[android, T("upgrade_intent", "eq", "high"), T("subscription_status", "ne", "active")]
    )
    assert {s.id: s.applies_to for s in policy.suppressions}["open_support_ticket"] == ["convert_high_intent"]


def test_a_trait_named_twice_in_an_item_keeps_the_reading_with_the_number(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Set the journey priority: first re-engage lapsed users who haven't worked out in 10 days, "
        "then push committed users to upgrade",
    )
    assert policy.rules[0].audience == T("days_since_last_workout", "gte", 10)
    assert [s.condition for s in policy.rules[0].stop_conditions] == [T("days_since_last_workout", "lt", 10)]


def test_between_two_programs_with_a_trailing_scope(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "Decide arbitration between the streak reminder and the upgrade nudge for iOS users"
    )
    ios = T("device_os", "eq", "ios")
    assert [r.id for r in policy.rules] == ["streak_reminder", "upgrade_nudge"]
    assert policy.rules[0].audience == ios  # "streak" is what the reminder is about, not who gets it
